package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;

/**
 * Keras {@code GlobalAveragePooling3D}: the mean over the spatial axes, {@code (batch, depth, height, width, channels) → (batch,
 * channels)} (or every spatial axis kept with length 1 with {@code keepdims}).
 */
public final class GlobalAveragePooling3D extends GlobalAveragePooling {
  /** @param keepDims Keras' {@code keepdims}: keep the spatial axes with length 1 */
  public GlobalAveragePooling3D(String name, DataFormat format, boolean keepDims) {
    super(name, 3, format, keepDims);
  }

  @Override
  public String kerasClass() {
    return "GlobalAveragePooling3D";
  }
}
