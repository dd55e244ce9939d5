package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * {@code ops.take_along_axis(x, indices, axis)} as Keras' TensorFlow backend computes it: {@code x}
 * and the indices broadcast against each other on every axis but {@code axis}, negative indices
 * count from the end, and an index out of range is an error (as {@code tf.gather} on CPU). The
 * indices may be computed by the graph (float32 values holding integers, as kerasj holds them).
 */
public final class TakeAlongAxis extends Op {
  private final Operand x;
  private final Operand indices;
  private final int axis;

  public TakeAlongAxis(String name, String kerasClass, Operand x, Operand indices, int axis) {
    super(name, kerasClass, Operand.inputsNeeded(x, indices));
    if (x.isConstant() && indices.isConstant()) {
      throw new IllegalArgumentException("op " + name + ": both operands are constants");
    }
    this.x = x;
    this.indices = indices;
    this.axis = axis;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] xs = x.shapeOf(in);
    int[] is = indices.shapeOf(in);
    if (xs.length != is.length) {
      throw new InvalidInputException(who() + ": x " + Arrays.toString(xs) + " and indices " + Arrays.toString(is)
          + " should have the same rank");
    }
    int a = axis(axis, xs.length);
    int[] r = new int[xs.length];
    for (int i = 0; i < r.length; i++) {
      if (i == a) {
        r[i] = is[i];
      } else if (xs[i] == 1 || is[i] == 1) {
        r[i] = xs[i] == 1 ? is[i] : xs[i];
      } else if (xs[i] < 0 || is[i] < 0) {
        r[i] = Math.max(xs[i], is[i]) < 0 ? -1 : Math.max(xs[i], is[i]);
      } else if (xs[i] != is[i]) {
        throw new InvalidInputException(who() + ": x " + Arrays.toString(xs) + " and indices " + Arrays.toString(is)
            + " do not broadcast");
      } else {
        r[i] = xs[i];
      }
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor xt = x.of(inputs);
    Tensor it = indices.of(inputs);
    int[] xs = xt.shape();
    int[] is = it.shape();
    int[] out = shape(new int[][] {xs, is});
    int rank = out.length;
    int a = axis(axis, rank);
    int[] xStride = new int[rank];
    int[] iStride = new int[rank];
    int sx = 1;
    int si = 1;
    for (int k = rank - 1; k >= 0; k--) {
      xStride[k] = xs[k] == 1 && k != a ? 0 : sx;
      iStride[k] = is[k] == 1 && out[k] != 1 ? 0 : si;
      sx *= xs[k];
      si *= is[k];
    }
    int n = xs[a];
    int axisStride = 1;
    for (int k = a + 1; k < rank; k++) {
      axisStride *= xs[k];
    }
    float[] xd = xt.data();
    float[] id = it.data();
    int total = 1;
    for (int d : out) {
      total *= d;
    }
    float[] r = Buffers.floats(total);
    int[] idx = new int[rank];
    int xo = 0;
    int io = 0;
    for (int p = 0; p < total; p++) {
      float v = id[io];
      int j = (int) v;
      if (j < 0) {
        j += n;
      }
      if (v != Math.rint(v) || j < 0 || j >= n) {
        Buffers.release(r);
        throw new InvalidInputException(who() + ": index " + v + " is out of range for an axis of length " + n);
      }
      r[p] = xd[xo + j * axisStride];
      for (int k = rank - 1; k >= 0; k--) {
        int xsk = k == a ? 0 : xStride[k];
        xo += xsk;
        io += iStride[k];
        if (++idx[k] < out[k]) {
          break;
        }
        xo -= xsk * out[k];
        io -= iStride[k] * out[k];
        idx[k] = 0;
      }
    }
    return Tensor.of(r, out);
  }
}
