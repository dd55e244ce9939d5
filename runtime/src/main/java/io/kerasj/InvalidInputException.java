package io.kerasj;

/** A prediction input of the wrong rank, feature count or size. */
public class InvalidInputException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public InvalidInputException(String message) {
    super(message);
  }
}
