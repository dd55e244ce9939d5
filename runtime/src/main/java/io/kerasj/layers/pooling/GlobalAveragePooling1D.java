package io.kerasj.layers.pooling;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.LayerState;

/**
 * Keras {@code GlobalAveragePooling1D}: the mean over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}).
 *
 * <p>It consumes a time-step mask, as Keras does in both versions: with a mask the mean is taken
 * over the kept steps only ({@code Σ kept x / #kept}, so a fully masked sequence gives 0/0 = NaN),
 * and no mask is passed on.
 */
public final class GlobalAveragePooling1D extends GlobalAveragePooling {
  /** A {@code channels_last} layer; {@code keepDims} is Keras' {@code keepdims}. */
  public GlobalAveragePooling1D(String name, boolean keepDims) {
    this(name, DataFormat.CHANNELS_LAST, keepDims);
  }

  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalAveragePooling1D(String name, DataFormat format, boolean keepDims) {
    super(name, 1, format, keepDims);
  }

  // Keras marks it supports_masking because it uses the mask, not because it passes it on.
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "GlobalAveragePooling1D";
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor y = pool(inputs[0], masks == null ? null : masks[0]);
    return new Output(new Tensor[] {y}, new Mask[] {null});
  }
}
