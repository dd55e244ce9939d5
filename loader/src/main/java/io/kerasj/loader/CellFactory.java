package io.kerasj.loader;

import io.kerasj.layers.rnn.RNNCell;

/**
 * Builds a recurrent cell (the {@code cell} of a Keras {@code RNN} layer) from its config and
 * weights. Register one in {@link CustomObjects} to load a model with a user-defined cell.
 */
@FunctionalInterface
public interface CellFactory {
  /**
   * @param config the cell's config (for LSTM, GRU and SimpleRNN layers, the layer's own config,
   *     which Keras flattens the cell into)
   * @param weights the cell's weights in creation order
   * @param inputSize the number of input features per time step
   * @param context builds nested layers and cells through the same registry
   */
  RNNCell create(LayerConfig config, LayerWeights weights, int inputSize, LoadContext context);
}
