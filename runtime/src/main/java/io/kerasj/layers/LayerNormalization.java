package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code LayerNormalization} over the last axis:
 * {@code (x − mean) · rsqrt(var + epsilon) · gamma + beta}, with the biased variance of each row.
 *
 * <p>Statistics are two-pass and in double precision, which is what TensorFlow's kernels
 * approximate; Keras' default epsilon is 1e-3 (not 1e-5).
 */
public final class LayerNormalization extends Layer {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int size;
  private final float epsilon;
  private final float[] gamma; // (size) or null when scale=False
  private final float[] beta;  // (size) or null when center=False
  private final boolean rmsScaling;

  /**
   * @param size the length of the normalized last axis
   * @param gamma scale, or {@code null} for {@code scale=False}
   * @param beta offset, or {@code null} for {@code center=False}
   * @param rmsScaling Keras 3's {@code rms_scaling}: {@code x · rsqrt(var + ε) · gamma}, no centring
   */
  public LayerNormalization(String name, int size, float epsilon, float[] gamma, float[] beta, boolean rmsScaling) {
    super(name);
    Checks.positive(name, "normalized size", size);
    this.size = size;
    this.epsilon = epsilon;
    this.gamma = gamma == null ? null : Checks.weight(name, "gamma", gamma, size).clone();
    this.beta = beta == null ? null : Checks.weight(name, "beta", beta, size).clone();
    this.rmsScaling = rmsScaling;
  }

  /** A layer with Keras' defaults: epsilon 1e-3, scale and centre. */
  public LayerNormalization(String name, float[] gamma, float[] beta) {
    this(name, gamma.length, DEFAULT_EPSILON, gamma, beta, false);
  }

  /** Length of the normalized axis. */
  public int size() {
    return size;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "LayerNormalization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return (gamma == null ? 0 : size) + (beta == null ? 0 : size);
  }

  @Override
  public Tensor call(Tensor x) {
    Checks.lastDim(name(), x, 1, size);
    float[] out = Buffers.floats(x.size());
    System.arraycopy(x.data(), 0, out, 0, out.length);
    normalize(out, 0, out.length / size);
    return Tensor.of(out, x.shape());
  }

  /** Normalizes {@code rows} contiguous rows of length {@link #size()} in place. */
  public void normalize(float[] a, int off, int rows) {
    for (int r = 0; r < rows; r++) {
      int o = off + r * size;
      double mean = 0;
      for (int i = 0; i < size; i++) {
        mean += a[o + i];
      }
      mean /= size;
      double var = 0;
      for (int i = 0; i < size; i++) {
        double d = a[o + i] - mean;
        var += d * d;
      }
      var /= size;
      double inv = 1.0 / Math.sqrt(var + epsilon);
      double center = rmsScaling ? 0.0 : mean;
      for (int i = 0; i < size; i++) {
        double y = (a[o + i] - center) * inv;
        if (gamma != null) {
          y *= gamma[i];
        }
        if (beta != null && !rmsScaling) {
          y += beta[i];
        }
        a[o + i] = (float) y;
      }
    }
  }
}
