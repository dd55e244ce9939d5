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

  /** The options of {@code kerasClass} that hold serialized cells (e.g. RNN's {@code cell}). */
  void nestedCells(String kerasClass, String... options) {
    nestedCells.put(kerasClass, List.of(options));
  }
}
