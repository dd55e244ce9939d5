package io.kerasj;

/**
 * Base of every exception kerasj throws for bad input: a model file it cannot read, an option it
 * does not implement, a weight of the wrong shape, or a prediction input of the wrong shape.
 *
 * <p>Callers that serve models from untrusted sources can catch this one type. Messages name the
 * file, the layer, the weight or the option, and give the expected against the actual value.
 */
public class KerasjException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public KerasjException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public KerasjException(String message, Throwable cause) {
    super(message, cause);
  }
}
