package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * {@code ops.top_k(x, k)} / {@code tf.math.top_k}: the {@code k} largest values along the last axis
 * in descending order, and their indices (as float32 values, as kerasj holds every integer tensor);
 * of equal values the lower index comes first, as TensorFlow's kernel orders them.
 */
public final class TopK extends Op {
  private final int k;

  public TopK(String name, String kerasClass, int k) {
    super(name, kerasClass, 1);
    if (k < 0) {
      throw new IllegalArgumentException("k should not be negative, got " + k);
    }
    this.k = k;
  }

  @Override
  protected int[] shape(int[][] in) {
    return shapes(in)[0];
  }

  @Override
  protected int[][] shapes(int[][] in) {
    int[] s = in[0];
    if (s.length == 0) {
      throw new InvalidInputException(who() + ": top_k needs an input of rank 1 or more");
    }
    int n = s[s.length - 1];
    if (n >= 0 && n < k) {
      throw new InvalidInputException(who() + ": the last axis has " + n + " elements, fewer than k = " + k);
    }
    int[] r = s.clone();
    r[r.length - 1] = k;
    return new int[][] {r, r.clone()};
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    return computeAll(inputs)[0];
  }

  @Override
  protected Tensor[] computeAll(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[][] shapes = shapes(new int[][] {x.shape()});
    int[] s = x.shape();
    int n = s[s.length - 1];
    int rows = n == 0 ? 0 : x.size() / n;
    float[] in = x.data();
    float[] values = Buffers.floats(rows * k);
    float[] indices = Buffers.floats(rows * k);
    for (int r = 0; r < rows; r++) {
      select(in, r * n, n, values, indices, r * k);
    }
    return new Tensor[] {Tensor.of(values, shapes[0]), Tensor.of(indices, shapes[1])};
  }

  /**
   * Insertion into a sorted run of the best {@code k} so far: an element enters only when strictly
   * greater than the one it passes, so of equal values the earlier stays ahead. Where a row holds
   * NaN the order differs from TensorFlow's, whose placement of NaN depends on its algorithm.
   */
  private void select(float[] in, int base, int n, float[] v, float[] idx, int at) {
    int filled = 0;
    for (int j = 0; j < n; j++) {
      float x = in[base + j];
      int p = filled;
      while (p > 0 && x > v[at + p - 1]) {
        p--;
      }
      if (p >= k) {
        continue;
      }
      int end = Math.min(filled, k - 1);
      for (int q = end; q > p; q--) {
        v[at + q] = v[at + q - 1];
        idx[at + q] = idx[at + q - 1];
      }
      v[at + p] = x;
      idx[at + p] = j;
      if (filled < k) {
        filled++;
      }
    }
  }
}
