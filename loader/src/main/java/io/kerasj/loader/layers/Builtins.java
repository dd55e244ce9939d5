package io.kerasj.loader.layers;

import io.kerasj.loader.CellFactory;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    ImagePreprocessingLayers.register(REGISTRY);
    ApplicationLayers.register(REGISTRY);
    OpNodes.register(REGISTRY);
  }

  /** Layer factories by Keras class name. */
  public static final Map<String, LayerFactory> LAYERS = Map.copyOf(REGISTRY.layers);
  /**
   * Keras classes kerasj knows and refuses on purpose (no factory), with the reason the load error
   * gives: e.g. image preprocessing layers that are not the identity at inference.
   */
  public static final Map<String, String> REFUSED = ImagePreprocessingLayers.REFUSED;
  /** How built-in layers run a later call with other call options (see {@link CallVariant}). */
  public static final Map<String, CallVariant> CALL_VARIANTS = Map.copyOf(REGISTRY.callVariants);
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

  /** Keras 3 op nodes by module and class ({@code "keras.src.ops.numpy.Add"}). */
  public static final Map<String, LayerFactory> OPS = Map.copyOf(REGISTRY.ops);
  /** The class names of {@link #OPS} (Keras 3's legacy {@code .h5} records no module). */
  public static final Set<String> OP_CLASSES = opClasses();
  /** The TensorFlow functions tf-keras' {@code TFOpLambda} records that kerasj runs ({@code "math.add"}). */
  public static final Set<String> TF_FUNCTIONS = Set.copyOf(REGISTRY.tfFunctions.keySet());

  private static Set<String> opClasses() {
    Map<String, Integer> count = new java.util.HashMap<>();
    for (String q : REGISTRY.ops.keySet()) {
      count.merge(q.substring(q.lastIndexOf('.') + 1), 1, Integer::sum);
    }
    Set<String> r = new java.util.HashSet<>();
    count.forEach((k, v) -> {
      if (v == 1) { // a class name in two modules cannot be told apart without the module
        r.add(k);
      }
    });
    return Set.copyOf(r);
  }

  /** The factory of an op node, by its module and class (by class alone when the file has no module); or null. */
  public static LayerFactory op(LayerConfig c) {
    String m = c.module();
    if (m != null) {
      return REGISTRY.ops.get(m + "." + c.className());
    }
    if (!OP_CLASSES.contains(c.className())) {
      return null;
    }
    for (Map.Entry<String, LayerFactory> e : REGISTRY.ops.entrySet()) {
      if (e.getKey().endsWith("." + c.className())) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Why kerasj cannot build a built-in op layer (a tf-keras {@code TFOpLambda} of a TensorFlow
   * function it does not implement), or null.
   */
  public static String unsupportedOp(LayerConfig c) {
    return OpNodes.unsupported(c);
  }

  /** The factory of a TensorFlow function recorded by {@code TFOpLambda}, or null. */
  static LayerFactory tfFunction(String function) {
    return REGISTRY.tfFunctions.get(function);
  }

  /** The notebook's {@code LNSimpleRNNCell}, which {@code CustomObjects.defaults()} registers. */
  public static final CellFactory LN_SIMPLE_RNN_CELL = RnnLayers::lnSimpleRnnCell;
}
