package io.kerasj.loader;

import io.kerasj.layers.Layer;

/**
 * Builds a runtime layer from a Keras layer's config and weights: the Java twin of an entry in
 * Keras' {@code custom_objects}. Register one in {@link CustomObjects}.
 */
@FunctionalInterface
public interface LayerFactory {
  /**
   * @param config the layer's config; read every option that changes the math, so that unread
   *     ones are rejected as unsupported
   * @param weights the layer's weights in creation order
   * @param inputShape the input shape, batch axis included ({@code -1} = unknown)
   * @param context builds nested layers and cells through the same registry
   */
  Layer create(LayerConfig config, LayerWeights weights, int[] inputShape, LoadContext context);
}
