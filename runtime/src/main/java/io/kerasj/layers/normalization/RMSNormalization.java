package io.kerasj.layers.normalization;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.VectorKernels;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras 3 {@code RMSNormalization}: {@code x · rsqrt(mean(x²) + epsilon) · scale}, the mean taken
 * over the normalized axes ({@code axis}, by default the last); no centring, no offset (unlike
 * {@link LayerNormalization}'s {@code rms_scaling}, which takes the variance around the mean).
 *
 * <p>Keras creates {@code scale} with the input's sizes on the sorted axes and multiplies it as
 * {@code ops.multiply} broadcasts: aligned with the input's <em>trailing</em> axes, whatever the
 * normalized axes are. For axes that are the trailing ones (the usual case) the two coincide and
 * rows are normalized by {@link Kernels#layerNormRows}; otherwise (e.g. {@code axis=1} of a {@code
 * (batch, 6, 6)} input, whose scale multiplies the last axis) the statistics are taken per group in
 * double and the scale is applied as broadcast.
 *
 * <p>Keras' layer does not support masking: a mask ends here.
 */
public final class RMSNormalization extends Layer {
  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-6f;

  private final int rank;
  private final int[] axes;        // normalized axes, ascending, in [0, rank)
  private final int[] sizes;       // the input's sizes on the axes
  private final AxisGroups.Cache groups;
  private final float epsilon;
  private final float[] scale;     // row-major over scaleShape
  private final int[] scaleShape;  // Keras' shape: the sizes on the sorted axes as Keras wrote them
  private final int[] trailing;    // the input's last scaleShape.length sizes the scale broadcasts against
  private final boolean rows;      // trailing axes normalized and scaled alike: the row kernel
  private final int[] scaleIndex;  // general path: scale element of each trailing position; null on rows

  /**
   * @param rank the input's rank, batch axis included
   * @param axes the normalized axes, distinct, ascending, in {@code [1, rank)}
   * @param sizes the input's size on each axis
   * @param scale {@code scale}, row-major over {@code scaleShape}
   * @param scaleShape the shape Keras gave {@code scale} (the sizes on Keras' sorted {@code axis})
   * @param trailing the input's sizes on its last {@code scaleShape.length} axes, against which
   *     {@code scale} broadcasts (each scale size equals it or is 1)
   * @throws ShapeMismatchException if the axes, the scale or its broadcast do not fit
   */
  public RMSNormalization(String name, int rank, int[] axes, int[] sizes, float epsilon, float[] scale,
                          int[] scaleShape, int[] trailing) {
    super(name);
    Checks.positive(name, "input rank", rank);
    if (axes.length == 0 || sizes.length != axes.length) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": " + axes.length + " axes and "
          + sizes.length + " sizes");
    }
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 1 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1])) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": axes " + Arrays.toString(axes)
            + " are not distinct ascending non-batch axes of a rank-" + rank + " input");
      }
      Checks.positive(name, "size of normalized axis " + axes[i], sizes[i]);
    }
    if (scaleShape.length != trailing.length || scaleShape.length > rank - 1) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": weight 'scale' of shape "
          + Arrays.toString(scaleShape) + " does not broadcast against the input's trailing sizes "
          + Arrays.toString(trailing));
    }
    for (int i = 0; i < scaleShape.length; i++) {
      if (trailing[i] <= 0 || (scaleShape[i] != trailing[i] && scaleShape[i] != 1)) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": weight 'scale' of shape "
            + Arrays.toString(scaleShape) + " does not broadcast against the input's trailing sizes "
            + Arrays.toString(trailing) + " without changing the output's shape");
      }
    }
    this.rank = rank;
    this.axes = axes.clone();
    this.sizes = sizes.clone();
    this.groups = new AxisGroups.Cache(this.axes);
    this.epsilon = epsilon;
    this.scale = Checks.weight(name, "scale", scale, scaleShape).clone();
    this.scaleShape = scaleShape.clone();
    this.trailing = trailing.clone();
    this.rows = AxisGroups.isSuffix(rank, axes) && Arrays.equals(scaleShape, sizes);
    this.scaleIndex = rows ? null : scaleIndex(scaleShape, trailing);
  }

  // For each row-major position over the trailing sizes, the scale element broadcast onto it.
  private static int[] scaleIndex(int[] scaleShape, int[] trailing) {
    int n = 1;
    for (int d : trailing) {
      n = Math.multiplyExact(n, d);
    }
    int[] r = new int[n];
    int m = trailing.length;
    int[] idx = new int[m];
    for (int e = 0; e < n; e++) {
      int s = 0;
      for (int i = 0; i < m; i++) {
        s = s * scaleShape[i] + (scaleShape[i] == 1 ? 0 : idx[i]);
      }
      r[e] = s;
      for (int i = m - 1; i >= 0; i--) {
        if (++idx[i] < trailing[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return r;
  }

  @Override
  public String kerasClass() {
    return "RMSNormalization";
  }

  /** The normalized axes, ascending. */
  public int[] axes() {
    return axes.clone();
  }

  /** {@code epsilon}. */
  public float epsilon() {
    return epsilon;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return scale.length;
  }

  // Each step is normalized alone unless the statistics or the scale span the time axis.
  @Override
  public boolean isStreamable() {
    return Arrays.binarySearch(axes, 1) < 0 && scaleShape.length <= rank - 2;
  }

  @Override
  public Tensor call(Tensor x) {
    AxisGroups.check(name(), x.shape(), rank, axes, sizes);
    int[] shape = x.shape();
    for (int i = 0; i < trailing.length; i++) {
      if (shape[rank - trailing.length + i] != trailing[i]) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": input shape "
            + Arrays.toString(shape) + " does not end in " + Arrays.toString(trailing)
            + ", the sizes the scale was built for");
      }
    }
    float[] out = Buffers.floats(x.size());
    System.arraycopy(x.data(), 0, out, 0, out.length);
    AxisGroups g = groups.of(shape);
    if (rows) {
      Kernels.layerNormRows(out, 0, g.count, g.size, epsilon, scale, null, VectorKernels.Norm.RMS);
    } else {
      normalizeGroups(out, g);
      int period = scaleIndex.length;
      for (int e = 0, p = 0; e < out.length; e++) {
        out[e] *= scale[scaleIndex[p]];
        if (++p == period) {
          p = 0;
        }
      }
    }
    return Tensor.of(out, shape);
  }

  // Strided groups: the mean square in double, x · rsqrt(mean + ε) rounded once to float.
  private void normalizeGroups(float[] a, AxisGroups g) {
    final int n = g.size;
    for (int r = 0; r < g.count; r++) {
      final int o = g.base(r);
      double sq = 0;
      for (int k = 0; k < n; k++) {
        double v = a[o + g.at(k)];
        sq += v * v;
      }
      final double inv = 1.0 / Math.sqrt(sq / n + epsilon);
      for (int k = 0; k < n; k++) {
        int i = o + g.at(k);
        a[i] = (float) (a[i] * inv);
      }
    }
  }
}
