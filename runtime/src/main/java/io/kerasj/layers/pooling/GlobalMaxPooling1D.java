package io.kerasj.layers.pooling;

import io.kerasj.Mask;

/**
 * Keras {@code GlobalMaxPooling1D}, {@code channels_last}: the maximum over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}). Keras does not let it use masks, so masked steps count like any other.
 */
public final class GlobalMaxPooling1D extends GlobalPooling {
  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalMaxPooling1D(String name, boolean keepDims) {
    super(name, keepDims);
  }

  @Override
  public String kerasClass() {
    return "GlobalMaxPooling1D";
  }

  @Override
  void reduce(float[] in, Mask mask, int batch, int steps, int ch, float[] out) {
    // An empty sequence reduces to -inf, as tf.reduce_max does.
    java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
    for (int b = 0; b < batch; b++) {
      int o = b * ch;
      for (int t = 0; t < steps; t++) {
        int xr = (b * steps + t) * ch;
        for (int c = 0; c < ch; c++) {
          float v = in[xr + c];
          if (v > out[o + c]) {
            out[o + c] = v;
          }
        }
      }
    }
  }
}
