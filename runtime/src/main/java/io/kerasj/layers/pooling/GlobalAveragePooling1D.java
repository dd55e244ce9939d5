package io.kerasj.layers.pooling;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.layers.LayerState;

/**
 * Keras {@code GlobalAveragePooling1D}, {@code channels_last}: the mean over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}).
 *
 * <p>It consumes a time-step mask, as Keras does in both versions: with a mask the mean is taken
 * over the kept steps only ({@code Σ kept x / #kept}, so a fully masked sequence gives 0/0 = NaN),
 * and no mask is passed on.
 */
public final class GlobalAveragePooling1D extends GlobalPooling {
  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalAveragePooling1D(String name, boolean keepDims) {
    super(name, keepDims);
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

  @Override
  void reduce(float[] in, Mask mask, int batch, int steps, int ch, float[] out) {
    double[] acc = new double[ch];
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(acc, 0.0);
      int n = 0;
      for (int t = 0; t < steps; t++) {
        if (mask != null && !mask.keep(b, t)) {
          continue;
        }
        n++;
        int xr = (b * steps + t) * ch;
        for (int c = 0; c < ch; c++) {
          acc[c] += in[xr + c];
        }
      }
      for (int c = 0; c < ch; c++) {
        out[b * ch + c] = (float) (acc[c] / n);
      }
    }
  }
}
