package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras {@code AveragePooling1D}: the mean of each channel over windows of {@code poolSize} steps taken every {@code
 * stride} steps. With {@code SAME} padding TensorFlow divides by the number of real positions in the window, not by the
 * window's size.
 */
public final class AveragePooling1D extends Pooling {
  /** A {@code channels_last} layer; {@code padding} is {@link Padding#VALID} or {@link Padding#SAME}. */
  public AveragePooling1D(String name, int poolSize, int stride, Padding padding) {
    this(name, poolSize, stride, padding, DataFormat.CHANNELS_LAST);
  }

  /** @param padding {@link Padding#VALID} or {@link Padding#SAME} */
  public AveragePooling1D(String name, int poolSize, int stride, Padding padding, DataFormat format) {
    super(name, new int[] {poolSize}, new int[] {stride}, padding, format, true);
  }

  @Override
  public String kerasClass() {
    return "AveragePooling1D";
  }
}
