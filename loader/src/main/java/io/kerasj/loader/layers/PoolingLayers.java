package io.kerasj.loader.layers;

import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
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
