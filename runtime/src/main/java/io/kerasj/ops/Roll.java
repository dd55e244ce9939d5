package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * {@code ops.roll(x, shift, axis)} / {@code tf.roll}: elements moved {@code shift} places along
 * each axis, wrapping around (shifts of an axis named twice add up); with no axis, along the
 * flattened tensor, batch axis included.
 */
public final class Roll extends Op {
  private final int[] shifts;
  private final int[] axes; // null: the flattened tensor

  public Roll(String name, String kerasClass, int[] shifts, int[] axes) {
    super(name, kerasClass, 1);
    if (axes != null ? shifts.length != axes.length : shifts.length != 1) {
      throw new IllegalArgumentException("shift " + java.util.Arrays.toString(shifts) + " does not match axis "
          + java.util.Arrays.toString(axes));
    }
    this.shifts = shifts.clone();
    this.axes = axes == null ? null : axes.clone();
  }

  @Override
  protected int[] shape(int[][] in) {
    if (axes != null) {
      for (int a : axes) {
        axis(a, in[0].length);
      }
    }
    return in[0];
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = axes == null ? new int[] {x.size()} : x.shape();
    int rank = s.length;
    long[] shift = new long[rank];
    if (axes == null) {
      shift[0] = shifts[0];
    } else {
      for (int k = 0; k < axes.length; k++) {
        shift[axis(axes[k], rank)] += shifts[k];
      }
    }
    int[] stride = new int[rank];
    int st = 1;
    for (int i = rank - 1; i >= 0; i--) {
      stride[i] = st;
      st *= s[i];
      shift[i] = s[i] == 0 ? 0 : Math.floorMod(shift[i], (long) s[i]);
    }
    float[] in = x.data();
    float[] r = Buffers.floats(in.length);
    int[] idx = new int[rank];
    for (int p = 0; p < in.length; p++) {
      int q = 0;
      for (int i = 0; i < rank; i++) {
        int j = (int) ((idx[i] + shift[i]) % s[i]);
        q += j * stride[i];
      }
      r[q] = in[p];
      for (int i = rank - 1; i >= 0 && ++idx[i] == s[i]; i--) {
        idx[i] = 0;
      }
    }
    return Tensor.of(r, x.shape());
  }
}
