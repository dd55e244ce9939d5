package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import java.util.Arrays;

/**
 * A new shape for the same elements: {@code ops.reshape(x, shape)} / {@code tf.reshape} (the
 * whole shape, batch axis included, with at most one {@code -1}), {@code ops.expand_dims}, {@code
 * ops.squeeze}. The output shares the input's array.
 */
public final class Reshape extends Op {
  /** How the new shape is found. */
  public enum Kind {
    /** The given shape, one {@code -1} inferred. */
    RESHAPE,
    /** Axes of size 1 inserted at the given positions of the output. */
    EXPAND_DIMS,
    /** The given axes removed (each must have size 1), or every axis of size 1 when none are given. */
    SQUEEZE
  }

  private final Kind kind;
  private final int[] dims; // the shape, or the axes; null: squeeze every axis of size 1

  /** @param dims the target shape ({@link Kind#RESHAPE}) or the axes (negative count from the end) */
  public Reshape(String name, String kerasClass, Kind kind, int[] dims) {
    super(name, kerasClass, 1);
    if (dims == null && kind != Kind.SQUEEZE) {
      throw new IllegalArgumentException("op " + name + ": " + kind + " needs dims");
    }
    this.kind = kind;
    this.dims = dims == null ? null : dims.clone();
  }

  @Override
  protected int[] shape(int[][] in) {
    return newShape(in[0], false);
  }

  // known: every size is known (a call), so -1 can be inferred and squeezed sizes checked.
  private int[] newShape(int[] s, boolean known) {
    switch (kind) {
      case RESHAPE: {
        int[] r = dims.clone();
        int infer = -1;
        long product = 1;
        for (int i = 0; i < r.length; i++) {
          if (r[i] == -1 && infer < 0) {
            infer = i;
          } else if (r[i] < 0) {
            throw new InvalidInputException(who() + ": bad target shape " + Arrays.toString(dims));
          } else {
            product *= r[i];
          }
        }
        long total = 1;
        boolean unknown = false;
        for (int d : s) {
          unknown |= d < 0;
          total *= Math.max(d, 0);
        }
        if (unknown) {
          return r; // the inferred size stays unknown until a call
        }
        if (infer >= 0 ? product == 0 || total % product != 0 : total != product) {
          throw new InvalidInputException(who() + ": cannot reshape " + Arrays.toString(s) + " (" + total
              + " elements) to " + Arrays.toString(dims));
        }
        if (infer >= 0) {
          r[infer] = (int) (total / product);
        }
        return r;
      }
      case EXPAND_DIMS: {
        int rank = s.length + dims.length;
        boolean[] inserted = new boolean[rank];
        for (int a : dims) {
          int i = axis(a, rank);
          if (inserted[i]) {
            throw new InvalidInputException(who() + ": axis " + a + " given twice");
          }
          inserted[i] = true;
        }
        int[] r = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) {
          r[i] = inserted[i] ? 1 : s[k++];
        }
        return r;
      }
      default: {
        boolean[] drop = new boolean[s.length];
        if (dims == null) {
          for (int i = 0; i < s.length; i++) {
            drop[i] = s[i] == 1;
          }
        } else {
          for (int a : dims) {
            int i = axis(a, s.length);
            if (s[i] != 1 && (known || s[i] >= 0)) {
              throw new InvalidInputException(who() + ": cannot squeeze axis " + a + " of size " + s[i] + " (shape "
                  + Arrays.toString(s) + ")");
            }
            drop[i] = true;
          }
        }
        int[] r = new int[s.length];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
          if (!drop[i]) {
            r[k++] = s[i];
          }
        }
        return Arrays.copyOf(r, k);
      }
    }
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    return Tensor.of(x.data(), newShape(x.shape(), true));
  }
}
