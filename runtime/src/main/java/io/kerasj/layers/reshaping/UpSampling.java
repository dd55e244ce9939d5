package io.kerasj.layers.reshaping;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.ImageResize;
import io.kerasj.internal.Sequences;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;
import io.kerasj.layers.Layer;

/**
 * What the up-sampling layers of one, two and three spatial axes share: each spatial axis grows by
 * an integer factor. Nearest repeats every position that many times ({@code np.repeat} on each
 * axis, which is also what {@code tf.image.resize} nearest gives for integer factors); bilinear (2-D
 * only) resizes with {@code tf.image.resize}.
 */
abstract class UpSampling extends Layer {
  private final int dims;
  private final int[] size;
  private final DataFormat format;
  private final Interpolation interpolation;

  UpSampling(String name, int[] size, DataFormat format, Interpolation interpolation) {
    super(name);
    for (int s : size) {
      Checks.positive(name, "size", s);
    }
    this.dims = size.length;
    this.size = size.clone();
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.interpolation = interpolation == null ? Interpolation.NEAREST : interpolation;
  }

  /** The factor of each spatial axis. */
  public final int[] size() {
    return size.clone();
  }

  /** How new positions get their values. */
  public final Interpolation interpolation() {
    return interpolation;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    int c = Spatial.check(name(), inputShape, dims, format, -1);
    int[] s = Spatial.sizes(inputShape, format);
    for (int i = 0; i < dims; i++) {
      s[i] = Sequences.times(s[i], size[i]);
    }
    return Spatial.shape(inputShape[0], s, c, format);
  }

  @Override
  public final Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, dims, format, -1);
    int batch = x.dim(0);
    int[] out = outputShape(x.shape());
    int[] n = {1, 1, 1};
    int[] f = {1, 1, 1};
    int[] in = Spatial.sizes(x.shape(), format);
    for (int i = 0; i < dims; i++) {
      n[3 - dims + i] = in[i];
      f[3 - dims + i] = size[i];
    }
    float[] dst = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, c),
        Math.multiplyExact(Math.multiplyExact(n[0] * f[0], n[1] * f[1]), n[2] * f[2])));
    if (interpolation == Interpolation.NEAREST) {
      boolean last = format == DataFormat.CHANNELS_LAST;
      repeat(x.data(), last ? batch : batch * c, n, f, last ? c : 1, dst);
      return Tensor.of(dst, out);
    }
    float[] src = x.data();
    if (format == DataFormat.CHANNELS_FIRST) {
      src = Spatial.toChannelsLast(src, batch, c, n[1] * n[2]);
    }
    ImageResize.resize(src, batch, n[1], n[2], c, n[1] * f[1], n[2] * f[2], interpolation, dst);
    if (format == DataFormat.CHANNELS_FIRST) {
      Buffers.release(src);
      float[] t = Spatial.toChannelsFirst(dst, batch, n[1] * f[1] * n[2] * f[2], c);
      Buffers.release(dst);
      dst = t;
    }
    return Tensor.of(dst, out);
  }

  /**
   * Repeats each of {@code outer} blocks of {@code n[0]×n[1]×n[2]} pixels of {@code unit} floats
   * by {@code f} on each axis: each output row is built once from its input row and then copied
   * for the row's other repeats.
   */
  private static void repeat(float[] in, int outer, int[] n, int[] f, int unit, float[] out) {
    int ow = n[2] * f[2];
    int rowLen = ow * unit;
    int o = 0;
    for (int b = 0; b < outer; b++) {
      for (int z = 0; z < n[0]; z++) {
        int plane = o;
        for (int y = 0; y < n[1]; y++) {
          int src = ((b * n[0] + z) * n[1] + y) * n[2] * unit;
          int row = o;
          for (int x = 0; x < n[2]; x++) {
            for (int k = 0; k < f[2]; k++) {
              System.arraycopy(in, src + x * unit, out, o, unit);
              o += unit;
            }
          }
          for (int k = 1; k < f[1]; k++) {
            System.arraycopy(out, row, out, o, rowLen);
            o += rowLen;
          }
        }
        int planeLen = o - plane;
        for (int k = 1; k < f[0]; k++) {
          System.arraycopy(out, plane, out, o, planeLen);
          o += planeLen;
        }
      }
    }
  }
}
