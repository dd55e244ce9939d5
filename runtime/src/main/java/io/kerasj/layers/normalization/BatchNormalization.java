package io.kerasj.layers.normalization;

import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Fusion;
import io.kerasj.layers.Layer;

/**
 * Keras {@code BatchNormalization} at inference:
 * {@code (x − moving_mean) / sqrt(moving_variance + epsilon) · gamma + beta}, per channel of the
 * normalized axis (the last by default; tf-keras also takes several axes, with one set of
 * statistics per position on them, laid out row-major in ascending axis order).
 *
 * <p>Like TensorFlow's {@code batch_normalization}, the per-channel factor and offset are folded
 * once ({@code inv = gamma / sqrt(var + ε)}, {@code shift = beta − mean · inv}) and each value is
 * {@code x · inv + shift}; here they are kept in double precision and each output rounded once.
 * Keras counts gamma and beta as trainable and the moving statistics as non-trainable.
 */
public final class BatchNormalization extends Layer implements Fusion.Follower {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int size;
  private final int rank;   // the input rank the axes refer to; -1: the last axis of any input
  private final int[] axes; // normalized axes, ascending; empty when rank == -1
  private final int[] sizes;
  private final boolean scale;
  private final boolean center;
  private final double[] inv;
  private final double[] shift;
  private final AxisGroups.Cache groups;

  /**
   * A layer over the last axis of inputs of any rank.
   *
   * @param size channels (the last axis)
   * @param gamma scale, or {@code null} for {@code scale=False}
   * @param beta offset, or {@code null} for {@code center=False}
   */
  public BatchNormalization(String name, int size, float epsilon, float[] gamma, float[] beta, float[] movingMean,
                            float[] movingVariance) {
    this(name, -1, new int[0], new int[] {size}, epsilon, gamma, beta, movingMean, movingVariance);
  }

  /**
   * A layer over any set of axes of inputs of one rank, e.g. {@code axis=1} of a {@code (batch,
   * channels, steps)} input is {@code rank = 3, axes = {1}}.
   *
   * @param rank the rank of the input, batch axis included
   * @param axes the normalized axes, ascending, each in {@code [0, rank)}
   * @param sizes the input's size on each of {@code axes}
   * @param gamma scale over the axes (row-major, ascending axes), or {@code null}
   * @param beta offset over the axes, or {@code null}
   */
  public BatchNormalization(String name, int rank, int[] axes, int[] sizes, float epsilon, float[] gamma, float[] beta,
                            float[] movingMean, float[] movingVariance) {
    super(name);
    if (rank >= 0 ? sizes.length != axes.length || axes.length == 0 : sizes.length != 1) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": " + axes.length + " axes and "
          + sizes.length
          + " sizes");
    }
    long n = 1;
    for (int i = 0; i < sizes.length; i++) {
      Checks.positive(name, "channels", sizes[i]);
      if (rank >= 0 && (axes[i] < 0 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1]))) {
        throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": axes "
            + java.util.Arrays.toString(axes)
            + " are not distinct ascending axes of a rank-" + rank + " input");
      }
      n *= sizes[i];
      if (n > Integer.MAX_VALUE) {
        throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": more than 2^31 channels");
      }
    }
    int size = (int) n;
    this.size = size;
    this.rank = rank;
    this.axes = axes.clone();
    this.sizes = sizes.clone();
    this.groups = new AxisGroups.Cache(axes);
    this.scale = gamma != null;
    this.center = beta != null;
    if (gamma != null) {
      Checks.weight(name, "gamma", gamma, size);
    }
    if (beta != null) {
      Checks.weight(name, "beta", beta, size);
    }
    Checks.weight(name, "moving_mean", movingMean, size);
    Checks.weight(name, "moving_variance", movingVariance, size);
    inv = new double[size];
    shift = new double[size];
    for (int c = 0; c < size; c++) {
      // epsilon is a float32 in TensorFlow, added to the float32 variance.
      double i = 1.0 / Math.sqrt((double) movingVariance[c] + (double) epsilon);
      if (gamma != null) {
        i *= gamma[c];
      }
      inv[c] = i;
      shift[c] = (beta == null ? 0.0 : beta[c]) - movingMean[c] * i;
    }
  }

  /** Number of channels (positions on the normalized axes). */
  public int size() {
    return size;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "BatchNormalization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return (scale ? size : 0) + (center ? size : 0);
  }

  @Override
  public long nonTrainableParams() {
    return 2L * size;
  }

  @Override
  public Tensor call(Tensor x) {
    float[] in = x.data();
    if (rank < 0) {
      Checks.lastDim(name(), x, 2, size);
    } else {
      AxisGroups.check(name(), x.shape(), rank, axes, sizes);
    }
    // Every element is written below, on either path.
    float[] out = Buffers.floatsToOverwrite(in.length);
    if (rank < 0 || axes.length == 1) {
      // One axis: the tensor is (outer, size, inner) with each channel's values in runs of
      // `inner` (1 for the last axis, height·width for axis=1 of channels_first images).
      int axis = rank < 0 ? x.rank() - 1 : axes[0];
      int inner = 1;
      for (int d = axis + 1; d < x.rank(); d++) {
        inner *= x.dim(d);
      }
      int outer = in.length == 0 ? 0 : in.length / (size * inner);
      int i = 0;
      for (int o = 0; o < outer; o++) {
        for (int c = 0; c < size; c++) {
          final double a = inv[c];
          final double b = shift[c];
          for (int end = i + inner; i < end; i++) {
            out[i] = (float) (in[i] * a + b);
          }
        }
      }
      return Tensor.of(out, x.shape());
    }
    AxisGroups g = groups.of(x.shape());
    for (int r = 0; r < g.count; r++) {
      int o = g.base(r);
      for (int c = 0; c < size; c++) {
        int i = o + g.at(c);
        out[i] = (float) (in[i] * inv[c] + shift[c]);
      }
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * Internal ({@link Fusion}): the normalization applied in place after a convolution, when it
   * normalizes the last axis only and that axis has {@code channels} values; the same operations
   * as {@link #call}, so the result is the same to the bit.
   */
  @Override
  public Fusion.Step asStep(int inputRank, int channels) {
    boolean lastAxis = rank < 0 || (rank == inputRank && axes.length == 1 && axes[0] == inputRank - 1);
    if (!lastAxis || size != channels) {
      return null;
    }
    final double[] a = inv;
    final double[] b = shift;
    return (x, off, rows, cols) -> {
      for (int r = 0, o = off; r < rows; r++, o += cols) {
        for (int c = 0; c < cols; c++) {
          x[o + c] = (float) (x[o + c] * a[c] + b[c]);
        }
      }
    };
  }

  // A per-step statistic (the time axis normalized) ties values to absolute positions in the
  // sequence, which a chunk of a stream does not know.
  @Override
  public boolean isStreamable() {
    return rank < 0 || java.util.Arrays.binarySearch(axes, 1) < 0;
  }
}
