package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.reshaping.Cropping1D;
import io.kerasj.layers.reshaping.Flatten;
import io.kerasj.layers.reshaping.Permute;
import io.kerasj.layers.reshaping.RepeatVector;
import io.kerasj.layers.reshaping.Reshape;
import io.kerasj.layers.reshaping.UpSampling1D;
import io.kerasj.layers.reshaping.ZeroPadding1D;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' reshaping layers ({@code keras/src/layers/reshaping}).
 *
 * <p>Keras 3 writes {@code data_format} for ZeroPadding1D; Keras 2 does not.
 */
final class ReshapingLayers {
  private ReshapingLayers() {}

  static void register(Registry r) {
    r.layer("ZeroPadding1D", ReshapingLayers::zeroPadding1d);
    r.layer("Cropping1D", ReshapingLayers::cropping1d);
    r.layer("UpSampling1D", ReshapingLayers::upSampling1d);
    r.layer("Flatten", ReshapingLayers::flatten);
    r.layer("Reshape", ReshapingLayers::reshape);
    r.layer("RepeatVector", ReshapingLayers::repeatVector);
    r.layer("Permute", ReshapingLayers::permute);
  }

  static Layer zeroPadding1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 3);
    Options.channelsLast(c);
    int[] p = Options.pair(c, "padding", 1);
    return new ZeroPadding1D(c.name(), p[0], p[1]);
  }

  static Layer cropping1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 3);
    int[] p = Options.pair(c, "cropping", 1);
    return new Cropping1D(c.name(), p[0], p[1]);
  }

  static Layer upSampling1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 3);
    return new UpSampling1D(c.name(), c.getInt("size", 2));
  }

  static Layer flatten(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    // channels_first reorders axes before flattening, which only matters from rank 3 on.
    if (inputShape.length >= 3) {
      Options.channelsLast(c);
    } else {
      c.ignore("data_format");
    }
    return new Flatten(c.name());
  }

  static Layer reshape(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("target_shape");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'target_shape' should be a list, got "
          + Messages.snippet(e));
    }
    int[] target = Options.ints(c, "target_shape", e.getAsJsonArray(), true);
    Reshape r = new Reshape(c.name(), target);
    r.outputShape(inputShape); // fails at load if the sizes cannot match
    return r;
  }

  static Layer repeatVector(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 2);
    return new RepeatVector(c.name(), c.getInt("n"));
  }

  static Layer permute(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("dims");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'dims' should be a list, got " + Messages.snippet(e));
    }
    int[] dims = Options.ints(c, "dims", e.getAsJsonArray(), false);
    Options.rank(c, inputShape, dims.length + 1);
    return new Permute(c.name(), dims);
  }
}
