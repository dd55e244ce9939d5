package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code GlobalMaxPooling1D}, {@code channels_last}: the maximum over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}). Keras does not let it use masks, so masked steps count like any other.
 */
public final class GlobalMaxPooling1D extends Layer {
  private final boolean keepDims;

  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalMaxPooling1D(String name, boolean keepDims) {
    super(name);
    this.keepDims = keepDims;
  }

  @Override
  public String kerasClass() {
    return "GlobalMaxPooling1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return keepDims ? new int[] {inputShape[0], 1, inputShape[2]} : new int[] {inputShape[0], inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    float[] in = x.data();
    float[] out = new float[batch * ch];
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
    return keepDims ? Tensor.of(out, batch, 1, ch) : Tensor.of(out, batch, ch);
  }
}
