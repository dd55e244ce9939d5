package io.kerasj;

/**
 * A shape (or count) that differs from what the layer's configuration requires: of a weight, or, as
 * the subclass {@link InvalidInputException}, of a prediction input.
 */
public class ShapeMismatchException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public ShapeMismatchException(String message) {
    super(message);
  }
}
