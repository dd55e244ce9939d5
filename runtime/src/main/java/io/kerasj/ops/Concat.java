package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Strided;
import java.util.Arrays;

/**
 * {@code ops.concatenate(xs, axis)} / {@code tf.concat} (inputs joined along an existing axis) and
 * {@code ops.stack(xs, axis)} / {@code tf.stack} (along a new one). Any axis, batch axis included.
 */
public final class Concat extends Op {
  private final int axis;
  private final boolean stack;

  /**
   * @param inputs how many tensors are joined
   * @param axis negative counts from the end (of the output, for a stack)
   * @param stack join along a new axis
   */
  public Concat(String name, String kerasClass, int inputs, int axis, boolean stack) {
    super(name, kerasClass, inputs);
    this.axis = axis;
    this.stack = stack;
  }

  @Override
  protected int[] shape(int[][] in) {
    int rank = in[0].length;
    int a = axis(axis, stack ? rank + 1 : rank);
    for (int[] s : in) {
      if (s.length != rank) {
        throw mismatch(in[0], s);
      }
      for (int i = 0; i < rank; i++) {
        if ((stack || i != a) && s[i] >= 0 && in[0][i] >= 0 && s[i] != in[0][i]) {
          throw mismatch(in[0], s);
        }
      }
    }
    if (stack) {
      int[] r = new int[rank + 1];
      for (int i = 0, k = 0; i <= rank; i++) {
        r[i] = i == a ? in.length : in[0][k++];
      }
      return r;
    }
    int[] r = in[0].clone();
    for (int k = 1; k < in.length; k++) {
      r[a] = r[a] < 0 || in[k][a] < 0 ? -1 : r[a] + in[k][a];
    }
    return r;
  }

  private InvalidInputException mismatch(int[] a, int[] b) {
    return new InvalidInputException(who() + ": input shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
        + " cannot be " + (stack ? "stacked" : "joined along axis " + axis));
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    int[][] shapes = new int[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      shapes[k] = inputs[k].shape();
    }
    int[] out = shape(shapes);
    int a = axis(axis, out.length);
    int outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= out[i];
    }
    int total = 0;
    for (Tensor t : inputs) {
      total += t.size();
    }
    float[] r = Buffers.floats(total);
    Strided.join(inputs, outer, r);
    return Tensor.of(r, out);
  }
}
