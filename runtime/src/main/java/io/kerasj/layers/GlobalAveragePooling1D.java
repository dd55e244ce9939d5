package io.kerasj.layers;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Tensor;

/**
 * Keras {@code GlobalAveragePooling1D}, {@code channels_last}: the mean over the time axis,
 * {@code (batch, steps, channels) → (batch, channels)} (or {@code (batch, 1, channels)} with
 * {@code keepdims}).
 *
 * <p>It consumes a time-step mask, as Keras does in both versions: with a mask the mean is taken
 * over the kept steps only ({@code Σ kept x / #kept}, so a fully masked sequence gives 0/0 = NaN),
 * and no mask is passed on.
 */
public final class GlobalAveragePooling1D extends Layer {
  private final boolean keepDims;

  /** @param keepDims Keras' {@code keepdims}: keep the time axis with length 1 */
  public GlobalAveragePooling1D(String name, boolean keepDims) {
    super(name);
    this.keepDims = keepDims;
  }

  // Keras marks it supports_masking because it uses the mask, not because it passes it on.
  @Override
  public boolean supportsMasking() {
    return true;
  }

  // The mean spans the whole sequence, so chunks of a stream cannot be pooled separately.
  @Override
  public boolean isStreamable() {
    return false;
  }

  @Override
  public String kerasClass() {
    return "GlobalAveragePooling1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return keepDims ? new int[] {inputShape[0], 1, inputShape[2]} : new int[] {inputShape[0], inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    return pool(x, null);
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor y = pool(inputs[0], masks == null ? null : masks[0]);
    return new Output(new Tensor[] {y}, new Mask[] {null});
  }

  private Tensor pool(Tensor x, Mask mask) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
      throw new InvalidInputException("layer '" + name() + "': mask of shape (" + mask.batch() + ", " + mask.steps()
          + ") does not match input " + java.util.Arrays.toString(x.shape()));
    }
    float[] in = x.data();
    float[] out = new float[batch * ch];
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
    return keepDims ? Tensor.of(out, batch, 1, ch) : Tensor.of(out, batch, ch);
  }
}
