package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;

/**
 * What the zero-padding and cropping layers of one, two and three spatial axes share: a number of
 * positions before and after the data on each spatial axis, and the copy that moves each sample's
 * kept block to its place in the output. Both layouts are copied directly: a {@code channels_last}
 * row of pixels is one contiguous run, a {@code channels_first} row one run per channel.
 */
abstract class SpatialMargins extends Layer {
  final int dims;
  final int[] before;
  final int[] after;
  final DataFormat format;
  private final boolean pad;

  /**
   * @param pad true for zero padding (the margins are added), false for cropping (removed)
   * @param before positions added or removed before the data, one per spatial axis
   * @param after positions added or removed after it
   */
  SpatialMargins(String name, boolean pad, int[] before, int[] after, DataFormat format) {
    super(name);
    String what = pad ? "padding" : "cropping";
    if (before.length != after.length || before.length < 1 || before.length > 3) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": " + what + " needs one (before, after) "
          + "pair per spatial axis, got " + before.length + " and " + after.length + " values");
    }
    for (int i = 0; i < before.length; i++) {
      if (before[i] < 0 || after[i] < 0) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": " + what + " must be >= 0, got ("
            + before[i] + ", " + after[i] + ") on spatial axis " + i);
      }
    }
    this.dims = before.length;
    this.before = before.clone();
    this.after = after.clone();
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.pad = pad;
  }

  /** Where the channel axis is. */
  public final DataFormat dataFormat() {
    return format;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    int c = Spatial.check(name(), inputShape, dims, format, -1);
    int[] s = Spatial.sizes(inputShape, format);
    for (int i = 0; i < dims; i++) {
      if (s[i] < 0) {
        continue;
      }
      int margins = before[i] + after[i];
      // Keras refuses a cropping that leaves nothing (sum(cropping) >= size), not only a negative size.
      if (!pad && s[i] <= margins) {
        throw new ShapeMismatchException("layer " + Messages.quote(name()) + ": cannot crop " + margins
            + " positions from spatial axis " + i + " of an input of shape " + io.kerasj.Model.formatShape(inputShape)
            + " (at least one must remain)");
      }
      s[i] = pad ? s[i] + margins : s[i] - margins;
    }
    return Spatial.shape(inputShape[0], s, c, format);
  }

  @Override
  public final Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, dims, format, -1);
    int[] out;
    try {
      out = outputShape(x.shape());
    } catch (ShapeMismatchException e) {
      throw new InvalidInputException(e.getMessage());
    }
    int[] n = {1, 1, 1};
    int[] m = {1, 1, 1};
    int[] from = {0, 0, 0};
    int[] to = {0, 0, 0};
    int[] in = Spatial.sizes(x.shape(), format);
    int[] os = Spatial.sizes(out, format);
    int off = 3 - dims;
    for (int i = 0; i < dims; i++) {
      n[off + i] = in[i];
      m[off + i] = os[i];
      from[off + i] = pad ? 0 : before[i];
      to[off + i] = pad ? before[i] : 0;
    }
    int[] count = pad ? n : m;
    boolean last = format == DataFormat.CHANNELS_LAST;
    int unit = last ? c : 1;
    int outer = last ? x.dim(0) : Math.multiplyExact(x.dim(0), c);
    float[] src = x.data();
    float[] dst = Buffers.floats(Math.multiplyExact(Math.multiplyExact(outer, Spatial.product(m)), unit));
    Spatial.copyBlock(src, outer, n, from, dst, m, to, count, unit);
    return Tensor.of(dst, out);
  }
}
