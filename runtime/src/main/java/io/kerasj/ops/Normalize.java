package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * L2 normalization along some axes, {@code x · min(1/√Σx², cap)}: Keras 3's {@code
 * ops.normalize(x, axis)} (cap {@code 1/epsilon}) and TensorFlow's {@code tf.math.l2_normalize(x,
 * axis, epsilon)} ({@code rsqrt(max(Σx², epsilon))}, i.e. cap {@code 1/√epsilon}). The sum of
 * squares accumulates in double precision.
 */
public final class Normalize extends Op {
  private final int[] axes; // null: every axis
  private final float cap;
  private volatile Object[] cache; // {shape, AxisGroups}: the groups of the last input shape


  /**
   * @param axes the axes normalized together (negative count from the end), or {@code null} for all
   * @param cap the largest factor applied (where the norm is near 0)
   */
  public Normalize(String name, String kerasClass, int[] axes, float cap) {
    super(name, kerasClass, 1);
    this.axes = axes == null ? null : axes.clone();
    this.cap = cap;
  }

  @Override
  protected int[] shape(int[][] in) {
    resolve(in[0].length);
    return in[0].clone();
  }

  private int[] resolve(int rank) {
    int[] r = new int[axes == null ? rank : axes.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = axes == null ? i : axis(axes[i], rank);
    }
    Arrays.sort(r);
    for (int i = 1; i < r.length; i++) {
      if (r[i] == r[i - 1]) {
        throw new InvalidInputException(who() + ": axes " + Arrays.toString(axes) + " name axis " + r[i] + " twice");
      }
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    Object[] c = cache;
    if (c == null || !io.kerasj.internal.Broadcast.fits((int[]) c[0], x)) {
      c = new Object[] {x.shape(), AxisGroups.of(x.shape(), resolve(x.rank()))};
      cache = c;
    }
    AxisGroups g = (AxisGroups) c[1];
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      double s = 0;
      for (int k = 0; k < g.size; k++) {
        double v = in[base + g.at(k)];
        s += v * v;
      }
      float inv = Math.min((float) (1.0 / Math.sqrt(s)), cap);
      for (int k = 0; k < g.size; k++) {
        int i = base + g.at(k);
        out[i] = in[i] * inv;
      }
    }
    return Tensor.of(out, x.shape());
  }
}
