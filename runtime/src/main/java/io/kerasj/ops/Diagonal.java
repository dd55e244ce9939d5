package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * {@code ops.diagonal(x, offset, axis1, axis2)} and {@code ops.trace} (its sum), as Keras'
 * TensorFlow backend computes them: the two axes moved last (in that order), then the elements
 * {@code [i, i + offset]} ({@code [i − offset, i]} below the diagonal) along a new last axis, none
 * when the offset is outside the matrix.
 */
public final class Diagonal extends Op {
  private final int offset;
  private final int axis1;
  private final int axis2;
  private final boolean trace;

  public Diagonal(String name, String kerasClass, int offset, int axis1, int axis2, boolean trace) {
    super(name, kerasClass, 1);
    this.offset = offset;
    this.axis1 = axis1;
    this.axis2 = axis2;
    this.trace = trace;
  }

  private int length(int n1, int n2) {
    return Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    int a = axis(axis1, s.length);
    int b = axis(axis2, s.length);
    if (a == b) {
      throw new IllegalArgumentException(who() + ": axis1 and axis2 are the same axis " + a);
    }
    int[] r = new int[trace ? s.length - 2 : s.length - 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != a && i != b) {
        r[k++] = s[i];
      }
    }
    if (!trace) {
      r[r.length - 1] = s[a] < 0 || s[b] < 0 ? -1 : length(s[a], s[b]);
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int a = axis(axis1, s.length);
    int b = axis(axis2, s.length);
    int[] out = shape(new int[][] {s});
    int len = length(s[a], s[b]);
    int[] stride = new int[s.length];
    int st = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      stride[i] = st;
      st *= s[i];
    }
    // The other axes, in order: an odometer over them gives each output row's base offset.
    int rank = s.length - 2;
    int[] dims = new int[rank];
    int[] strides = new int[rank];
    int rows = 1;
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != a && i != b) {
        dims[k] = s[i];
        strides[k++] = stride[i];
        rows *= s[i];
      }
    }
    float[] in = x.data();
    float[] r = Buffers.floats(trace ? rows : rows * len);
    int[] idx = new int[rank];
    int base = 0;
    int start1 = offset >= 0 ? 0 : -offset;
    int start2 = offset >= 0 ? offset : 0;
    for (int row = 0; row < rows; row++) {
      double sum = 0;
      for (int i = 0; i < len; i++) {
        float v = in[base + (start1 + i) * stride[a] + (start2 + i) * stride[b]];
        if (trace) {
          sum += v;
        } else {
          r[row * len + i] = v;
        }
      }
      if (trace) {
        r[row] = (float) sum;
      }
      for (int k = rank - 1; k >= 0; k--) {
        base += strides[k];
        if (++idx[k] < dims[k]) {
          break;
        }
        base -= strides[k] * dims[k];
        idx[k] = 0;
      }
    }
    return Tensor.of(r, out);
  }
}
