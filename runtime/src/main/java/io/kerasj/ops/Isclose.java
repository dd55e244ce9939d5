package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;

/**
 * {@code ops.isclose(x1, x2, rtol, atol, equal_nan)} as Keras' TensorFlow backend computes it on
 * floats: {@code |x1 − x2| ≤ atol + rtol · |x2|} in float32 (1 or 0), NaN pairs close when {@code
 * equal_nan}; the operands broadcast as NumPy does.
 */
public final class Isclose extends Op {
  private final Operand left;
  private final Operand right;
  private final float rtol;
  private final float atol;
  private final boolean equalNan;

  public Isclose(String name, String kerasClass, Operand left, Operand right, float rtol, float atol, boolean equalNan) {
    super(name, kerasClass, Operand.inputsNeeded(left, right));
    if (left.isConstant() && right.isConstant()) {
      throw new IllegalArgumentException("op " + name + ": both operands are constants");
    }
    this.left = left;
    this.right = right;
    this.rtol = rtol;
    this.atol = atol;
    this.equalNan = equalNan;
  }

  @Override
  protected int[] shape(int[][] in) {
    return Broadcast.shape(name(), left.shapeOf(in), right.shapeOf(in));
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor a = left.of(inputs);
    Tensor b = right.of(inputs);
    Broadcast p = Broadcast.of(name(), a.shape(), b.shape());
    int n = p.size();
    // x1 and x2 laid out over the output's shape: x + 0 keeps every value but the sign of a zero,
    // which neither |x1 − x2| nor |x2| sees.
    float[] za = Buffers.floats(a.size());
    float[] zb = Buffers.floats(b.size());
    float[] x1 = Buffers.floats(n);
    float[] x2 = Buffers.floats(n);
    p.apply(BinaryFunction.ADD, a.data(), zb, x1);
    p.apply(BinaryFunction.ADD, za, b.data(), x2);
    Buffers.release(za);
    Buffers.release(zb);
    float[] r = Buffers.floats(n);
    for (int i = 0; i < n; i++) {
      float u = x1[i];
      float v = x2[i];
      boolean close = Math.abs(u - v) <= atol + rtol * Math.abs(v);
      if (equalNan && u != u && v != v) {
        close = true;
      }
      r[i] = close ? 1f : 0f;
    }
    Buffers.release(x1);
    Buffers.release(x2);
    return Tensor.of(r, p.outputShape());
  }
}
