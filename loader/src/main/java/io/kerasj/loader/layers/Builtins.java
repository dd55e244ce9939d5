package io.kerasj.loader.layers;

import io.kerasj.loader.CellFactory;
import io.kerasj.loader.LayerFactory;
import java.util.List;
import java.util.Map;

/**
 * The built-in Keras classes: one factory per class name, each reading exactly the options that
 * change inference and the weights in the order Keras creates them. Each family, named as Keras
 * names it under {@code keras/src/layers/}, registers its own classes; a new layer goes into its
 * family's file, a new family into the list below.
 *
 * <p>Internal: not part of kerasj's API (the loader's module does not export this package).
 */
public final class Builtins {
  private Builtins() {}

  private static final Registry REGISTRY = new Registry();

  static {
    CoreLayers.register(REGISTRY);
    RnnLayers.register(REGISTRY);
    ConvolutionalLayers.register(REGISTRY);
    PoolingLayers.register(REGISTRY);
    NormalizationLayers.register(REGISTRY);
    MergingLayers.register(REGISTRY);
    ReshapingLayers.register(REGISTRY);
    ActivationLayers.register(REGISTRY);
    AttentionLayers.register(REGISTRY);
    RegularizationLayers.register(REGISTRY);
    PreprocessingLayers.register(REGISTRY);
    OpNodes.register(REGISTRY);
  }

  /** Layer factories by Keras class name. */
  public static final Map<String, LayerFactory> LAYERS = Map.copyOf(REGISTRY.layers);
  /** Cell factories by Keras class name. */
  public static final Map<String, CellFactory> CELLS = Map.copyOf(REGISTRY.cells);
  /**
   * The options of built-in layers that hold serialized layers, as their factories read them: the
   * loader checks the classes there before anything is built.
   */
  public static final Map<String, List<String>> NESTED_LAYERS = Map.copyOf(REGISTRY.nestedLayers);
  /**
   * The call keyword arguments built-in layers read, in the order their tensors follow the
   * positional inputs (see {@code Registry.callArguments}).
   */
  public static final Map<String, List<String>> CALL_ARGUMENTS = Map.copyOf(REGISTRY.callArguments);
  /** The options of built-in layers and cells that hold serialized cells. */
  public static final Map<String, List<String>> NESTED_CELLS = Map.copyOf(REGISTRY.nestedCells);

  /** The notebook's {@code LNSimpleRNNCell}, which {@code CustomObjects.defaults()} registers. */
  public static final CellFactory LN_SIMPLE_RNN_CELL = RnnLayers::lnSimpleRnnCell;
}
