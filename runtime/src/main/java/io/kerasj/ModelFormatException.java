package io.kerasj;

/** A model file (or byte array, or stream) that is corrupt, truncated or not a Keras model. */
public class ModelFormatException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public ModelFormatException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
