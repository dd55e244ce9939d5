package io.kerasj.layers.normalization;

import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

/**
 * Keras {@code BatchNormalization} at inference, over the last axis:
 * {@code (x − moving_mean) / sqrt(moving_variance + epsilon) · gamma + beta}.
 *
 * <p>Like TensorFlow's {@code batch_normalization}, the per-channel factor and offset are folded
 * once ({@code inv = gamma / sqrt(var + ε)}, {@code shift = beta − mean · inv}) and each value is
 * {@code x · inv + shift}; here they are kept in double precision and each output rounded once.
 * Keras counts gamma and beta as trainable and the moving statistics as non-trainable.
 */
public final class BatchNormalization extends Layer {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int size;
  private final boolean scale;
  private final boolean center;
  private final double[] inv;
  private final double[] shift;

  /**
   * @param size channels (the last axis)
   * @param gamma scale, or {@code null} for {@code scale=False}
   * @param beta offset, or {@code null} for {@code center=False}
   */
  public BatchNormalization(String name, int size, float epsilon, float[] gamma, float[] beta, float[] movingMean,
                            float[] movingVariance) {
    super(name);
    Checks.positive(name, "channels", size);
    this.size = size;
    this.scale = gamma != null;
    this.center = beta != null;
    if (gamma != null) {
      Checks.weight(name, "gamma", gamma, size);
    }
    if (beta != null) {
      Checks.weight(name, "beta", beta, size);
    }
    Checks.weight(name, "moving_mean", movingMean, size);
    Checks.weight(name, "moving_variance", movingVariance, size);
    inv = new double[size];
    shift = new double[size];
    for (int c = 0; c < size; c++) {
      // epsilon is a float32 in TensorFlow, added to the float32 variance.
      double i = 1.0 / Math.sqrt((double) movingVariance[c] + (double) epsilon);
      if (gamma != null) {
        i *= gamma[c];
      }
      inv[c] = i;
      shift[c] = (beta == null ? 0.0 : beta[c]) - movingMean[c] * i;
    }
  }

  /** Number of channels. */
  public int size() {
    return size;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "BatchNormalization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return (scale ? size : 0) + (center ? size : 0);
  }

  @Override
  public long nonTrainableParams() {
    return 2L * size;
  }

  @Override
  public Tensor call(Tensor x) {
    Checks.lastDim(name(), x, 2, size);
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int o = 0; o < in.length; o += size) {
      for (int c = 0; c < size; c++) {
        out[o + c] = (float) (in[o + c] * inv[c] + shift[c]);
      }
    }
    return Tensor.of(out, x.shape());
  }
}
