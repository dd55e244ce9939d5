package io.kerasj.loader.layers;

import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.pooling.AdaptiveAveragePooling1D;
import io.kerasj.layers.pooling.AdaptiveAveragePooling2D;
import io.kerasj.layers.pooling.AdaptiveAveragePooling3D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling1D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling2D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling3D;
import io.kerasj.layers.pooling.AdaptivePooling;
import io.kerasj.layers.pooling.AveragePooling1D;
import io.kerasj.layers.pooling.AveragePooling2D;
import io.kerasj.layers.pooling.AveragePooling3D;
import io.kerasj.layers.pooling.GlobalAveragePooling1D;
import io.kerasj.layers.pooling.GlobalAveragePooling2D;
import io.kerasj.layers.pooling.GlobalAveragePooling3D;
import io.kerasj.layers.pooling.GlobalMaxPooling1D;
import io.kerasj.layers.pooling.GlobalMaxPooling2D;
import io.kerasj.layers.pooling.GlobalMaxPooling3D;
import io.kerasj.layers.pooling.MaxPooling1D;
import io.kerasj.layers.pooling.MaxPooling2D;
import io.kerasj.layers.pooling.MaxPooling3D;
import io.kerasj.loader.LayerConfig;

/**
 * Keras' pooling layers ({@code keras/src/layers/pooling}) of one, two and three spatial axes.
 * Both versions write {@code pool_size} and {@code strides} as lists, {@code padding} and {@code
 * data_format}; a {@code null} stride means the pool size. The global layers write {@code
 * data_format} and {@code keepdims}.
 */
final class PoolingLayers {
  private PoolingLayers() {}

  static void register(Registry r) {
    for (int d = 1; d <= 3; d++) {
      final int dims = d;
      r.layer("MaxPooling" + d + "D", (c, w, s, ctx) -> pooling(c, s, dims, false));
      r.layer("AveragePooling" + d + "D", (c, w, s, ctx) -> pooling(c, s, dims, true));
      r.layer("GlobalAveragePooling" + d + "D", (c, w, s, ctx) -> globalPooling(c, s, dims, true));
      r.layer("GlobalMaxPooling" + d + "D", (c, w, s, ctx) -> globalPooling(c, s, dims, false));
      r.layer("AdaptiveAveragePooling" + d + "D", (c, w, s, ctx) -> adaptivePooling(c, s, dims, true));
      r.layer("AdaptiveMaxPooling" + d + "D", (c, w, s, ctx) -> adaptivePooling(c, s, dims, false));
    }
  }

  /**
   * Keras 3's adaptive pooling: {@code output_size} (an int or one per spatial axis) and {@code
   * data_format}. Keras' TensorFlow backend needs the spatial sizes known and pools with a window
   * one longer than {@code ⌈n/output⌉}, so it cannot compute an axis where that window does not fit
   * ({@code output_size} 1, or an axis of length 1); such a layer is refused here.
   */
  static Layer adaptivePooling(LayerConfig c, int[] inputShape, int dims, boolean average) {
    Options.rank(c, inputShape, dims + 2);
    DataFormat format = Options.dataFormat(c);
    int[] out = Options.tuple(c, "output_size", dims, -1, 1);
    int first = format == DataFormat.CHANNELS_FIRST ? 2 : 1;
    for (int a = 0; a < dims; a++) {
      int n = inputShape[first + a];
      if (n < 0) {
        throw new UnsupportedFeatureException(c.where() + ": spatial axis " + (a + 1) + " of the input "
            + io.kerasj.Model.formatShape(inputShape) + " has no fixed length; Keras' adaptive pooling needs it");
      }
      if (!AdaptivePooling.fits(n, out[a])) {
        throw new UnsupportedFeatureException(c.where() + ": option 'output_size' = " + out[a] + " on spatial axis "
            + (a + 1) + " of length " + n + " is not supported: Keras' TensorFlow backend pools it with a window of "
            + ((n + out[a] - 1) / out[a] + 1) + " positions, longer than the axis, and fails");
      }
    }
    switch (dims) {
      case 1:
        return average ? new AdaptiveAveragePooling1D(c.name(), out, format) : new AdaptiveMaxPooling1D(c.name(), out, format);
      case 2:
        return average ? new AdaptiveAveragePooling2D(c.name(), out, format) : new AdaptiveMaxPooling2D(c.name(), out, format);
      default:
        return average ? new AdaptiveAveragePooling3D(c.name(), out, format) : new AdaptiveMaxPooling3D(c.name(), out, format);
    }
  }

  static Layer pooling(LayerConfig c, int[] inputShape, int dims, boolean average) {
    Options.rank(c, inputShape, dims + 2);
    DataFormat format = Options.dataFormat(c);
    int[] pool = Options.tuple(c, "pool_size", dims, 2, 1);
    // strides = None means strides = pool_size, in both versions.
    int[] strides = c.has("strides") ? Options.tuple(c, "strides", dims, 1, 1) : pool;
    Padding padding = Options.padding(c, false);
    switch (dims) {
      case 1:
        return average ? new AveragePooling1D(c.name(), pool[0], strides[0], padding, format)
            : new MaxPooling1D(c.name(), pool[0], strides[0], padding, format);
      case 2:
        return average ? new AveragePooling2D(c.name(), pool, strides, padding, format)
            : new MaxPooling2D(c.name(), pool, strides, padding, format);
      default:
        return average ? new AveragePooling3D(c.name(), pool, strides, padding, format)
            : new MaxPooling3D(c.name(), pool, strides, padding, format);
    }
  }

  static Layer globalPooling(LayerConfig c, int[] inputShape, int dims, boolean average) {
    Options.rank(c, inputShape, dims + 2);
    DataFormat format = Options.dataFormat(c);
    boolean keepDims = c.getBoolean("keepdims", false);
    switch (dims) {
      case 1:
        return average ? new GlobalAveragePooling1D(c.name(), format, keepDims)
            : new GlobalMaxPooling1D(c.name(), format, keepDims);
      case 2:
        return average ? new GlobalAveragePooling2D(c.name(), format, keepDims)
            : new GlobalMaxPooling2D(c.name(), format, keepDims);
      default:
        return average ? new GlobalAveragePooling3D(c.name(), format, keepDims)
            : new GlobalMaxPooling3D(c.name(), format, keepDims);
    }
  }
}
