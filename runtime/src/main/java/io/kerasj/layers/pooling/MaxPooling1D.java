package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras {@code MaxPooling1D}: the maximum of each channel over windows of {@code poolSize} steps taken every {@code
 * stride} steps. With {@code SAME} padding the padded positions are ignored (TensorFlow pads with −∞), so edge windows
 * take the max of their real positions.
 */
public final class MaxPooling1D extends Pooling {
  /** A {@code channels_last} layer; {@code padding} is {@link Padding#VALID} or {@link Padding#SAME}. */
  public MaxPooling1D(String name, int poolSize, int stride, Padding padding) {
    this(name, poolSize, stride, padding, DataFormat.CHANNELS_LAST);
  }

  /** @param padding {@link Padding#VALID} or {@link Padding#SAME} */
  public MaxPooling1D(String name, int poolSize, int stride, Padding padding, DataFormat format) {
    super(name, new int[] {poolSize}, new int[] {stride}, padding, format, false);
  }

  @Override
  public String kerasClass() {
    return "MaxPooling1D";
  }
}
