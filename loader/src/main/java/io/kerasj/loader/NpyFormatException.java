package io.kerasj.loader;

import io.kerasj.KerasjException;

/**
 * A {@code .npy} file that kerasj cannot read: not NumPy's format, truncated, or holding an array
 * layout or dtype other than little-endian float in C order. The message names the file, the
 * problem, and the expected against the actual value.
 *
 * <p>It extends {@link KerasjException} so that callers handle bad inputs and bad models alike.
 */
public class NpyFormatException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public NpyFormatException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
