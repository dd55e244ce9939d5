package io.kerasj.spark;

import io.kerasj.KerasjException;

/**
 * What kerasj-spark throws: a model file that cannot be read or parsed (the cause is the loader's
 * exception), a column that does not fit the model, an invalid row under {@code handleInvalid =
 * "error"} (the message names the partition, the row's position in it and the column), or a model
 * Spark cannot score (a {@code stateful=True} one).
 *
 * <p>On an executor it fails the task; Spark then reports it inside its {@code SparkException},
 * whose message carries this one's.
 */
public class KerasjSparkException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public KerasjSparkException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public KerasjSparkException(String message, Throwable cause) {
    super(message, cause);
  }
}
