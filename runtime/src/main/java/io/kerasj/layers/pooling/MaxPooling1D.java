package io.kerasj.layers.pooling;

import io.kerasj.layers.Padding;

/**
 * Keras {@code MaxPooling1D}, {@code channels_last}: the maximum of each channel over windows of
 * {@code poolSize} steps taken every {@code stride} steps. With {@code SAME} padding the padded
 * positions are ignored (TensorFlow pads with −∞), so edge windows take the max of their real steps.
 */
public final class MaxPooling1D extends Pooling {
  /** @param padding {@link Padding#VALID} or {@link Padding#SAME} */
  public MaxPooling1D(String name, int poolSize, int stride, Padding padding) {
    super(name, poolSize, stride, padding, false);
  }

  @Override
  public String kerasClass() {
    return "MaxPooling1D";
  }
}
