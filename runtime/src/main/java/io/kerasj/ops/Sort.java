package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * {@code ops.sort} / {@code ops.argsort} and {@code tf.sort} / {@code tf.argsort} along one axis:
 * the values in order, or their indices (as float32 values). TensorFlow sorts with {@code top_k}
 * (of {@code -x} when ascending), so equal values keep their order, lower index first, in either
 * direction; {@code -0.0} and {@code 0.0} are equal. Rows holding NaN may be ordered otherwise than
 * by TensorFlow.
 */
public final class Sort extends Op {
  private final int axis;
  private final boolean indices;
  private final boolean descending;

  public Sort(String name, String kerasClass, int axis, boolean indices, boolean descending) {
    super(name, kerasClass, 1);
    this.axis = axis;
    this.indices = indices;
    this.descending = descending;
  }

  @Override
  protected int[] shape(int[][] in) {
    axis(axis, in[0].length);
    return in[0];
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int a = axis(axis, s.length);
    int n = s[a];
    int inner = 1;
    for (int i = a + 1; i < s.length; i++) {
      inner *= s[i];
    }
    int outer = n == 0 || inner == 0 ? 0 : x.size() / (n * inner);
    float[] in = x.data();
    float[] r = Buffers.floats(x.size());
    // (value's order key, index) in one long: one primitive sort per row, ties broken by index.
    long[] keys = new long[n];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int j = 0; j < n; j++) {
          float v = in[base + j * inner];
          int bits = Float.floatToIntBits(v == 0f ? 0f : v);
          int key = bits ^ ((bits >> 31) & 0x7fffffff); // signed order of the floats
          if (descending) {
            key = ~key;
          }
          keys[j] = (long) key << 32 | j;
        }
        Arrays.sort(keys);
        for (int j = 0; j < n; j++) {
          int src = (int) keys[j];
          r[base + j * inner] = indices ? src : in[base + src * inner];
        }
      }
    }
    return Tensor.of(r, s);
  }
}
