package io.kerasj.loader.layers;

import io.kerasj.layers.Layer;
import io.kerasj.layers.applications.CustomScaleLayer;
import io.kerasj.layers.applications.LayerScale;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * The two layer classes that {@code keras.applications} defines for its own models and that their
 * files therefore name: {@code LayerScale} ({@code convnext.py}; both versions write {@code
 * init_values} and {@code projection_dim}, registered as {@code LayerScale}) and {@code
 * CustomScaleLayer} ({@code inception_resnet_v2.py}; {@code scale}; tf-keras registers it as
 * {@code Custom>CustomScaleLayer}).
 */
final class ApplicationLayers {
  private ApplicationLayers() {}

  static void register(Registry r) {
    r.layer("LayerScale", ApplicationLayers::layerScale);
    r.layer("CustomScaleLayer", ApplicationLayers::customScale);
  }

  static Layer layerScale(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int dim = c.getInt("projection_dim");
    c.ignore("init_values"); // the initializer of gamma, which the file holds
    Options.features(c, inputShape, 0);
    if (inputShape[inputShape.length - 1] != dim) {
      throw new io.kerasj.ShapeMismatchException(c.where() + ": projection_dim = " + dim + " but the input's last axis"
          + " has size " + inputShape[inputShape.length - 1]);
    }
    return new LayerScale(c.name(), w.next("gamma", dim));
  }

  static Layer customScale(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    if (!c.has("scale")) {
      throw new io.kerasj.ModelFormatException(c.where() + ": required option 'scale' is missing");
    }
    return new CustomScaleLayer(c.name(), c.getFloat("scale", 1f));
  }
}
