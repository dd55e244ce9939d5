package io.kerasj.layers.pooling;

import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Sequences;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;

/** The window loop shared by {@link MaxPooling1D} and {@link AveragePooling1D}. */
abstract class Pooling extends Layer {
  private final int poolSize;
  private final int stride;
  private final Padding padding;
  private final boolean average;

  Pooling(String name, int poolSize, int stride, Padding padding, boolean average) {
    super(name);
    Checks.positive(name, "pool size", poolSize);
    Checks.positive(name, "strides", stride);
    this.poolSize = poolSize;
    this.stride = stride;
    this.padding = check(name, padding);
    this.average = average;
  }

  private static Padding check(String layer, Padding p) {
    if (p == null) {
      return Padding.VALID;
    }
    if (p == Padding.CAUSAL) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(layer)
          + ": pooling does not support padding 'causal'");
    }
    return p;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return new int[] {inputShape[0], padding.outputLength(inputShape[1], poolSize, stride), inputShape[2]};
  }

  /**
   * Pools windows of {@code poolSize} steps; only real (unpadded) steps take part, and averages
   * divide by their count.
   */
  @Override
  public final Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int length = x.dim(1);
    int ch = x.dim(2);
    int outLen = padding.outputLength(length, poolSize, stride);
    int padL = padding.padLeft(length, poolSize, stride);
    float[] in = x.data();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, outLen), ch)];
    double[] acc = average ? new double[ch] : null;
    for (int b = 0; b < batch; b++) {
      int xb = b * length * ch;
      for (int t = 0; t < outLen; t++) {
        int lo = Math.max(0, t * stride - padL);
        int hi = Math.min(length, t * stride - padL + poolSize);
        int o = (b * outLen + t) * ch;
        if (average) {
          java.util.Arrays.fill(acc, 0.0);
          for (int r = lo; r < hi; r++) {
            int xr = xb + r * ch;
            for (int c = 0; c < ch; c++) {
              acc[c] += in[xr + c];
            }
          }
          int n = hi - lo;
          for (int c = 0; c < ch; c++) {
            out[o + c] = (float) (acc[c] / n);
          }
        } else {
          System.arraycopy(in, xb + lo * ch, out, o, ch);
          for (int r = lo + 1; r < hi; r++) {
            int xr = xb + r * ch;
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
    return Tensor.of(out, batch, outLen, ch);
  }
}
