package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Strided;
import java.util.Arrays;

/** {@code ops.transpose(x, axes)} / {@code tf.transpose(a, perm)}: output axis {@code i} is input axis {@code perm[i]}. */
public final class Transpose extends Op {
  private final int[] perm; // null: reverse the axes

  /** @param perm a permutation of the input's axes (batch axis included; negative values count from the end), or {@code null} to reverse them */
  public Transpose(String name, String kerasClass, int[] perm) {
    super(name, kerasClass, 1);
    this.perm = perm == null ? null : perm.clone();
  }

  private int[] resolve(int rank) {
    int[] p = new int[rank];
    if (perm == null) {
      for (int i = 0; i < rank; i++) {
        p[i] = rank - 1 - i;
      }
      return p;
    }
    if (perm.length != rank) {
      throw new InvalidInputException(who() + ": permutation " + Arrays.toString(perm) + " does not fit an input of rank "
          + rank);
    }
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = axis(perm[i], rank);
      if (seen[p[i]]) {
        throw new InvalidInputException(who() + ": " + Arrays.toString(perm) + " is not a permutation");
      }
      seen[p[i]] = true;
    }
    return p;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] p = resolve(in[0].length);
    int[] r = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      r[i] = in[0][p[i]];
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    float[] out = Buffers.floats(x.size());
    return Tensor.of(out, Strided.transpose(x.data(), x.shape(), resolve(x.rank()), out));
  }
}
