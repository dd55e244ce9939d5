package io.kerasj;

/**
 * A layer class, an option value or a file feature that kerasj does not implement. Thrown at load
 * time, so that a model never runs with silently wrong math.
 */
public class UnsupportedFeatureException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public UnsupportedFeatureException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public UnsupportedFeatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
