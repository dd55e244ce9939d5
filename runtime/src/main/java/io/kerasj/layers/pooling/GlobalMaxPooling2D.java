package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;

/**
 * Keras {@code GlobalMaxPooling2D}: the maximum over the spatial axes, {@code (batch, height, width, channels) → (batch,
 * channels)} (or every spatial axis kept with length 1 with {@code keepdims}).
 */
public final class GlobalMaxPooling2D extends GlobalMaxPooling {
  /** @param keepDims Keras' {@code keepdims}: keep the spatial axes with length 1 */
  public GlobalMaxPooling2D(String name, DataFormat format, boolean keepDims) {
    super(name, 2, format, keepDims);
  }

  @Override
  public String kerasClass() {
    return "GlobalMaxPooling2D";
  }
}
