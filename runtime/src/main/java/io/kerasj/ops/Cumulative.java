package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * Running sums or products along one axis: {@code ops.cumsum} / {@code ops.cumprod} (the
 * flattened tensor when the axis is None) and {@code tf.math.cumsum} / {@code tf.math.cumprod}
 * (with {@code exclusive} and {@code reverse}). Accumulates in float32 in order, as TensorFlow's
 * scan does on CPU.
 */
public final class Cumulative extends Op {
  private final boolean product;
  private final Integer axis; // null: the flattened tensor
  private final boolean exclusive;
  private final boolean reverse;

  /**
   * @param product running products instead of sums
   * @param axis the axis (negative counts from the end), or {@code null} for the flattened tensor
   * @param exclusive element {@code i} combines the elements before {@code i} only
   * @param reverse run from the end of the axis
   */
  public Cumulative(String name, String kerasClass, boolean product, Integer axis, boolean exclusive, boolean reverse) {
    super(name, kerasClass, 1);
    this.product = product;
    this.axis = axis;
    this.exclusive = exclusive;
    this.reverse = reverse;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    if (axis == null) {
      long n = 1;
      for (int d : s) {
        if (d < 0) {
          return new int[] {-1};
        }
        n *= d;
      }
      return new int[] {(int) n};
    }
    axis(axis, s.length);
    return s.clone();
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = axis == null ? new int[] {x.size()} : x.shape();
    int a = axis == null ? 0 : axis(axis, s.length);
    // Axis a alone: `count` runs of `n` elements, `stride` apart within a run.
    int n = s[a];
    int stride = 1;
    for (int i = a + 1; i < s.length; i++) {
      stride *= s[i];
    }
    int count = n == 0 ? 0 : x.size() / n;
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    float start = product ? 1f : 0f;
    for (int r = 0; r < count; r++) {
      int base = (r / stride) * n * stride + r % stride;
      float acc = start;
      for (int k = 0; k < n; k++) {
        int i = base + (reverse ? n - 1 - k : k) * stride;
        float v = in[i];
        if (exclusive) {
          out[i] = acc;
          acc = product ? acc * v : acc + v;
        } else {
          acc = product ? acc * v : acc + v;
          out[i] = acc;
        }
      }
    }
    return Tensor.of(out, s);
  }
}
