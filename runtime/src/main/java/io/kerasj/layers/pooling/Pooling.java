package io.kerasj.layers.pooling;

import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;

/**
 * The window loop shared by the max and average pooling layers of one, two and three spatial
 * axes. TensorFlow's rules: {@code SAME} pads so that there are {@code ⌈n/s⌉} windows with the
 * odd extra position at the end, and padded positions never take part (max ignores them, average
 * divides by the count of real positions).
 *
 * <p>The loop runs in {@code channels_last}, one output pixel at a time, over the window's input
 * pixels in row-major order with the channels innermost: average sums in float32 in that order and
 * then divides by the count, which is exactly what TensorFlow's CPU kernel computes.
 */
abstract class Pooling extends Layer {
  private final int dims;
  private final int[] pool;
  private final int[] strides;
  private final Padding padding;
  private final DataFormat format;
  private final boolean average;

  Pooling(String name, int[] pool, int[] strides, Padding padding, DataFormat format, boolean average) {
    super(name);
    if (pool.length < 1 || pool.length > 3 || strides.length != pool.length) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": " + pool.length
          + " pool sizes and " + strides.length + " strides for a 1-, 2- or 3-D pooling");
    }
    for (int i = 0; i < pool.length; i++) {
      Checks.positive(name, "pool size", pool[i]);
      Checks.positive(name, "strides", strides[i]);
    }
    this.dims = pool.length;
    this.pool = pool.clone();
    this.strides = strides.clone();
    this.padding = check(name, padding);
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.average = average;
  }

  private static Padding check(String layer, Padding p) {
    if (p == null) {
      return Padding.VALID;
    }
    if (p == Padding.CAUSAL) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(layer)
          + ": pooling does not support padding 'causal'");
    }
    return p;
  }

  /** The window's size on each spatial axis. */
  public final int[] poolSize() {
    return pool.clone();
  }

  /** The step between windows on each spatial axis. */
  public final int[] strides() {
    return strides.clone();
  }

  /** How windows are placed at the edges. */
  public final Padding padding() {
    return padding;
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
      s[i] = padding.outputLength(s[i], pool[i], strides[i]);
    }
    return Spatial.shape(inputShape[0], s, c, format);
  }

  @Override
  public final Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, dims, format, -1);
    int[] shape = x.shape();
    int batch = shape[0];
    int[] in = Spatial.sizes(shape, format);
    int[] outShape = outputShape(shape);
    // Spatial axes as (depth, height, width), missing leading axes of size 1.
    int off = 3 - dims;
    int[] n = {1, 1, 1};
    int[] o = {1, 1, 1};
    int[] k = {1, 1, 1};
    int[] st = {1, 1, 1};
    int[] pad = {0, 0, 0};
    for (int i = 0; i < dims; i++) {
      n[off + i] = in[i];
      o[off + i] = padding.outputLength(in[i], pool[i], strides[i]);
      k[off + i] = pool[i];
      st[off + i] = strides[i];
      pad[off + i] = padding.padLeft(in[i], pool[i], strides[i]);
    }
    int outSize = Math.multiplyExact(Math.multiplyExact(batch, Spatial.product(o)), c);
    float[] src = x.data();
    if (format == DataFormat.CHANNELS_FIRST) {
      src = Spatial.toChannelsLast(src, batch, c, Spatial.product(n));
    }
    float[] dst = Buffers.floats(outSize);
    final float[] s = src;
    int rows = batch * o[0] * o[1];
    int slices = Spatial.slices(rows, (long) outSize * (1 + k[0] * k[1] * k[2]));
    if (slices == 1) {
      poolRows(s, dst, c, n, o, k, st, pad, 0, rows);
    } else {
      Spatial.run(slices, rows, (lo, hi) -> poolRows(s, dst, c, n, o, k, st, pad, lo, hi));
    }
    float[] out = dst;
    if (format == DataFormat.CHANNELS_FIRST) {
      Buffers.release(src);
      out = Spatial.toChannelsFirst(dst, batch, Spatial.product(o), c);
      Buffers.release(dst);
    }
    return Tensor.of(out, outShape);
  }

  // Output rows [lo, hi) of (batch, depth, height): every output pixel of those rows.
  private void poolRows(float[] in, float[] out, int c, int[] n, int[] o, int[] k, int[] st, int[] pad, int lo,
                        int hi) {
    final int id = n[0];
    final int ih = n[1];
    final int iw = n[2];
    final int od = o[0];
    final int oh = o[1];
    final int ow = o[2];
    for (int r = lo; r < hi; r++) {
      int b = r / (od * oh);
      int z = r / oh % od;
      int y = r % oh;
      int d0 = Math.max(0, z * st[0] - pad[0]);
      int d1 = Math.min(id, z * st[0] - pad[0] + k[0]);
      int h0 = Math.max(0, y * st[1] - pad[1]);
      int h1 = Math.min(ih, y * st[1] - pad[1] + k[1]);
      for (int xo = 0; xo < ow; xo++) {
        int w0 = Math.max(0, xo * st[2] - pad[2]);
        int w1 = Math.min(iw, xo * st[2] - pad[2] + k[2]);
        int dstOff = (r * ow + xo) * c;
        if (!average) {
          java.util.Arrays.fill(out, dstOff, dstOff + c, Float.NEGATIVE_INFINITY);
        }
        for (int dz = d0; dz < d1; dz++) {
          for (int hy = h0; hy < h1; hy++) {
            int row = ((b * id + dz) * ih + hy) * iw;
            for (int wx = w0; wx < w1; wx++) {
              int srcOff = (row + wx) * c;
              if (average) {
                for (int q = 0; q < c; q++) {
                  out[dstOff + q] += in[srcOff + q];
                }
              } else {
                for (int q = 0; q < c; q++) {
                  out[dstOff + q] = Math.max(out[dstOff + q], in[srcOff + q]);
                }
              }
            }
          }
        }
        if (average) {
          float count = (d1 - d0) * (h1 - h0) * (w1 - w0);
          for (int q = 0; q < c; q++) {
            out[dstOff + q] /= count;
          }
        }
      }
    }
  }
}
