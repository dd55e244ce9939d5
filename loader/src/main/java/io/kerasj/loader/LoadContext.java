package io.kerasj.loader;

import io.kerasj.Messages;
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
      throw new UnsupportedFeatureException(unknown(config, false) + ". "
          + UnsupportedReport.sentence(unknownHint(config, false)));
    }
    return f.create(config, weights, inputShape, this);
  }

  /** Builds a nested recurrent cell (e.g. the cell of an {@code RNN} layer). */
  public RNNCell cell(LayerConfig config, LayerWeights weights, int inputSize) {
    CellFactory f = customObjects.cell(config);
    if (f == null) {
      throw new UnsupportedFeatureException(unknown(config, true) + ". "
          + UnsupportedReport.sentence(unknownHint(config, true)));
    }
    return f.create(config, weights, inputSize, this);
  }

  CustomObjects customObjects() {
    return customObjects;
  }

  /** "file: layer 'name': unsupported layer class 'Class'" (or cell): a class no registered factory builds. */
  static String unknown(LayerConfig c, boolean cell) {
    if (!cell && c.isOpNode()) {
      return c.source() + ": layer " + Messages.quote(c.name()) + ": unsupported Keras operation "
          + Messages.quote(CustomObjects.opName(c)) + " (kerasj implements the op nodes listed in its README)";
    }
    String key = c.registeredName() != null && !c.registeredName().equals(c.className())
        ? Messages.quote(c.className()) + " (registered as " + Messages.quote(c.registeredName()) + ")"
        : Messages.quote(c.className());
    String why = cell ? null : io.kerasj.loader.layers.Builtins.REFUSED.get(c.className());
    return c.source() + ": " + (cell ? "cell " : "layer ") + Messages.quote(c.name()) + ": unsupported "
        + (cell ? "RNN cell" : "layer") + " class " + key + " (kerasj has no built-in implementation"
        + (why == null ? "" : ": " + why) + ")";
  }

  /** How to add the class {@link #unknown} names. */
  static String unknownHint(LayerConfig c, boolean cell) {
    if (!cell && c.isOpNode()) {
      return UnsupportedReport.registerHint("withLayer", CustomObjects.opName(c));
    }
    return UnsupportedReport.registerHint(cell ? "withCell" : "withLayer", c.className());
  }
}
