package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.List;

/**
 * Keras 3 operations recorded as Functional graph nodes ({@code keras/src/ops}).
 */
final class OpNodes {
  private OpNodes() {}

  static void register(Registry r) {
    r.layer("NotEqual", OpNodes::notEqual);
    r.layer("Any", OpNodes::any);
  }

  /** Keras 3 saves a Masking layer's mask computation as {@code not_equal(x, value)} then {@code any}. */
  static Layer notEqual(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    List<com.google.gson.JsonElement> k = c.callConstants();
    if (k.size() != 1 || !k.get(0).isJsonPrimitive() || !k.get(0).getAsJsonPrimitive().isNumber()) {
      throw new UnsupportedFeatureException(c.where()
          + ": kerasj supports not_equal(tensor, number) only, got constants "
          + Messages.snippet(k));
    }
    return new io.kerasj.ops.NotEqual(c.name(), k.get(0).getAsFloat());
  }

  static Layer any(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int axis = c.getInt("axis", -1);
    if (axis != -1 && axis != inputShape.length - 1) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + axis + " is not supported (last axis only)");
    }
    c.callConstants();
    return new io.kerasj.ops.Any(c.name(), c.getBoolean("keepdims", false));
  }
}
