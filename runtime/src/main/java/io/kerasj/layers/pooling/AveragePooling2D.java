package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras {@code AveragePooling2D}: the mean of each channel over windows of {@code poolSize} pixels taken every {@code
 * strides}, one entry per spatial axis (height, width). With {@code SAME} padding TensorFlow divides by the number of
 * real positions in the window, not by the window's size.
 */
public final class AveragePooling2D extends Pooling {
  /**
   * @param poolSize the window's size on each of the 2 spatial axes
   * @param strides the step between windows on each axis
   * @param padding {@link Padding#VALID} or {@link Padding#SAME}
   */
  public AveragePooling2D(String name, int[] poolSize, int[] strides, Padding padding, DataFormat format) {
    super(name, Checks.perAxis(name, "pool_size", poolSize, 2), Checks.perAxis(name, "strides", strides, 2), padding, format, true);
  }

  @Override
  public String kerasClass() {
    return "AveragePooling2D";
  }
}
