package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;

/** {@code where(condition, x, y)}: {@code x} where the condition is non-zero, else {@code y}, broadcast. */
public final class Where extends Op {
  private final Operand condition;
  private final Operand x;
  private final Operand y;
  private volatile Broadcast plan;

  /** Selects between {@code x} and {@code y}; at least one operand is an input. */
  public Where(String name, String kerasClass, Operand condition, Operand x, Operand y) {
    super(name, kerasClass, Operand.inputsNeeded(condition, x, y));
    this.condition = condition;
    this.x = x;
    this.y = y;
  }

  @Override
  protected int[] shape(int[][] in) {
    return Broadcast.shape(name(), condition.shapeOf(in), x.shapeOf(in), y.shapeOf(in));
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor c = condition.of(inputs);
    Tensor a = x.of(inputs);
    Tensor b = y.of(inputs);
    Broadcast p = plan;
    if (p == null || !p.fits(c, a, b)) {
      p = Broadcast.of(name(), c.shape(), a.shape(), b.shape());
      plan = p;
    }
    float[] out = Buffers.floats(p.size());
    p.select(c.data(), a.data(), b.data(), out);
    return Tensor.of(out, p.outputShape());
  }
}
