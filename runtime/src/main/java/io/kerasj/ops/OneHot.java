package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * {@code ops.one_hot(x, num_classes, axis)} and {@code tf.one_hot(indices, depth, on_value,
 * off_value, axis)}: a new axis of {@code depth} entries, {@code on} at each element's value (an
 * integer index) and {@code off} elsewhere; an index outside {@code [0, depth)} gives a row of
 * {@code off}, as TensorFlow does.
 */
public final class OneHot extends Op {
  private final int depth;
  private final int axis; // in the output; -1 = last
  private final float on;
  private final float off;

  /** @param axis where the new axis goes in the output (-1: last) */
  public OneHot(String name, String kerasClass, int depth, int axis, float on, float off) {
    super(name, kerasClass, 1);
    if (depth < 0) {
      throw new IllegalArgumentException("depth " + depth + " is negative");
    }
    this.depth = depth;
    this.axis = axis;
    this.on = on;
    this.off = off;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    int a = axis(axis, s.length + 1);
    int[] r = new int[s.length + 1];
    for (int i = 0, j = 0; i < r.length; i++) {
      r[i] = i == a ? depth : s[j++];
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] outShape = shape(new int[][] {s});
    int a = axis(axis, s.length + 1);
    // Input (outer, inner) around the new axis: output (outer, depth, inner).
    int inner = 1;
    for (int i = a; i < s.length; i++) {
      inner *= s[i];
    }
    float[] in = x.data();
    float[] out = Buffers.floats(in.length * depth);
    Arrays.fill(out, 0, in.length * depth, off);
    for (int p = 0; p < in.length; p++) {
      float v = in[p];
      // An integer index: float values are the integers an integer tensor held.
      if (v >= 0 && v < depth) {
        int o = p / inner;
        int q = p % inner;
        out[(o * depth + (int) v) * inner + q] = on;
      }
    }
    return Tensor.of(out, outShape);
  }
}
