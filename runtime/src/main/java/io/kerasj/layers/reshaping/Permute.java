package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
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
    int[] os = outputShape(in);
    int rank = in.length;
    // Strides of the input, read in output order: output axis i walks input axis perm[i].
    int[] inStride = new int[rank];
    inStride[rank - 1] = 1;
    for (int i = rank - 2; i >= 0; i--) {
      inStride[i] = inStride[i + 1] * in[i + 1];
    }
    int[] walk = new int[rank];
    walk[0] = inStride[0];
    for (int i = 1; i < rank; i++) {
      walk[i] = inStride[dims[i - 1]];
    }
    float[] src = x.data();
    float[] out = new float[src.length];
    int[] idx = new int[rank];
    int p = 0;
    for (int o = 0; o < out.length; o++) {
      out[o] = src[p];
      // Odometer over the output index, keeping p the matching input offset.
      for (int a = rank - 1; a >= 0; a--) {
        idx[a]++;
        p += walk[a];
        if (idx[a] < os[a]) {
          break;
        }
        p -= walk[a] * os[a];
        idx[a] = 0;
      }
    }
    return Tensor.of(out, os);
  }
}
