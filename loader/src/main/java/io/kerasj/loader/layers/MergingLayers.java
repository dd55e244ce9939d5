package io.kerasj.loader.layers;

import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.merging.Concatenate;
import io.kerasj.layers.merging.Dot;
import io.kerasj.layers.merging.Merge;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerFactory;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' merging layers ({@code keras/src/layers/merging}).
 */
final class MergingLayers {
  private MergingLayers() {}

  static void register(Registry r) {
    r.layer("Add", merge(Merge.Op.ADD));
    r.layer("Subtract", merge(Merge.Op.SUBTRACT));
    r.layer("Multiply", merge(Merge.Op.MULTIPLY));
    r.layer("Average", merge(Merge.Op.AVERAGE));
    r.layer("Maximum", merge(Merge.Op.MAXIMUM));
    r.layer("Minimum", merge(Merge.Op.MINIMUM));
    r.layer("Concatenate", MergingLayers::concatenate);
    r.layer("Dot", MergingLayers::dot);
  }

  /** {@code axes}: one int for both inputs, or a pair; negative values count from the end of each input. */
  static Layer dot(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int[] axes = c.getInts("axes");
    if (axes == null) {
      throw new ModelFormatException(c.where() + ": required option 'axes' is missing");
    }
    boolean pair = c.getJson("axes").isJsonArray();
    if (pair && axes.length != 2) {
      throw new ModelFormatException(c.where() + ": option 'axes' should be an integer or a pair, got "
          + c.getJson("axes") + " (Keras refuses it too)");
    }
    return new Dot(c.name(), axes[0], pair ? axes[1] : axes[0], c.getBoolean("normalize", false));
  }

  static Layer concatenate(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int axis = c.getInt("axis", -1);
    if (axis == 0 || axis == -inputShape.length) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + axis + " concatenates along the batch "
          + "axis, which kerasj does not support");
    }
    return new Concatenate(c.name(), axis);
  }

  private static LayerFactory merge(Merge.Op op) {
    return (c, w, s, ctx) -> new Merge(c.name(), op, c.kerasMajor() >= 3);
  }
}
