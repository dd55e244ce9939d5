package io.kerasj.loader;

import io.kerasj.KerasjException;

/**
 * A test vector that cannot be used with a model: the file is not a test vector, or its input or
 * output names, counts or shapes do not match the model. The message names the input or output
 * and gives both shapes.
 */
public class TestVectorException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public TestVectorException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public TestVectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
