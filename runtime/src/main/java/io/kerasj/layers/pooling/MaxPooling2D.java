package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras {@code MaxPooling2D}: the maximum of each channel over windows of {@code poolSize} pixels taken every {@code
 * strides}, one entry per spatial axis (height, width). With {@code SAME} padding the padded positions are ignored
 * (TensorFlow pads with −∞), so edge windows take the max of their real positions.
 */
public final class MaxPooling2D extends Pooling {
  /**
   * @param poolSize the window's size on each of the 2 spatial axes
   * @param strides the step between windows on each axis
   * @param padding {@link Padding#VALID} or {@link Padding#SAME}
   */
  public MaxPooling2D(String name, int[] poolSize, int[] strides, Padding padding, DataFormat format) {
    super(name, Checks.perAxis(name, "pool_size", poolSize, 2), Checks.perAxis(name, "strides", strides, 2), padding, format, false);
  }

  @Override
  public String kerasClass() {
    return "MaxPooling2D";
  }
}
