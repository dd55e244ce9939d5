package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;

/**
 * {@code ops.einsum(equation, a[, b])}, and matrix products ({@code ops.matmul}, {@code
 * tf.linalg.matmul} with {@code transpose_a} / {@code transpose_b}) as the equations they are.
 */
public final class Einsum extends Op {
  private final io.kerasj.internal.Einsum equation; // null: a matmul, equation chosen by the ranks
  private final boolean transposeA;
  private final boolean transposeB;
  private volatile io.kerasj.internal.Einsum matmul; // the last matmul equation, for its ranks
  private volatile int matmulRanks = -1;

  /**
   * An einsum of one or two inputs.
   *
   * @throws IllegalArgumentException for a malformed equation or one kerasj does not support
   */
  public Einsum(String name, String kerasClass, String equation) {
    super(name, kerasClass, io.kerasj.internal.Einsum.parse(equation).operands());
    this.equation = io.kerasj.internal.Einsum.parse(equation);
    this.transposeA = false;
    this.transposeB = false;
  }

  private Einsum(String name, String kerasClass, boolean transposeA, boolean transposeB) {
    super(name, kerasClass, 2);
    this.equation = null;
    this.transposeA = transposeA;
    this.transposeB = transposeB;
  }

  /**
   * NumPy's {@code matmul} of two inputs: the last two axes multiply as matrices (a 1-D operand is
   * a vector), the leading axes broadcast; {@code transposeA}/{@code transposeB} swap an operand's
   * last two axes first ({@code tf.linalg.matmul}, which takes operands of rank 2 or more).
   */
  public static Einsum matmul(String name, String kerasClass, boolean transposeA, boolean transposeB) {
    return new Einsum(name, kerasClass, transposeA, transposeB);
  }

  private io.kerasj.internal.Einsum plan(int rankA, int rankB) {
    if (equation != null) {
      return equation;
    }
    int key = rankA * 1024 + rankB;
    io.kerasj.internal.Einsum e = matmul;
    if (e != null && matmulRanks == key) {
      return e;
    }
    if (rankA < 1 || rankB < 1 || ((transposeA || transposeB) && (rankA < 2 || rankB < 2))) {
      throw new InvalidInputException(who() + ": matmul of inputs of rank " + rankA + " and " + rankB);
    }
    String a = rankA == 1 ? "j" : transposeA ? "...ji" : "...ij";
    String b = rankB == 1 ? "j" : transposeB ? "...kj" : "...jk";
    String out = "..." + (rankA == 1 ? "" : "i") + (rankB == 1 ? "" : "k");
    e = io.kerasj.internal.Einsum.parse(a + "," + b + "->" + out);
    matmul = e;
    matmulRanks = key;
    return e;
  }

  @Override
  protected int[] shape(int[][] in) {
    io.kerasj.internal.Einsum e = plan(in[0].length, in.length > 1 ? in[1].length : 0);
    return e.outputShape(in);
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    int[][] shapes = new int[inputs.length][];
    float[][] data = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = inputs[i].shape();
      data[i] = inputs[i].data();
    }
    io.kerasj.internal.Einsum e = plan(shapes[0].length, shapes.length > 1 ? shapes[1].length : 0);
    int[] out = e.outputShape(shapes);
    return Tensor.of(e.run(data, shapes), out);
  }
}
