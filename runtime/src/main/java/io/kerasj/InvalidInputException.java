package io.kerasj;

/**
 * A prediction input of the wrong rank, feature count or size: a {@link ShapeMismatchException}
 * between the input and what the model or layer expects.
 */
public class InvalidInputException extends ShapeMismatchException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public InvalidInputException(String message) {
    super(message);
  }
}
