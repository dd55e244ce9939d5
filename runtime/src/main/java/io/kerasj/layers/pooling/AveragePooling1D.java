package io.kerasj.layers.pooling;

import io.kerasj.layers.Padding;

/**
 * Keras {@code AveragePooling1D}, {@code channels_last}: the mean of each channel over windows of
 * {@code poolSize} steps taken every {@code stride} steps. With {@code SAME} padding TensorFlow
 * divides by the number of real steps in the window, not by {@code poolSize}.
 */
public final class AveragePooling1D extends Pooling {
  /** @param padding {@link Padding#VALID} or {@link Padding#SAME} */
  public AveragePooling1D(String name, int poolSize, int stride, Padding padding) {
    super(name, poolSize, stride, padding, true);
  }

  @Override
  public String kerasClass() {
    return "AveragePooling1D";
  }
}
