package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * A Keras layer at inference time: immutable once built, safe to call from many threads.
 *
 * <p>Shapes include the batch dimension; {@code -1} stands for a dimension Keras prints as
 * {@code None}.
 */
public abstract class Layer {
  private final String name;

  /** @param name the layer's Keras name, e.g. {@code "lstm_1"} */
  protected Layer(String name) {
    this.name = name;
  }

  /** The layer's name, as Keras gave it. */
  public final String name() {
    return name;
  }

  /** The Keras class name shown by {@code summary()}, e.g. {@code "LSTM"}. */
  public abstract String kerasClass();

  /** The output shape for an input of the given shape ({@code -1} = unknown). */
  public abstract int[] outputShape(int[] inputShape);

  /** Trainable parameter count, as Keras counts it. */
  public long trainableParams() {
    return 0;
  }

  /** Non-trainable parameter count (e.g. moving statistics), as Keras counts it. */
  public long nonTrainableParams() {
    return 0;
  }

  /**
   * Runs the layer on one input.
   *
   * @throws io.kerasj.InvalidInputException if the input's shape does not fit the layer
   */
  public abstract Tensor call(Tensor input);
}
