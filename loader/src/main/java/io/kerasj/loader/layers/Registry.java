package io.kerasj.loader.layers;

import io.kerasj.loader.CellFactory;
import io.kerasj.loader.LayerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a layer family registers: factories by Keras class name, and the options that nest layers. */
final class Registry {
  final Map<String, LayerFactory> layers = new HashMap<>();
  final Map<String, CellFactory> cells = new HashMap<>();
  final Map<String, List<String>> nestedLayers = new HashMap<>();
  final Map<String, List<String>> nestedCells = new HashMap<>();
  final Map<String, List<String>> callArguments = new HashMap<>();
  final Map<String, CallVariant> callVariants = new HashMap<>();
  final Map<String, LayerFactory> ops = new HashMap<>();
  final Map<String, LayerFactory> tfFunctions = new HashMap<>();

  void layer(String kerasClass, LayerFactory f) {
    if (layers.putIfAbsent(kerasClass, f) != null) {
      throw new IllegalStateException("two built-in factories for layer class " + kerasClass);
    }
  }

  /** A Keras 3 op node, by module and class: {@code op("keras.src.ops.numpy", "Add", f)}. */
  void op(String module, String className, LayerFactory f) {
    if (ops.putIfAbsent(module + "." + className, f) != null) {
      throw new IllegalStateException("two built-in factories for op " + module + "." + className);
    }
  }

  /** A TensorFlow function as tf-keras' {@code TFOpLambda} names it ({@code "math.reduce_mean"}). */
  void tfFunction(String function, LayerFactory f) {
    if (tfFunctions.putIfAbsent(function, f) != null) {
      throw new IllegalStateException("two built-in factories for TensorFlow function " + function);
    }
  }

  void cell(String kerasClass, CellFactory f) {
    if (cells.putIfAbsent(kerasClass, f) != null) {
      throw new IllegalStateException("two built-in factories for cell class " + kerasClass);
    }
  }

  /** The options of {@code kerasClass} that hold serialized layers (e.g. Bidirectional's {@code layer}). */
  void nestedLayers(String kerasClass, String... options) {
    nestedLayers.put(kerasClass, List.of(options));
  }

  /**
   * The keyword arguments of a call of {@code kerasClass} its factory reads (e.g.
   * MultiHeadAttention's {@code key}, {@code use_causal_mask}): tensors among them become extra
   * inputs of the layer, in this order, after the positional ones; the others are handed to the
   * factory ({@code LayerConfig.callOption}).
   */
  void callArguments(String kerasClass, String... names) {
    callArguments.put(kerasClass, List.of(names));
  }

  /**
   * How a layer of {@code kerasClass} that a model calls again with other call options (see {@link
   * #callArguments}) runs that call: e.g. ReversibleEmbedding's {@code reverse=True}.
   */
  void callVariant(String kerasClass, CallVariant v) {
    callVariants.put(kerasClass, v);
  }

  /** The options of {@code kerasClass} that hold serialized cells (e.g. RNN's {@code cell}). */
  void nestedCells(String kerasClass, String... options) {
    nestedCells.put(kerasClass, List.of(options));
  }
}
