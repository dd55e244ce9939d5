package io.kerasj.layers;

import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;

/** The window loop shared by {@link MaxPooling1D} and {@link AveragePooling1D}. */
final class Pooling {
  private Pooling() {}

  static Padding check(String layer, Padding p) {
    if (p == null) {
      return Padding.VALID;
    }
    if (p == Padding.CAUSAL) {
      throw new UnsupportedFeatureException("layer '" + layer + "': pooling does not support padding 'causal'");
    }
    return p;
  }

  /**
   * Pools windows of {@code pool} steps; only real (unpadded) steps take part, and averages divide
   * by their count.
   */
  static Tensor pool(String layer, Tensor x, int pool, int stride, Padding padding, boolean average) {
    Sequences.rank3(layer, x, -1);
    int batch = x.dim(0);
    int length = x.dim(1);
    int ch = x.dim(2);
    int outLen = padding.outputLength(length, pool, stride);
    int padL = padding.padLeft(length, pool, stride);
    float[] in = x.data();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, outLen), ch)];
    double[] acc = average ? new double[ch] : null;
    for (int b = 0; b < batch; b++) {
      int xb = b * length * ch;
      for (int t = 0; t < outLen; t++) {
        int lo = Math.max(0, t * stride - padL);
        int hi = Math.min(length, t * stride - padL + pool);
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
