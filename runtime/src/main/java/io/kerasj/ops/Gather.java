package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * Selection along one axis by constant indices: {@code ops.take(x, indices, axis)} (negative
 * indices count from the end, as Keras 3 corrects them) and {@code tf.gather(params, indices,
 * axis)} (negative indices are refused, as TensorFlow refuses them on CPU). The indices' shape
 * replaces the axis.
 */
public final class Gather extends Op {
  private final int[] indices;
  private final int[] indicesShape;
  private final int axis;
  private final boolean wrapNegative;

  /**
   * @param indices the positions, row-major over {@code indicesShape}
   * @param axis the axis selected along (negative counts from the end)
   * @param wrapNegative whether index {@code -1} is the last position (else a negative index is an error)
   * @throws IllegalArgumentException if {@code indices} does not fill {@code indicesShape}
   */
  public Gather(String name, String kerasClass, int[] indices, int[] indicesShape, int axis, boolean wrapNegative) {
    super(name, kerasClass, 1);
    long n = 1;
    for (int d : indicesShape) {
      n *= d;
    }
    if (n != indices.length) {
      throw new IllegalArgumentException(indices.length + " indices for the shape " + Arrays.toString(indicesShape));
    }
    this.indices = indices.clone();
    this.indicesShape = indicesShape.clone();
    this.axis = axis;
    this.wrapNegative = wrapNegative;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    int a = axis(axis, s.length);
    if (s[a] >= 0) {
      check(s[a]);
    }
    int[] r = new int[s.length - 1 + indicesShape.length];
    System.arraycopy(s, 0, r, 0, a);
    System.arraycopy(indicesShape, 0, r, a, indicesShape.length);
    System.arraycopy(s, a + 1, r, a + indicesShape.length, s.length - a - 1);
    return r;
  }

  /** Refuses an index outside an axis of size {@code n}. */
  private void check(int n) {
    for (int v : indices) {
      if (v >= n || v < (wrapNegative ? -n : 0)) {
        throw new InvalidInputException(who() + ": index " + v + " is out of range for an axis of size " + n);
      }
    }
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] out = shape(new int[][] {s});
    int a = axis(axis, s.length);
    int n = s[a];
    int outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= s[i];
    }
    int inner = 1;
    for (int i = a + 1; i < s.length; i++) {
      inner *= s[i];
    }
    int k = indices.length;
    float[] in = x.data();
    float[] dst = Buffers.floats(outer * k * inner);
    for (int j = 0; j < k; j++) {
      int p = indices[j] < 0 ? indices[j] + n : indices[j]; // checked by shape(), which runs first
      for (int o = 0; o < outer; o++) {
        System.arraycopy(in, (o * n + p) * inner, dst, (o * k + j) * inner, inner);
      }
    }
    return Tensor.of(dst, out);
  }
}
