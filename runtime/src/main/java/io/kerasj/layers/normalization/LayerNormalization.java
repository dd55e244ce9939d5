package io.kerasj.layers.normalization;

import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.VectorKernels;
import io.kerasj.layers.Layer;

/**
 * Keras {@code LayerNormalization}: {@code (x − mean) · rsqrt(var + epsilon) · gamma + beta}, with
 * the mean and the biased variance of each group of elements that differ only on the normalized
 * axes ({@code axis}, by default the last axis; several axes are normalized together).
 *
 * <p>{@code gamma} and {@code beta} span the normalized axes and are laid out row-major over them in
 * ascending order: Keras reshapes the weights it creates to that broadcast shape, whatever order
 * the axes were written in. With Keras 3's {@code rms_scaling} the output is {@code x · rsqrt(var +
 * epsilon) · gamma} (the variance is still taken around the mean, and there is no beta).
 *
 * <p>Statistics are two-pass. Over trailing axes (contiguous rows, the usual case) they are in
 * float on the vector kernels ({@link Kernels#layerNormRows}), as TensorFlow computes them; over
 * other axes in double. Keras' default epsilon is 1e-3 (not 1e-5).
 */
public final class LayerNormalization extends Layer {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int rank;     // the input rank the axes refer to; -1: the last axis of any input
  private final int[] axes;   // normalized axes, ascending, in [0, rank); empty when rank == -1
  private final AxisGroups.Cache groups;
  private final int[] sizes;  // sizes on the axes, -1 = any (only without gamma and beta)
  private final int size;     // elements per group, -1 when it depends on the input
  private final float epsilon;
  private final float[] gamma; // (size) or null when there is no scale
  private final float[] beta;  // (size) or null when there is no offset
  private final boolean rmsScaling;

  /**
   * A layer over the last axis of inputs of any rank.
   *
   * @param size the length of the normalized last axis
   * @param gamma scale, or {@code null} for {@code scale=False}
   * @param beta offset, or {@code null} for {@code center=False}
   * @param rmsScaling Keras 3's {@code rms_scaling}: {@code x · rsqrt(var + ε) · gamma}, no centring
   */
  public LayerNormalization(String name, int size, float epsilon, float[] gamma, float[] beta, boolean rmsScaling) {
    super(name);
    Checks.positive(name, "normalized size", size);
    this.rank = -1;
    this.axes = new int[0];
    this.groups = new AxisGroups.Cache(this.axes);
    this.sizes = new int[] {size};
    this.size = size;
    this.epsilon = epsilon;
    this.gamma = gamma == null ? null : Checks.weight(name, "gamma", gamma, size).clone();
    this.beta = beta == null ? null : Checks.weight(name, "beta", beta, size).clone();
    this.rmsScaling = rmsScaling;
  }

  /** A layer over the last axis with Keras' defaults: epsilon 1e-3, scale and centre. */
  public LayerNormalization(String name, float[] gamma, float[] beta) {
    this(name, gamma.length, DEFAULT_EPSILON, gamma, beta, false);
  }

