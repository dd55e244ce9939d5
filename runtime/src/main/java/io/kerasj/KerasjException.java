package io.kerasj;

/**
 * Base of every exception kerasj throws for bad input: a model file it cannot read, an option it
 * does not implement, a weight of the wrong shape, or a prediction input of the wrong shape.
 *
 * <p>Callers that serve models from untrusted sources can catch this one type. Messages name the
 * file, the layer, the weight or the option, and give the expected against the actual value.
 * Values from the file are quoted through {@link Messages}, so a message stays short and
 * printable whatever the file holds; as a last bound, a message is cut after {@value
 * #MAX_MESSAGE_CHARS} characters.
 */
public class KerasjException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The longest message kept; anything beyond is cut, saying how long it was. */
  public static final int MAX_MESSAGE_CHARS = 65_536;

  /** Creates an exception with the given message. */
  public KerasjException(String message) {
    super(bounded(message));
  }

  /** Creates an exception with the given message and cause. */
  public KerasjException(String message, Throwable cause) {
    super(bounded(message), cause);
  }

  private static String bounded(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_CHARS) + "… (message of " + message.length() + " chars cut)";
  }
}
