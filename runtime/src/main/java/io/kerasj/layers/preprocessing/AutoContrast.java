package io.kerasj.layers.preprocessing;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;

/**
 * Keras 3's {@code AutoContrast}, which acts at inference too: each image's values are mapped from
 * {@code value_range} to {@code [0, 255]}, stretched so that the lowest value of each (image, last
 * axis index) becomes 0 and the highest 255, clipped, and mapped back. The low and high are taken
 * over axes 1 and 2 whatever the {@code data_format} (Keras reduces over those axes in both).
 * Values whose result is NaN (a constant channel, where the scale is 255 / 0) keep their input
 * value, as Keras' final {@code where(isnan(results), original_images, results)} does. The float32
 * operations are Keras' in its order, so results match TensorFlow's bit for bit.
 */
public final class AutoContrast extends Layer {
  private final float low;
  private final float high;
  private final boolean identityRange;

  /**
   * @param low the lower end of {@code value_range} (after Keras sorts the pair)
   * @param high its upper end
   */
  public AutoContrast(String name, float low, float high) {
    super(name);
    this.low = low;
    this.high = high;
    // _transform_value_range returns the images untouched when the ranges are equal.
    this.identityRange = low == 0f && high == 255f;
  }

  @Override
  public String kerasClass() {
    return "AutoContrast";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (inputShape.length != 4) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (AutoContrast) expects a batch of images "
          + "of rank 4, gets shape " + Model.formatShape(inputShape));
    }
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor x) {
    outputShape(x.shape());
    int batch = x.dim(0);
    int plane = Math.multiplyExact(x.dim(1), x.dim(2));
    int last = x.dim(3);
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    for (int i = 0; i < in.length; i++) {
      out[i] = identityRange ? in[i] : toPixels(in[i]);
    }
    float[] lows = Buffers.floats(last);
    float[] highs = Buffers.floats(last);
    for (int b = 0; b < batch; b++) {
      int base = b * plane * last;
      for (int k = 0; k < last; k++) {
        lows[k] = Float.POSITIVE_INFINITY;
        highs[k] = Float.NEGATIVE_INFINITY;
      }
      for (int p = 0; p < plane; p++) {
        int at = base + p * last;
        for (int k = 0; k < last; k++) {
          float v = out[at + k];
          // TensorFlow's reductions propagate NaN; Math.min / max do too.
          lows[k] = Math.min(lows[k], v);
          highs[k] = Math.max(highs[k], v);
        }
      }
      for (int p = 0; p < plane; p++) {
        int at = base + p * last;
        for (int k = 0; k < last; k++) {
          float scale = 255f / (highs[k] - lows[k]);
          float offset = -lows[k] * scale;
          float r = out[at + k] * scale + offset;
          r = Math.min(Math.max(r, 0f), 255f); // tf.clip_by_value keeps NaN, as Math.min / max do
          if (!identityRange) {
            r = fromPixels(r);
          }
          out[at + k] = Float.isNaN(r) ? in[at + k] : r;
        }
      }
    }
    Buffers.release(lows);
    Buffers.release(highs);
    return Tensor.of(out, x.shape());
  }

  /** {@code _transform_value_range(x, value_range, (0, 255))}: {@code (x − lo) / (hi − lo) · (255 − 0) + 0}. */
  private float toPixels(float v) {
    return (v - low) / (high - low) * (255f - 0f) + 0f;
  }

  /** {@code _transform_value_range(x, (0, 255), value_range)}: {@code (x − 0) / (255 − 0) · (hi − lo) + lo}. */
  private float fromPixels(float v) {
    return (v - 0f) / (255f - 0f) * (high - low) + low;
  }
}
