package io.kerasj.loader;

import java.util.Objects;

/**
 * Options for {@link KerasModels#load}: the custom-object registry and resource limits.
 * Immutable; start from {@link #defaults()} and derive with the {@code with*} methods.
 */
public final class LoadOptions {
  private static final LoadOptions DEFAULTS = new LoadOptions(CustomObjects.defaults(), 2L << 30, VectorCheck.NONE);

  private final CustomObjects customObjects;
  private final long maxBytes;
  private final VectorCheck vectorCheck;

  private LoadOptions(CustomObjects customObjects, long maxBytes, VectorCheck vectorCheck) {
    this.customObjects = customObjects;
    this.maxBytes = maxBytes;
    this.vectorCheck = vectorCheck;
  }

  /** Built-in layers plus {@code LNSimpleRNNCell}; files up to 2 GiB. */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another custom-object registry. */
  public LoadOptions withCustomObjects(CustomObjects customObjects) {
    return new LoadOptions(Objects.requireNonNull(customObjects, "customObjects"), maxBytes, vectorCheck);
  }

  /** The same options with another limit on the bytes read from a stream or archive entry. */
  public LoadOptions withMaxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    return new LoadOptions(customObjects, maxBytes, vectorCheck);
  }

  /** The custom-object registry. */
  public CustomObjects customObjects() {
    return customObjects;
  }

  /** The largest stream, file read into memory, or archive entry accepted. */
  public long maxBytes() {
    return maxBytes;
  }

  // ---- Test-vector check at load time (issue 6) ----

  /**
   * The same options, and the load runs the model on the test vector {@code vector} (see
   * {@link TestVector}) and refuses it with {@link VerificationException} when an output is out of
   * tolerance ({@link TestVector#DEFAULT_ATOL}, {@link TestVector#DEFAULT_RTOL} unless
   * {@link #withTestVectorTolerance} says otherwise). Applies to every load, from a file, bytes
   * or a stream.
   */
  public LoadOptions withTestVector(java.nio.file.Path vector) {
    Objects.requireNonNull(vector, "vector");
    return new LoadOptions(customObjects, maxBytes,
        new VectorCheck(vector, false, vectorCheck.atol, vectorCheck.rtol));
  }

  /**
   * The same options, and a load from a file checks the model against its sidecar test vector,
   * {@code <model file>.vectors.npz} in the same directory ({@link TestVector#sidecarOf}), refusing
   * the model when it is missing or does not match. Loads from bytes or streams have no file to
   * find a sidecar next to, and are refused.
   */
  public LoadOptions withSidecarTestVector() {
    return new LoadOptions(customObjects, maxBytes, new VectorCheck(null, true, vectorCheck.atol, vectorCheck.rtol));
  }

  /** The same options with the tolerances of the load-time test-vector check. */
  public LoadOptions withTestVectorTolerance(double atol, double rtol) {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative, got atol " + atol + ", rtol " + rtol);
    }
    return new LoadOptions(customObjects, maxBytes, new VectorCheck(vectorCheck.vector, vectorCheck.sidecar, atol, rtol));
  }

  /** The test vector checked at load time, or {@code null}. */
  public java.nio.file.Path testVector() {
    return vectorCheck.vector;
  }

  /** Whether a load from a file checks the model's sidecar test vector. */
  public boolean sidecarTestVector() {
    return vectorCheck.sidecar;
  }

  /** The absolute tolerance of the load-time test-vector check. */
  public double testVectorAtol() {
    return vectorCheck.atol;
  }

  /** The relative tolerance of the load-time test-vector check. */
  public double testVectorRtol() {
    return vectorCheck.rtol;
  }

  private static final class VectorCheck {
    static final VectorCheck NONE = new VectorCheck(null, false, TestVector.DEFAULT_ATOL, TestVector.DEFAULT_RTOL);
    final java.nio.file.Path vector;
    final boolean sidecar;
    final double atol;
    final double rtol;

    VectorCheck(java.nio.file.Path vector, boolean sidecar, double atol, double rtol) {
      this.vector = vector;
      this.sidecar = sidecar;
      this.atol = atol;
      this.rtol = rtol;
    }
  }
}
