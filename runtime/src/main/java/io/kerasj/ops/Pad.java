package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * Constant padding, {@code ops.pad(x, pad_width, constant_values=v)} / {@code tf.pad(tensor,
 * paddings, constant_values=v)}: {@code before[i]} and {@code after[i]} entries of {@code v} around
 * axis {@code i}, the batch axis included.
 */
public final class Pad extends Op {
  private final int[] before;
  private final int[] after;
  private final float value;

  /** @throws IllegalArgumentException for negative or mismatched widths */
  public Pad(String name, String kerasClass, int[] before, int[] after, float value) {
    super(name, kerasClass, 1);
    if (before.length != after.length) {
      throw new IllegalArgumentException("padding widths of different lengths");
    }
    for (int i = 0; i < before.length; i++) {
      if (before[i] < 0 || after[i] < 0) {
        throw new IllegalArgumentException("negative padding " + before[i] + ", " + after[i] + " on axis " + i);
      }
    }
    this.before = before.clone();
    this.after = after.clone();
    this.value = value;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    if (s.length != before.length) {
      throw new InvalidInputException(who() + ": " + before.length + " padding widths for an input of rank " + s.length);
    }
    int[] r = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      r[i] = s[i] < 0 ? -1 : s[i] + before[i] + after[i];
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] out = shape(new int[][] {s});
    int rank = s.length;
    float[] dst = Buffers.floats(Math.toIntExact(size(out)));
    Arrays.fill(dst, 0, dst.length, value);
    float[] src = x.data();
    if (src.length == 0) {
      return Tensor.of(dst, out);
    }
    if (rank == 0) {
      dst[0] = src[0];
      return Tensor.of(dst, out);
    }
    int[] outStride = io.kerasj.internal.Strided.strides(out);
    int n = s[rank - 1];
    // Each run along the last axis is copied whole to its place in the output.
    int[] idx = new int[rank];
    for (int p = 0; p < src.length; p += n) {
      int o = before[rank - 1];
      for (int d = 0; d < rank - 1; d++) {
        o += (idx[d] + before[d]) * outStride[d];
      }
      System.arraycopy(src, p, dst, o, n);
      for (int d = rank - 2; d >= 0; d--) {
        if (++idx[d] < s[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return Tensor.of(dst, out);
  }
}
