package io.kerasj.loader;

import io.kerasj.KerasjException;

/**
 * A model whose outputs differ from a test vector's recorded outputs by more than the tolerance;
 * thrown by a load that checks a test vector ({@link LoadOptions#withTestVector}) and by
 * {@link VerificationResult#requirePassed()}. The message is the per-output table.
 */
public class VerificationException extends KerasjException {
  private static final long serialVersionUID = 1L;

  private final transient VerificationResult result;

  /** Creates an exception for a failed verification. */
  public VerificationException(String message, VerificationResult result) {
    super(message);
    this.result = result;
  }

  /** The verification that failed. */
  public VerificationResult result() {
    return result;
  }
}
