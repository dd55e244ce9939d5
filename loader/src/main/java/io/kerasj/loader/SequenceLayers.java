package io.kerasj.loader;

import java.util.Map;

/**
 * Factories for the convolutional front-ends and shape/activation layers that surround recurrent
 * layers in sequence models (Conv1D, pooling, padding, BatchNormalization, Reshape, …).
 */
final class SequenceLayers {
  private SequenceLayers() {}

  static final Map<String, LayerFactory> FACTORIES = Map.of();
}
