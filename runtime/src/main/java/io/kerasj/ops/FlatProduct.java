package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * Keras 3's {@code outer(x1, x2)} (every product of the flattened operands, shape {@code (n1,
 * n2)}) and {@code vdot(x1, x2)} (the dot product of the flattened operands, a scalar); the
 * flattening includes the batch axis, as Keras' TensorFlow backend reshapes to {@code [-1]}.
 */
public final class FlatProduct extends Op {
  private final Operand left;
  private final Operand right;
  private final boolean outer;

  public FlatProduct(String name, String kerasClass, Operand left, Operand right, boolean outer) {
    super(name, kerasClass, Operand.inputsNeeded(left, right));
    this.left = left;
    this.right = right;
    this.outer = outer;
  }

  @Override
  protected int[] shape(int[][] in) {
    if (!outer) {
      return new int[0];
    }
    long n1 = size(left.shapeOf(in));
    long n2 = size(right.shapeOf(in));
    return new int[] {n1 < 0 ? -1 : (int) n1, n2 < 0 ? -1 : (int) n2};
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    float[] a = left.of(inputs).data();
    float[] b = right.of(inputs).data();
    if (outer) {
      float[] r = Buffers.floats(a.length * b.length);
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          r[i * b.length + j] = a[i] * b[j];
        }
      }
      return Tensor.of(r, new int[] {a.length, b.length});
    }
    if (a.length != b.length) {
      throw new InvalidInputException(who() + ": vdot of " + a.length + " and " + b.length + " elements");
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    float[] r = Buffers.floats(1);
    r[0] = (float) s;
    return Tensor.of(r, new int[0]);
  }
}
