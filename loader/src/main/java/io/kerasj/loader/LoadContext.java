package io.kerasj.loader;

import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.rnn.RNNCell;

/** Lets a factory build the layers and cells nested in its config through the same registry. */
public final class LoadContext {
  private final CustomObjects customObjects;
  private final ModelAssembler models;

  LoadContext(CustomObjects customObjects, ModelAssembler models) {
    this.customObjects = customObjects;
    this.models = models;
  }

  /** Builds a nested layer (e.g. the layer inside {@code TimeDistributed}), which may be a whole model. */
  public Layer layer(LayerConfig config, LayerWeights weights, int[] inputShape) {
    if (ModelAssembler.isModelClass(config.className()) && customObjects.layer(config) == null) {
      return models.nestedModel(config, weights.asStore(), inputShape);
    }
    LayerFactory f = customObjects.layer(config);
    if (f == null) {
      throw unknown(config, "layer", "withLayer");
    }
    return f.create(config, weights, inputShape, this);
  }

  /** Builds a nested recurrent cell (e.g. the cell of an {@code RNN} layer). */
  public RNNCell cell(LayerConfig config, LayerWeights weights, int inputSize) {
    CellFactory f = customObjects.cell(config);
    if (f == null) {
      throw unknown(config, "RNN cell", "withCell");
    }
    return f.create(config, weights, inputSize, this);
  }

  private static UnsupportedFeatureException unknown(LayerConfig c, String kind, String method) {
    String key = c.registeredName() != null && !c.registeredName().equals(c.className())
        ? "'" + c.className() + "' (registered as '" + c.registeredName() + "')" : "'" + c.className() + "'";
    return new UnsupportedFeatureException(c.source() + ": unknown " + kind + " class " + key + " in layer '"
        + c.name() + "'. kerasj has no built-in implementation; register one with "
        + "LoadOptions.defaults().withCustomObjects(CustomObjects.defaults()." + method + "(\"" + c.className()
        + "\", factory))");
  }
}
