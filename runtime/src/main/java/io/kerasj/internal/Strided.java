package io.kerasj.internal;

import java.util.Arrays;

/**
 * Copies of a tensor read through arbitrary strides: the one kernel behind transposes, basic
 * slices (negative strides walk backwards) and broadcasts (stride 0 repeats a value).
 */
public final class Strided {
  private Strided() {}

  /** The row-major (C order) strides of a contiguous tensor of the given shape. */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int p = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      s[d] = p;
      p *= shape[d];
    }
    return s;
  }

  /**
   * Writes {@code dst[dstOff + k]} for every index of {@code shape} in row-major order {@code k},
   * reading {@code src[srcOff + Σ index[d] · stride[d]]}.
   */
  public static void gather(float[] src, int srcOff, int[] shape, int[] stride, float[] dst, int dstOff) {
    int rank = shape.length;
    long total = 1;
    for (int d : shape) {
      total *= d;
    }
    if (total == 0) {
      return;
    }
    if (rank == 0) {
      dst[dstOff] = src[srcOff];
      return;
    }
    int n = shape[rank - 1];
    int s = stride[rank - 1];
    int outer = (int) (total / n);
    int[] idx = new int[rank];
    int p = srcOff;
    int o = dstOff;
    for (int r = 0; r < outer; r++) {
      // The innermost axis is one run: a block copy, a fill, or a strided walk.
      if (s == 1) {
        System.arraycopy(src, p, dst, o, n);
      } else if (s == 0) {
        Arrays.fill(dst, o, o + n, src[p]);
      } else {
        for (int k = 0, q = p; k < n; k++, q += s) {
          dst[o + k] = src[q];
        }
      }
      o += n;
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        p += stride[d];
        if (idx[d] < shape[d]) {
          break;
        }
        p -= stride[d] * shape[d];
        idx[d] = 0;
      }
    }
  }

  /**
   * The transpose of a contiguous tensor: output axis {@code i} is input axis {@code perm[i]}.
   *
   * @return the output's shape
   */
  public static int[] transpose(float[] src, int[] shape, int[] perm, float[] dst) {
    int[] inStride = strides(shape);
    int[] outShape = new int[perm.length];
    int[] walk = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      outShape[i] = shape[perm[i]];
      walk[i] = inStride[perm[i]];
    }
    gather(src, 0, outShape, walk, dst, 0);
    return outShape;
  }

  /**
   * Joins contiguous tensors along one axis: with {@code outer} positions before that axis, each
   * tensor is {@code outer} runs, and output run {@code o} is every tensor's run {@code o} in turn.
   */
  public static void join(io.kerasj.Tensor[] inputs, int outer, float[] dst) {
    if (outer == 0) {
      return;
    }
    for (int o = 0, off = 0; o < outer; o++) {
      for (io.kerasj.Tensor t : inputs) {
        int w = t.size() / outer;
        System.arraycopy(t.data(), o * w, dst, off, w);
        off += w;
      }
    }
  }
}
