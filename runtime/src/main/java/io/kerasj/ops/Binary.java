package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;

/**
 * An element-wise function of two operands with NumPy broadcasting: {@code x + y}, {@code x * 2.0},
 * {@code 1.0 - x}, {@code ops.maximum(x, y)}, {@code x > 0}, {@code tf.math.squared_difference}…
 */
public final class Binary extends Op {
  private final BinaryFunction function;
  private final Operand left;
  private final Operand right;
  private volatile Broadcast plan; // the last call's, reused while the shapes stay the same

  /** {@code function(left, right)}; at least one operand is an input. */
  public Binary(String name, String kerasClass, BinaryFunction function, Operand left, Operand right) {
    super(name, kerasClass, Operand.inputsNeeded(left, right));
    if (left.isConstant() && right.isConstant()) {
      throw new IllegalArgumentException("op " + name + ": both operands are constants");
    }
    this.function = function;
    this.left = left;
    this.right = right;
  }

  /** The function. */
  public BinaryFunction function() {
    return function;
  }

  @Override
  protected int[] shape(int[][] in) {
    return Broadcast.shape(name(), left.shapeOf(in), right.shapeOf(in));
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor a = left.of(inputs);
    Tensor b = right.of(inputs);
    Broadcast p = plan;
    if (p == null || !p.fits(a, b)) {
      p = Broadcast.of(name(), a.shape(), b.shape());
      plan = p;
    }
    float[] out = Buffers.floats(p.size());
    p.apply(function, a.data(), b.data(), out);
    return Tensor.of(out, p.outputShape());
  }
}
