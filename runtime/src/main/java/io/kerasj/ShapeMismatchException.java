package io.kerasj;

/** A weight whose shape (or count) differs from what the layer's configuration requires. */
public class ShapeMismatchException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public ShapeMismatchException(String message) {
    super(message);
  }
}
