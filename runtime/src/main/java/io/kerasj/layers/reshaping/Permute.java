package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.Strided;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code Permute}: reorders the non-batch axes; {@code dims} is 1-based as in Keras, so
 * {@code (2, 1)} swaps time and features of a {@code (batch, steps, features)} input.
 */
public final class Permute extends Layer {
  private final int[] dims; // 1-based, a permutation of 1..rank-1

  /** @param dims a permutation of {@code 1 … rank−1} */
  public Permute(String name, int[] dims) {
    super(name);
    boolean[] seen = new boolean[dims.length + 1];
    for (int d : dims) {
      if (d < 1 || d > dims.length || seen[d]) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": dims " + Arrays.toString(dims)
            + " is not a permutation of 1.." + dims.length);
      }
      seen[d] = true;
    }
    this.dims = dims.clone();
  }

  @Override
  public String kerasClass() {
    return "Permute";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (inputShape.length != dims.length + 1) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": dims " + Arrays.toString(dims)
          + " need an input of rank "
          + (dims.length + 1) + ", got shape " + Arrays.toString(inputShape));
    }
    int[] r = new int[inputShape.length];
    r[0] = inputShape[0];
    for (int i = 0; i < dims.length; i++) {
      r[i + 1] = inputShape[dims[i]];
    }
    return r;
  }

  @Override
  public Tensor call(Tensor x) {
    int[] in = x.shape();
    outputShape(in); // checks the rank
    int[] perm = new int[in.length];
    for (int i = 0; i < dims.length; i++) {
      perm[i + 1] = dims[i];
    }
    float[] out = new float[x.size()];
    return Tensor.of(out, Strided.transpose(x.data(), in, perm, out));
  }
}
