package io.kerasj.layers.pooling;

import io.kerasj.Mask;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.DataFormat;

/**
 * The mean over the spatial axes, shared by {@link GlobalAveragePooling1D}, {@link
 * GlobalAveragePooling2D} and {@link GlobalAveragePooling3D}. With a time-step mask (1-D only) the
 * mean is taken over the kept steps ({@code Σ kept x / #kept}; a fully masked sequence gives 0/0 =
 * NaN, as in Keras).
 *
 * <p>A mean over a large image (a 224×224 global pool sums 50176 values per channel) loses digits in
 * a plain float sum, so the sums are compensated (Kahan): channels-last keeps one float running sum
 * and one float compensation per channel, contiguous so that the loop vectorizes; channels-first
 * sums each contiguous channel in double.
 */
abstract class GlobalAveragePooling extends GlobalPooling {
  GlobalAveragePooling(String name, int dims, DataFormat format, boolean keepDims) {
    super(name, dims, format, keepDims);
  }

  @Override
  final void reduce(float[] in, boolean channelsLast, Mask mask, int batch, int s, int c, float[] out) {
    if (!channelsLast) {
      for (int b = 0; b < batch; b++) {
        int n = 0;
        for (int t = 0; t < s; t++) {
          n += mask == null || mask.keep(b, t) ? 1 : 0;
        }
        for (int q = 0; q < c; q++) {
          int base = (b * c + q) * s;
          double sum = 0;
          for (int t = 0; t < s; t++) {
            if (mask == null || mask.keep(b, t)) {
              sum += in[base + t];
            }
          }
          out[b * c + q] = (float) (sum / n);
        }
      }
      return;
    }
    float[] comp = Buffers.floats(c);
    for (int b = 0; b < batch; b++) {
      int o = b * c;
      java.util.Arrays.fill(comp, 0f);
      int n = 0;
      for (int t = 0; t < s; t++) {
        if (mask != null && !mask.keep(b, t)) {
          continue;
        }
        n++;
        int xr = (b * s + t) * c;
        for (int q = 0; q < c; q++) {
          float y = in[xr + q] - comp[q];
          float sum = out[o + q] + y;
          comp[q] = (sum - out[o + q]) - y;
          out[o + q] = sum;
        }
      }
      float count = n;
      for (int q = 0; q < c; q++) {
        out[o + q] /= count;
      }
    }
    Buffers.release(comp);
  }
}
