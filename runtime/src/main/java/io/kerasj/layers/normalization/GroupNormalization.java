package io.kerasj.layers.normalization;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code GroupNormalization}: the channels of the {@code axis} axis split into {@code groups}
 * groups, each normalized with the mean and biased variance over its channels and every axis but
 * the batch, then {@code x · inv + (beta − mean · inv)} with {@code inv = rsqrt(var + ε) · gamma}
 * (per channel). Statistics in double precision, rounded once.
 *
 * <p>A time-step mask passes through unchanged in Keras 3, which ignores it. tf-keras weighs the
 * statistics by the mask broadcast to the input, which fails in TensorFlow for a {@code (batch,
 * time)} mask on {@code (batch, time, channels)} data; such a mask is refused.
 */
public final class GroupNormalization extends Layer {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int groups;
  private final int axis; // counted from the end (negative)
  private final int channels;
  private final float epsilon;
  private final float[] gamma;
  private final float[] beta;
  private final boolean keras3;

  /**
   * @param axis the channel axis counted from the end ({@code -1}: the last)
   * @param channels the channel axis' size, a multiple of {@code groups}
   * @param gamma {@code (channels)} or {@code null} ({@code scale=False})
   * @param beta {@code (channels)} or {@code null} ({@code center=False})
   * @param keras3 whether Keras 3 saved the model (which decides how a mask is handled)
   */
  public GroupNormalization(String name, int groups, int axis, int channels, float epsilon, float[] gamma,
                            float[] beta, boolean keras3) {
    super(name);
    Checks.positive(name, "groups", groups);
    Checks.positive(name, "channels", channels);
    if (channels % groups != 0) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": " + channels
          + " channels do not split into " + groups + " groups");
    }
    if (axis >= 0) {
      throw new InvalidInputException("layer " + Messages.quote(name) + ": the axis must be counted from the end, got "
          + axis);
    }
    this.groups = groups;
    this.axis = axis;
    this.channels = channels;
    this.epsilon = epsilon;
    this.gamma = gamma == null ? null : Checks.weight(name, "gamma", gamma, channels);
    this.beta = beta == null ? null : Checks.weight(name, "beta", beta, channels);
    this.keras3 = keras3;
  }

  @Override
  public String kerasClass() {
    return "GroupNormalization";
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // The statistics span every axis but the batch: a chunk of a sequence normalizes differently.
  @Override
  public boolean isStreamable() {
    return false;
  }

  @Override
  public long trainableParams() {
    return (gamma == null ? 0 : channels) + (beta == null ? 0 : channels);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    if (!keras3 && masks != null && masks.length > 0 && masks[0] != null) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": a (batch, time) mask reaches a tf-keras "
          + "GroupNormalization, which broadcasts it to the input's shape; TensorFlow refuses that too");
    }
    return super.forward(inputs, masks, state);
  }

  @Override
  public Tensor call(Tensor x) {
    int[] shape = x.shape();
    int rank = shape.length;
    int a = rank + axis;
    if (a <= 0 || shape[a] != channels) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": expected " + channels
          + " channels on axis " + axis + ", got shape " + Arrays.toString(shape));
    }
    int batch = shape[0];
    int pre = 1;
    for (int d = 1; d < a; d++) {
      pre *= shape[d];
    }
    int post = 1;
    for (int d = a + 1; d < rank; d++) {
      post *= shape[d];
    }
    int per = channels / groups;
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    long n = (long) pre * per * post;
    int sample = pre * channels * post;
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        double sum = 0;
        for (int p = 0; p < pre; p++) {
          int o = b * sample + (p * channels + g * per) * post;
          for (int i = 0, len = per * post; i < len; i++) {
            sum += in[o + i];
          }
        }
        double mean = sum / n;
        double sq = 0;
        for (int p = 0; p < pre; p++) {
          int o = b * sample + (p * channels + g * per) * post;
          for (int i = 0, len = per * post; i < len; i++) {
            double d = in[o + i] - mean;
            sq += d * d;
          }
        }
        double rs = 1.0 / Math.sqrt(sq / n + epsilon);
        for (int c = g * per; c < (g + 1) * per; c++) {
          double inv = gamma == null ? rs : rs * gamma[c];
          double shift = (beta == null ? 0.0 : beta[c]) - mean * inv;
          for (int p = 0; p < pre; p++) {
            int o = b * sample + (p * channels + c) * post;
            for (int q = 0; q < post; q++) {
              out[o + q] = (float) (in[o + q] * inv + shift);
            }
          }
        }
      }
    }
    return Tensor.of(out, shape);
  }
}
