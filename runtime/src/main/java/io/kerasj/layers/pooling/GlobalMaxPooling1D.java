package io.kerasj.layers.pooling;

import io.kerasj.layers.DataFormat;

/**
 * Keras {@code GlobalMaxPooling1D}: the maximum over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}). Keras does not let it use masks, so masked steps count like any other.
 */
public final class GlobalMaxPooling1D extends GlobalMaxPooling {
  /** A {@code channels_last} layer; {@code keepDims} is Keras' {@code keepdims}. */
  public GlobalMaxPooling1D(String name, boolean keepDims) {
    this(name, DataFormat.CHANNELS_LAST, keepDims);
  }

  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalMaxPooling1D(String name, DataFormat format, boolean keepDims) {
    super(name, 1, format, keepDims);
  }

  @Override
  public String kerasClass() {
    return "GlobalMaxPooling1D";
  }
}
