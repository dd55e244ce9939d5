package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;

/**
 * Keras 3 {@code AdaptiveAveragePooling1D}: the mean of each channel over the windows that cut each
 * spatial axis (steps) into {@code outputSize} parts, with the bounds of Keras' TensorFlow backend (see
 * {@link AdaptivePooling}).
 */
public final class AdaptiveAveragePooling1D extends AdaptivePooling {
  /** @param outputSize the output's length on each of the 1 spatial axes (steps) */
  public AdaptiveAveragePooling1D(String name, int[] outputSize, DataFormat format) {
    super(name, Checks.perAxis(name, "output_size", outputSize, 1), format, true);
  }

  @Override
  public String kerasClass() {
    return "AdaptiveAveragePooling1D";
  }
}
