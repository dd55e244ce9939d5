package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;

/**
 * Keras {@code GlobalMaxPooling3D}: the maximum over the spatial axes, {@code (batch, depth, height, width, channels) → (batch,
 * channels)} (or every spatial axis kept with length 1 with {@code keepdims}).
 */
public final class GlobalMaxPooling3D extends GlobalMaxPooling {
  /** @param keepDims Keras' {@code keepdims}: keep the spatial axes with length 1 */
  public GlobalMaxPooling3D(String name, DataFormat format, boolean keepDims) {
    super(name, 3, format, keepDims);
  }

  @Override
  public String kerasClass() {
    return "GlobalMaxPooling3D";
  }
}