  /**
   * A layer over any set of axes of inputs of one rank, e.g. {@code axis=[-2, -1]} of a {@code
   * (batch, steps, features)} input is {@code rank = 3, axes = {1, 2}}.
   *
   * @param rank the rank of the input, batch axis included
   * @param axes the normalized axes in ascending order, each in {@code [0, rank)}; may be empty
   *     (Keras 3 then normalizes each element on its own)
   * @param sizes the input's size on each of {@code axes}; {@code -1} (any) only when there is
   *     neither gamma nor beta
   * @param gamma scale over the axes (row-major, ascending axes), or {@code null}
   * @param beta offset over the axes, or {@code null}
   * @param rmsScaling Keras 3's {@code rms_scaling}
   */
  public LayerNormalization(String name, int rank, int[] axes, int[] sizes, float epsilon, float[] gamma, float[] beta,
                            boolean rmsScaling) {
    super(name);
    Checks.positive(name, "input rank", rank);
    if (sizes.length != axes.length) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": " + axes.length + " axes but "
          + sizes.length
          + " sizes");
    }
    long n = 1;
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 0 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1])) {
        throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": axes "
            + java.util.Arrays.toString(axes)
            + " are not distinct ascending axes of a rank-" + rank + " input");
      }
      if (sizes[i] < 0 && (gamma != null || beta != null)) {
        throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name)
            + ": gamma and beta need the size of axis "
            + axes[i]);
      }
      if (sizes[i] >= 0) {
        Checks.positive(name, "size of normalized axis " + axes[i], sizes[i]);
      }
      n = sizes[i] < 0 || n < 0 ? -1 : n * sizes[i];
      if (n > Integer.MAX_VALUE) {
        throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name)
            + ": the normalized axes hold more than 2^31 "
            + "elements");
      }
    }
    this.rank = rank;
    this.axes = axes.clone();
    this.groups = new AxisGroups.Cache(this.axes);
    this.sizes = sizes.clone();
    this.size = (int) n;
    this.epsilon = epsilon;
    this.gamma = gamma == null ? null : Checks.weight(name, "gamma", gamma, this.size).clone();
    this.beta = beta == null ? null : Checks.weight(name, "beta", beta, this.size).clone();
    this.rmsScaling = rmsScaling;
  }

  /** Elements normalized together (the length of the last axis by default); -1 when it depends on the input. */
  public int size() {
    return size;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Statistics over the time axis depend on the whole sequence, which a chunk of a stream does not see.
  @Override
  public boolean isStreamable() {
    return rank < 0 || java.util.Arrays.binarySearch(axes, 1) < 0;
  }

  @Override
  public String kerasClass() {
    return "LayerNormalization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return (gamma == null ? 0 : gamma.length) + (beta == null ? 0 : beta.length);
  }

  @Override
  public Tensor call(Tensor x) {
    if (rank < 0) {
      Checks.lastDim(name(), x, 1, size);
    } else {
      AxisGroups.check(name(), x.shape(), rank, axes, sizes);
    }
    float[] out = Buffers.floats(x.size());
    System.arraycopy(x.data(), 0, out, 0, out.length);
    if (rank < 0) {
      normalizeRowsParallel(out, out.length / size, size);
    } else {
      AxisGroups g = groups.of(x.shape());
      if (AxisGroups.isSuffix(rank, axes)) {
        normalizeRowsParallel(out, g.count, g.size);
      } else {
        normalizeGroups(out, g);
      }
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * Normalizes {@code rows} contiguous rows of length {@link #size()} in place: the groups of a
   * layer over the trailing axes, e.g. the layer inside a recurrent cell.
   *
   * @throws UnsupportedOperationException if the normalized axes are not the trailing axes or
   *     their size depends on the input
   */
  public void normalize(float[] a, int off, int rows) {
    if (size < 0 || (rank >= 0 && !AxisGroups.isSuffix(rank, axes))) {
      throw new UnsupportedOperationException("layer " + Messages.quote(name())
          + " does not normalize contiguous rows of a known "
          + "length");
    }
    normalizeRows(a, off, rows, size);
  }

  private void normalizeRowsParallel(float[] a, int rows, int n) {
    Kernels.layerNormRowsParallel(a, 0, rows, n, epsilon, gamma, beta, norm());
  }

  private void normalizeRows(float[] a, int off, int rows, int n) {
    Kernels.layerNormRows(a, off, rows, n, epsilon, gamma, beta, norm());
  }

  private VectorKernels.Norm norm() {
    return rmsScaling ? VectorKernels.Norm.RMS_SCALING : VectorKernels.Norm.LAYER;
  }


  // Axes that are not the trailing ones (e.g. axis=1 of (batch, steps, features)): each group is
  // strided; the per-group math is normalizeRows' with one accumulator.
  private void normalizeGroups(float[] a, AxisGroups g) {
    final int n = g.size;
    final double eps = epsilon;
    for (int r = 0; r < g.count; r++) {
      final int o = g.base(r);
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += a[o + g.at(k)];
      }
      final double mean = sum / n;
      double sq = 0;
      for (int k = 0; k < n; k++) {
        double d = a[o + g.at(k)] - mean;
        sq += d * d;
      }
      final double inv = 1.0 / Math.sqrt(sq / n + eps);
      final double center = rmsScaling ? 0.0 : mean;
      for (int k = 0; k < n; k++) {
        int i = o + g.at(k);
        double y = (a[i] - center) * inv;
        if (gamma != null) {
          y *= gamma[k];
        }
        if (beta != null && !rmsScaling) {
          y += beta[k];
        }
        a[i] = (float) y;
      }
    }
  }
}
