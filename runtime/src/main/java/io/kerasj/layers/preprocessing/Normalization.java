package io.kerasj.layers.preprocessing;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

/**
 * Keras {@code Normalization}: {@code (x − mean) / max(sqrt(variance), 1e-7)}, or with {@code
 * invert} {@code mean + x · max(sqrt(variance), 1e-7)}, with one mean and variance per position on
 * the kept axes ({@code axis}, by default the last), laid out row-major over them in ascending
 * order. The statistics are those {@code adapt()} stored as the layer's weights, or the {@code
 * mean} and {@code variance} given in its config.
 *
 * <p>Every step is a float32 operation, as in TensorFlow: the divisor {@code max(sqrt(v), 1e-7)} is
 * computed once per position, then each output is one subtraction and one division.
 */
public final class Normalization extends Layer {
  /** Keras' {@code backend.epsilon()}, the floor of the standard deviation. */
  public static final float EPSILON = 1e-7f;

  private final int rank;   // the input rank the axes refer to
  private final int[] axes; // kept axes, ascending
  private final AxisGroups.Cache groups;
  private final int[] sizes;
  private final int size;
  private final float[] mean;
  private final float[] std; // max(sqrt(variance), epsilon)
  private final boolean invert;
  private final boolean adapted;

  /**
   * @param rank the rank of the input, batch axis included
   * @param axes the kept axes (one statistic per position on them), ascending, in {@code [0, rank)};
   *     empty for one mean and variance over everything
   * @param sizes the input's size on each of {@code axes}
   * @param mean the means, row-major over {@code axes}
   * @param variance the variances, same layout
   * @param invert Keras' {@code invert}: undo the normalization instead
   * @param adapted whether the statistics are the layer's weights (from {@code adapt()}: {@code
   *     mean}, {@code variance} and a sample {@code count}, which Keras counts as non-trainable
   *     parameters) rather than values given in its config
   */
  public Normalization(String name, int rank, int[] axes, int[] sizes, float[] mean, float[] variance,
                       boolean invert, boolean adapted) {
    super(name);
    Checks.positive(name, "input rank", rank);
    if (axes.length != sizes.length) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": " + axes.length + " axes but "
          + sizes.length + " sizes");
    }
    long n = 1;
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 0 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1])) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": axes "
            + java.util.Arrays.toString(axes) + " are not distinct ascending axes of a rank-" + rank + " input");
      }
      Checks.positive(name, "size of kept axis " + axes[i], sizes[i]);
      n *= sizes[i];
      if (n > Integer.MAX_VALUE) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": the kept axes hold more than 2^31 "
            + "positions");
      }
    }
    this.rank = rank;
    this.axes = axes.clone();
    this.groups = new AxisGroups.Cache(this.axes);
    this.sizes = sizes.clone();
    this.size = (int) n;
    this.mean = Checks.weight(name, "mean", mean, size).clone();
    Checks.weight(name, "variance", variance, size);
    this.std = new float[size];
    for (int i = 0; i < size; i++) {
      std[i] = Math.max((float) Math.sqrt(variance[i]), EPSILON);
    }
    this.invert = invert;
    this.adapted = adapted;
  }

  @Override
  public long nonTrainableParams() {
    return adapted ? 2L * size + 1 : 0;
  }

  // A statistic per time step ties values to absolute positions, which a chunk of a stream does not know.
  @Override
  public boolean isStreamable() {
    return java.util.Arrays.binarySearch(axes, 1) < 0 || rank < 3;
  }

  @Override
  public String kerasClass() {
    return "Normalization";
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    AxisGroups.check(name(), inputShape, rank, axes, sizes);
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor x) {
    AxisGroups.check(name(), x.shape(), rank, axes, sizes);
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    AxisGroups g = groups.of(x.shape());
    boolean contiguous = AxisGroups.isSuffix(rank, axes);
    for (int r = 0; r < g.count; r++) {
      int o = g.base(r);
      if (contiguous && !invert) {
        for (int k = 0; k < size; k++) {
          out[o + k] = (in[o + k] - mean[k]) / std[k];
        }
      } else {
        for (int k = 0; k < size; k++) {
          int i = o + g.at(k);
          out[i] = invert ? mean[k] + in[i] * std[k] : (in[i] - mean[k]) / std[k];
        }
      }
    }
    return Tensor.of(out, x.shape());
  }
}
