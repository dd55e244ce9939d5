package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code AveragePooling1D}, {@code channels_last}: the mean of each channel over windows of
 * {@code poolSize} steps taken every {@code stride} steps. With {@code SAME} padding TensorFlow
 * divides by the number of real steps in the window, not by {@code poolSize}.
 */
public final class AveragePooling1D extends Layer {
  private final int poolSize;
  private final int stride;
  private final Padding padding;

  /** @param padding {@link Padding#VALID} or {@link Padding#SAME} */
  public AveragePooling1D(String name, int poolSize, int stride, Padding padding) {
    super(name);
    Checks.positive(name, "pool size", poolSize);
    Checks.positive(name, "strides", stride);
    this.poolSize = poolSize;
    this.stride = stride;
    this.padding = Pooling.check(name, padding);
  }

  @Override
  public String kerasClass() {
    return "AveragePooling1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return new int[] {inputShape[0], padding.outputLength(inputShape[1], poolSize, stride), inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    return Pooling.pool(name(), x, poolSize, stride, padding, true);
  }
}
