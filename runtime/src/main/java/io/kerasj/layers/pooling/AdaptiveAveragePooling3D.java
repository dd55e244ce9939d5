package io.kerasj.layers.pooling;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;

/**
 * Keras 3 {@code AdaptiveAveragePooling3D}: the mean of each channel over the windows that cut each
 * spatial axis (depth, height, width) into {@code outputSize} parts, with the bounds of Keras' TensorFlow backend (see
 * {@link AdaptivePooling}).
 */
public final class AdaptiveAveragePooling3D extends AdaptivePooling {
  /** @param outputSize the output's length on each of the 3 spatial axes (depth, height, width) */
  public AdaptiveAveragePooling3D(String name, int[] outputSize, DataFormat format) {
    super(name, Checks.perAxis(name, "output_size", outputSize, 3), format, true);
  }

  @Override
  public String kerasClass() {
    return "AdaptiveAveragePooling3D";
  }
}
