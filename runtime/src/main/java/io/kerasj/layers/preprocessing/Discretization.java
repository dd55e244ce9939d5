package io.kerasj.layers.preprocessing;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;

/**
 * Keras {@code Discretization}: each value becomes the index of its bin, TensorFlow's {@code
 * Bucketize}: the number of boundaries {@code b} with {@code b <= x} (so a value equal to a
 * boundary goes to the bin above it, and NaN to the last bin). Output mode {@code int} gives the
 * indices (as floats) in the input's shape; {@code one_hot}, {@code multi_hot} and {@code count}
 * encode them as {@link CategoryEncoding} does, over {@code boundaries + 1} bins.
 */
public final class Discretization extends Layer {
  private final float[] boundaries;
  private final CategoryEncoding.Mode mode; // null: "int"

  /**
   * @param boundaries ascending bin boundaries, as float32 (TensorFlow's attribute type)
   * @param mode {@code null} for {@code output_mode="int"}, else the encoding of the indices
   */
  public Discretization(String name, float[] boundaries, CategoryEncoding.Mode mode) {
    super(name);
    for (int i = 1; i < boundaries.length; i++) {
      if (!(boundaries[i - 1] <= boundaries[i])) {
        throw new InvalidInputException("layer " + Messages.quote(name) + ": bin_boundaries must be sorted, got "
            + boundaries[i - 1] + " before " + boundaries[i]);
      }
    }
    this.boundaries = boundaries.clone();
    this.mode = mode;
  }

  @Override
  public String kerasClass() {
    return "Discretization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return mode == null ? inputShape.clone() : CategoryEncoding.shape(inputShape, boundaries.length + 1, mode);
  }

  @Override
  public Tensor call(Tensor x) {
    float[] in = x.data();
    float[] idx = Buffers.floats(in.length);
    for (int i = 0; i < in.length; i++) {
      idx[i] = bucket(in[i]);
    }
    Tensor indices = Tensor.of(idx, x.shape());
    if (mode == null) {
      return indices;
    }
    Tensor r = CategoryEncoding.encode(name(), indices, boundaries.length + 1, mode, null);
    Buffers.release(idx);
    return r;
  }

  // std::upper_bound: the first boundary greater than v.
  private int bucket(float v) {
    int lo = 0;
    int hi = boundaries.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (v < boundaries[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
