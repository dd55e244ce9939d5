package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;

/**
 * Keras 3 {@code AdaptiveMaxPooling1D}: the maximum of each channel over the windows that cut each
 * spatial axis (steps) into {@code outputSize} parts, with the bounds of Keras' TensorFlow backend (see
 * {@link AdaptivePooling}).
 */
public final class AdaptiveMaxPooling1D extends AdaptivePooling {
  /** @param outputSize the output's length on each of the 1 spatial axes (steps) */
  public AdaptiveMaxPooling1D(String name, int[] outputSize, DataFormat format) {
    super(name, Checks.perAxis(name, "output_size", outputSize, 1), format, false);
  }

  @Override
  public String kerasClass() {
    return "AdaptiveMaxPooling1D";
  }
}
