package io.kerasj.loader.layers;

import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.pooling.AveragePooling1D;
import io.kerasj.layers.pooling.GlobalAveragePooling1D;
import io.kerasj.layers.pooling.GlobalMaxPooling1D;
import io.kerasj.layers.pooling.MaxPooling1D;
import io.kerasj.loader.LayerConfig;

/**
 * Keras' pooling layers ({@code keras/src/layers/pooling}).
 */
final class PoolingLayers {
  private PoolingLayers() {}

  static void register(Registry r) {
    r.layer("MaxPooling1D", (c, w, s, ctx) -> pooling(c, s, false));
    r.layer("AveragePooling1D", (c, w, s, ctx) -> pooling(c, s, true));
    r.layer("GlobalAveragePooling1D", (c, w, s, ctx) -> globalPooling(c, s, true));
    r.layer("GlobalMaxPooling1D", (c, w, s, ctx) -> globalPooling(c, s, false));
  }

  static Layer pooling(LayerConfig c, int[] inputShape, boolean average) {
    Options.rank(c, inputShape, 3);
    Options.channelsLast(c);
    int pool = Options.single(c, "pool_size", 2);
    // strides = None means strides = pool_size, in both versions.
    int stride = Options.single(c, "strides", pool);
    Padding padding = Options.padding(c, false);
    return average ? new AveragePooling1D(c.name(), pool, stride, padding)
        : new MaxPooling1D(c.name(), pool, stride, padding);
  }

  static Layer globalPooling(LayerConfig c, int[] inputShape, boolean average) {
    Options.rank(c, inputShape, 3);
    Options.channelsLast(c);
    boolean keepDims = c.getBoolean("keepdims", false);
    return average ? new GlobalAveragePooling1D(c.name(), keepDims) : new GlobalMaxPooling1D(c.name(), keepDims);
  }
}
