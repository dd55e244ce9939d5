package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;

/**
 * Keras 3 {@code AdaptiveMaxPooling2D}: the maximum of each channel over the windows that cut each
 * spatial axis (height, width) into {@code outputSize} parts, with the bounds of Keras' TensorFlow backend (see
 * {@link AdaptivePooling}).
 */
public final class AdaptiveMaxPooling2D extends AdaptivePooling {
  /** @param outputSize the output's length on each of the 2 spatial axes (height, width) */
  public AdaptiveMaxPooling2D(String name, int[] outputSize, DataFormat format) {
    super(name, Checks.perAxis(name, "output_size", outputSize, 2), format, false);
  }

  @Override
  public String kerasClass() {
    return "AdaptiveMaxPooling2D";
  }
}
