package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * Keeps a band of diagonals of the last two axes and zeroes the rest: element {@code (i, j)} stays
 * where {@code lower ≤ j − i ≤ upper}. {@code ops.triu(x, k)} is the band {@code [k, ∞)}, {@code
 * ops.tril(x, k)} is {@code (−∞, k]}, {@code tf.linalg.band_part(x, l, u)} is {@code [−l, u]}
 * (a negative {@code l} or {@code u} leaving that side whole).
 */
public final class Band extends Op {
  private final long lower;
  private final long upper;

  /** @param lower the lowest diagonal kept ({@code Long.MIN_VALUE}: none removed); @param upper the highest */
  public Band(String name, String kerasClass, long lower, long upper) {
    super(name, kerasClass, 1);
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  protected int[] shape(int[][] in) {
    if (in[0].length < 2) {
      throw new InvalidInputException(who() + ": the input should have at least 2 axes, got " + in[0].length);
    }
    return in[0].clone();
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = shape(new int[][] {x.shape()});
    int rows = s[s.length - 2];
    int cols = s[s.length - 1];
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    for (int p = 0; p < in.length; p++) {
      int j = p % cols;
      int i = (p / cols) % rows;
      long d = (long) j - i;
      out[p] = d >= lower && d <= upper ? in[p] : 0f;
    }
    return Tensor.of(out, x.shape());
  }
}
