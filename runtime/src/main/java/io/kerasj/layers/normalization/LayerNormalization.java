package io.kerasj.layers.normalization;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

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
    final int n = size;
    final double eps = epsilon;
    for (int r = 0; r < rows; r++) {
      final int o = off + r * n;
      // Four partial sums: a single accumulator is one chain of dependent double adds, which for
      // the small rows of a recurrent cell costs more than the rest of the normalization.
      double m0 = 0;
      double m1 = 0;
      double m2 = 0;
      double m3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        m0 += a[o + i];
        m1 += a[o + i + 1];
        m2 += a[o + i + 2];
        m3 += a[o + i + 3];
      }
      for (; i < n; i++) {
        m0 += a[o + i];
      }
      final double mean = ((m0 + m1) + (m2 + m3)) / n;
      double v0 = 0;
      double v1 = 0;
      double v2 = 0;
      double v3 = 0;
      i = 0;
      for (; i + 3 < n; i += 4) {
        double d0 = a[o + i] - mean;
        double d1 = a[o + i + 1] - mean;
        double d2 = a[o + i + 2] - mean;
        double d3 = a[o + i + 3] - mean;
        v0 += d0 * d0;
        v1 += d1 * d1;
        v2 += d2 * d2;
        v3 += d3 * d3;
      }
      for (; i < n; i++) {
        double d = a[o + i] - mean;
        v0 += d * d;
      }
      final double var = ((v0 + v1) + (v2 + v3)) / n;
      final double inv = 1.0 / Math.sqrt(var + eps);
      final double center = rmsScaling ? 0.0 : mean;
      if (gamma != null && beta != null && !rmsScaling) {
        for (i = 0; i < n; i++) {
          a[o + i] = (float) ((a[o + i] - center) * inv * gamma[i] + beta[i]);
        }
      } else {
        for (i = 0; i < n; i++) {
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
}
