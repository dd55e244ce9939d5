package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;

/**
 * One argument of an op: one of its input tensors, or a constant recorded in the file (a Python
 * scalar such as the {@code 2.0} of {@code x * 2.0}, or a NumPy array).
 */
public final class Operand {
  private final int input;
  private final Tensor constant;

  private Operand(int input, Tensor constant) {
    this.input = input;
    this.constant = constant;
  }

  /** The op's input number {@code index} (0-based). */
  public static Operand input(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("input index " + index);
    }
    return new Operand(index, null);
  }

  /** A scalar constant. */
  public static Operand constant(float value) {
    return new Operand(-1, Tensor.of(new float[] {value}));
  }

  /** A constant tensor (not copied; treat it as read-only). */
  public static Operand constant(Tensor value) {
    if (value == null) {
      throw new IllegalArgumentException("constant is null");
    }
    return new Operand(-1, value);
  }

  /** Whether this is a constant. */
  public boolean isConstant() {
    return constant != null;
  }

  /** The input number, or -1 for a constant. */
  public int inputIndex() {
    return input;
  }

  /** The highest input number among {@code ops}, plus one: how many inputs they need. */
  static int inputsNeeded(Operand... ops) {
    int n = 0;
    for (Operand o : ops) {
      n = Math.max(n, o.input + 1);
    }
    return n;
  }

  /** This operand's value among the op's inputs. */
  Tensor of(Tensor[] inputs) {
    if (constant != null) {
      return constant;
    }
    if (input >= inputs.length) {
      throw new InvalidInputException("op input " + input + " is missing (" + inputs.length + " given)");
    }
    return inputs[input];
  }

  /** This operand's shape among the op's input shapes. */
  int[] shapeOf(int[][] shapes) {
    return constant != null ? constant.shape() : shapes[input];
  }

  @Override
  public String toString() {
    return constant != null ? (constant.size() == 1 ? Float.toString(constant.data()[0]) : "constant "
        + java.util.Arrays.toString(constant.shape())) : "input " + input;
  }
}
