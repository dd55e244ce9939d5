package io.kerasj.layers.pooling;

import io.kerasj.Mask;
import io.kerasj.layers.DataFormat;

/**
 * The maximum over the spatial axes, shared by {@link GlobalMaxPooling1D}, {@link
 * GlobalMaxPooling2D} and {@link GlobalMaxPooling3D}. Keras does not let it use masks, so masked
 * steps count like any other; an empty input reduces to −∞, as {@code tf.reduce_max} does.
 */
abstract class GlobalMaxPooling extends GlobalPooling {
  GlobalMaxPooling(String name, int dims, DataFormat format, boolean keepDims) {
    super(name, dims, format, keepDims);
  }

  @Override
  final void reduce(float[] in, boolean channelsLast, Mask mask, int batch, int s, int c, float[] out) {
    java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
    for (int b = 0; b < batch; b++) {
      int o = b * c;
      if (channelsLast) {
        for (int t = 0; t < s; t++) {
          int xr = (b * s + t) * c;
          for (int q = 0; q < c; q++) {
            out[o + q] = Math.max(out[o + q], in[xr + q]);
          }
        }
      } else {
        for (int q = 0; q < c; q++) {
          int base = (b * c + q) * s;
          float m = Float.NEGATIVE_INFINITY;
          for (int t = 0; t < s; t++) {
            m = Math.max(m, in[base + t]);
          }
          out[o + q] = m;
        }
      }
    }
  }
}
