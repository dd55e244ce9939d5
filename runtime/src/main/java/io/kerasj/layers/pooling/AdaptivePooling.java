package io.kerasj.layers.pooling;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;

/**
 * Keras 3's adaptive pooling ({@code keras/src/layers/pooling/base_adaptive_pooling.py}) of one, two
 * and three spatial axes: each spatial axis of length {@code n} becomes {@code o = output_size}
 * windows, whatever {@code n} is.
 *
 * <p>The windows are those of Keras' TensorFlow backend ({@code backend/tensorflow/nn.py}, the
 * "two-pool gather"): with {@code small = ⌈n/o⌉}, window {@code i} starts at {@code ⌊i·n/o⌋} and
 * ends at {@code ⌈(i+1)·n/o⌉}, both computed in float32 as TensorFlow does, the start clipped to
 * {@code n−1} and the end to {@code n}; the window then spans {@code small + 1} positions when that
 * is its length, else {@code small}. Keras pools the axes one after the other (depth, then height,
 * then width), each time a float32 mean (sum in order, then one division) or maximum of a window
 * along that axis alone; an average is thus a mean of means, and this class computes it in that
 * order. TensorFlow's backend pools every position with a window of {@code small + 1} even where no
 * output uses it, and fails when that window is longer than the axis ({@code o = 1} or {@code n =
 * 1}); {@link #fits} says which sizes Keras can compute, and anything else is refused.
 */
public abstract class AdaptivePooling extends Layer {
  private final int dims;
  private final int[] outputSize;
  private final DataFormat format;
  private final boolean average;

  AdaptivePooling(String name, int[] outputSize, DataFormat format, boolean average) {
    super(name);
    this.dims = outputSize.length;
    for (int o : outputSize) {
      Checks.positive(name, "output_size", o);
    }
    this.outputSize = outputSize.clone();
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.average = average;
  }

  /** The output's length on each spatial axis. */
  public final int[] outputSize() {
    return outputSize.clone();
  }

  /** Where the channel axis is. */
  public final DataFormat dataFormat() {
    return format;
  }

  /**
   * Whether Keras' TensorFlow backend can pool an axis of length {@code n} into {@code o} windows:
   * its window of {@code ⌈n/o⌉ + 1} positions must fit in the axis, and every window must end
   * inside it.
   */
  public static boolean fits(int n, int o) {
    if (n < 1 || o < 1 || small(n, o) + 1 > n) {
      return false;
    }
    for (int i = 0; i < o; i++) {
      if (start(i, n, o) + length(i, n, o) > n) {
        return false;
      }
    }
    return true;
  }

  // math.ceil(n / o) as Python computes it: exact for any int sizes.
  private static int small(int n, int o) {
    return (n + o - 1) / o;
  }

  /** The first position of window {@code i} of {@code o} on an axis of length {@code n}. */
  static int start(int i, int n, int o) {
    // float32, as tf.floor(tf.cast(range(o), float32) * n / o): the same rounding, hence the same windows.
    int s = (int) Math.floor((float) i * (float) n / (float) o);
    return Math.min(s, n - 1);
  }

  /** The number of positions in window {@code i} of {@code o} on an axis of length {@code n}. */
  static int length(int i, int n, int o) {
    int end = Math.min((int) Math.ceil((float) (i + 1) * (float) n / (float) o), n);
    int small = small(n, o);
    return end - start(i, n, o) == small + 1 ? small + 1 : small;
  }

  // The streaming property does not hold: a window spans many steps.
  @Override
  public final boolean isStreamable() {
    return false;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    int c = Spatial.check(name(), inputShape, dims, format, -1);
    return Spatial.shape(inputShape[0], outputSize, c, format);
  }

  @Override
  public final Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, dims, format, -1);
    int[] shape = x.shape();
    int batch = shape[0];
    int[] in = Spatial.sizes(shape, format);
    for (int a = 0; a < dims; a++) {
      if (!fits(in[a], outputSize[a])) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": spatial axis " + (a + 1) + " of length "
            + in[a] + " cannot be pooled into " + outputSize[a] + " (Keras' TensorFlow backend needs a window of "
            + (small(Math.max(in[a], 1), outputSize[a]) + 1) + " positions to fit), input " + java.util.Arrays.toString(shape));
      }
    }
    float[] cur = x.data();
    if (format == DataFormat.CHANNELS_FIRST) {
      cur = Spatial.toChannelsLast(cur, batch, c, Spatial.product(in));
    }
    boolean owned = format == DataFormat.CHANNELS_FIRST;
    // channels_last (batch, n0, n1, n2, c): pooling axis a is (outer, n[a], inner) with the axes
    // before it (already pooled) in outer and the ones after it, channels included, in inner.
    int[] sizes = in.clone();
    for (int a = 0; a < dims; a++) {
      int outer = batch;
      for (int b = 0; b < a; b++) {
        outer *= sizes[b];
      }
      int inner = c;
      for (int b = a + 1; b < dims; b++) {
        inner *= sizes[b];
      }
      int n = sizes[a];
      int o = outputSize[a];
      float[] next = Buffers.floatsToOverwrite(Math.multiplyExact(Math.multiplyExact(outer, o), inner));
      poolAxis(cur, next, outer, n, o, inner);
      if (owned) {
        Buffers.release(cur);
      }
      cur = next;
      owned = true;
      sizes[a] = o;
    }
    if (format == DataFormat.CHANNELS_FIRST) {
      float[] first = Spatial.toChannelsFirst(cur, batch, Spatial.product(outputSize), c);
      Buffers.release(cur);
      cur = first;
    }
    return Tensor.of(cur, outputShape(shape));
  }

  // (outer, n, inner) → (outer, o, inner): the mean or maximum of each window along the middle axis.
  private void poolAxis(float[] in, float[] out, int outer, int n, int o, int inner) {
    for (int i = 0; i < o; i++) {
      int s = start(i, n, o);
      int len = length(i, n, o);
      for (int a = 0; a < outer; a++) {
        int dst = (a * o + i) * inner;
        int src = (a * n + s) * inner;
        System.arraycopy(in, src, out, dst, inner);
        for (int k = 1; k < len; k++) {
          int row = src + k * inner;
          if (average) {
            for (int q = 0; q < inner; q++) {
              out[dst + q] += in[row + q];
            }
          } else {
            for (int q = 0; q < inner; q++) {
              out[dst + q] = Math.max(out[dst + q], in[row + q]);
            }
          }
        }
        if (average) {
          float count = len;
          for (int q = 0; q < inner; q++) {
            out[dst + q] /= count;
          }
        }
      }
    }
  }
}
