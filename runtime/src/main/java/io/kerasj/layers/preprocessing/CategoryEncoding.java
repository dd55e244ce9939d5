package io.kerasj.layers.preprocessing;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code CategoryEncoding}: integer category ids in {@code [0, num_tokens)} (given as floats
 * with whole values) to dense vectors of {@code num_tokens}.
 *
 * <ul>
 *   <li>{@code one_hot}: each id becomes a vector with a 1 at its position; a trailing axis of size
 *       1 is replaced ({@code (batch, 1)} → {@code (batch, num_tokens)}), any other is kept
 *       ({@code (batch, t)} → {@code (batch, t, num_tokens)}, Keras 3 only: tf-keras refuses an
 *       output of rank 3).
 *   <li>{@code multi_hot}: each row {@code (batch, k)} of ids becomes one vector with a 1 at every
 *       id in the row.
 *   <li>{@code count}: as multi_hot, counting the occurrences; with {@code count_weights} (a second
 *       input of the ids' shape) summing their weights instead.
 * </ul>
 *
 * <p>An id outside {@code [0, num_tokens)} or not a whole number is refused: tf-keras asserts the
 * range, and Keras 3's TensorFlow kernels drop or zero such ids silently depending on the mode.
 */
public final class CategoryEncoding extends Layer {
  /** Keras' {@code output_mode}. */
  public enum Mode {
    /** {@code "one_hot"}. */
    ONE_HOT,
    /** {@code "multi_hot"} (also Keras' deprecated {@code "binary"}). */
    MULTI_HOT,
    /** {@code "count"}. */
    COUNT
  }

  private final int numTokens;
  private final Mode mode;
  private final boolean countWeights;

  /**
   * @param numTokens the output size, at least 1
   * @param countWeights whether the call passes {@code count_weights} as a second input (count mode only)
   */
  public CategoryEncoding(String name, int numTokens, Mode mode, boolean countWeights) {
    super(name);
    if (numTokens < 1) {
      throw new InvalidInputException("layer " + Messages.quote(name) + ": num_tokens must be >= 1, got " + numTokens);
    }
    if (countWeights && mode != Mode.COUNT) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": count_weights is only used by "
          + "output_mode 'count', not " + mode);
    }
    this.numTokens = numTokens;
    this.mode = mode;
    this.countWeights = countWeights;
  }

  @Override
  public String kerasClass() {
    return "CategoryEncoding";
  }

  @Override
  public int inputCount() {
    return countWeights ? 2 : 1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return shape(inputShape, numTokens, mode);
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return new int[][] {outputShape(inputShapes[0])};
  }

  /** The encoded shape of ids of shape {@code in} (batch axis included). */
  static int[] shape(int[] in, int depth, Mode mode) {
    boolean dropLast = mode != Mode.ONE_HOT || in[in.length - 1] == 1;
    int keep = in.length > 1 && dropLast ? in.length - 1 : in.length;
    int[] out = Arrays.copyOf(in, keep + 1);
    out[keep] = depth;
    return out;
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor w = countWeights ? inputs[1] : null;
    if (w != null && !Arrays.equals(w.shape(), inputs[0].shape())) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": count_weights of shape "
          + Arrays.toString(w.shape()) + " do not match the ids' shape " + Arrays.toString(inputs[0].shape()));
    }
    return new Output(new Tensor[] {encode(name(), inputs[0], numTokens, mode, w)}, new Mask[] {null});
  }

  @Override
  public Tensor call(Tensor x) {
    requireInputs(1);
    return encode(name(), x, numTokens, mode, null);
  }

  /**
   * Encodes the ids of {@code x} into vectors of {@code depth} (shared with {@link Discretization}).
   *
   * @param weights per-id weights for {@link Mode#COUNT}, or {@code null}
   */
  static Tensor encode(String layer, Tensor x, int depth, Mode mode, Tensor weights) {
    int[] shape = x.shape();
    if (mode != Mode.ONE_HOT && shape.length != 2) {
      // Keras bincounts a (batch,) input over the whole batch and cannot encode rank 3.
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": output_mode " + mode
          + " takes ids of shape (batch, k), got " + Arrays.toString(shape));
    }
    int[] outShape = shape(shape, depth, mode);
    float[] ids = x.data();
    float[] w = weights == null ? null : weights.data();
    int size = 1;
    for (int d : outShape) {
      size = Math.multiplyExact(size, d);
    }
    float[] out = Buffers.floats(size);
    int row = mode == Mode.ONE_HOT ? 1 : shape[shape.length - 1];
    for (int i = 0; i < ids.length; i++) {
      int id = id(layer, ids[i], depth);
      int at = (i / row) * depth + id;
      switch (mode) {
        case COUNT:
          out[at] += w == null ? 1f : w[i];
          break;
        default:
          out[at] = 1f;
      }
    }
    return Tensor.of(out, outShape);
  }

  private static int id(String layer, float v, int depth) {
    if (!(v >= 0 && v < depth) || v != Math.rint(v)) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": category id " + v
          + " is not a whole number in [0, " + depth + ")");
    }
    return (int) v;
  }
}
