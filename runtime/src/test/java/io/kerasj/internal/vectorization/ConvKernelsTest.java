package io.kerasj.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvKernels#depthwiseByTaps} (the scalar kernels' auto-vectorized depthwise loop) gives,
 * to the bit, the sum {@code bias + x·w} tap after tap (a multiply and an add each, as the scalar
 * {@link ConvKernels#depthwise} computes it; the Vector API kernels fuse them), over strides,
 * dilations, padding, tiles that start mid-image and span images, with and without bias.
 */
class ConvKernelsTest {
  @Test
  void depthwiseByTapsIsDepthwiseToTheBit() {
    Random r = new Random(21);
    int[][] cases = { // h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft
        {9, 9, 32, 3, 3, 1, 1, 1, 1, 1, 1}, {10, 7, 19, 3, 3, 2, 2, 1, 1, 0, 1}, {8, 8, 5, 5, 5, 1, 1, 2, 2, 4, 4},
        {6, 11, 64, 3, 1, 1, 2, 1, 1, 1, 0}, {5, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1}};
    for (int[] k : cases) {
      int h = k[0], w = k[1], c = k[2], kh = k[3], kw = k[4], sh = k[5], sw = k[6], dh = k[7], dw = k[8];
      int pt = k[9], pl = k[10];
      int oh = (h + 2 * pt - dh * (kh - 1) - 1) / sh + 1;
      int ow = (w + 2 * pl - dw * (kw - 1) - 1) / sw + 1;
      ConvGeometry g = new ConvGeometry(h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl);
      int batch = 2;
      float[] x = new float[batch * h * w * c];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      float[] kernel = new float[kh * kw * c];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = (float) r.nextGaussian();
      }
      float[][] taps = new float[kh * kw][];
      for (int t = 0; t < taps.length; t++) {
        taps[t] = java.util.Arrays.copyOfRange(kernel, t * c, (t + 1) * c);
      }
      float[] bias = new float[c];
      for (int i = 0; i < c; i++) {
        bias[i] = (float) r.nextGaussian();
      }
      int rows = batch * oh * ow;
      for (float[] b : new float[][] {null, bias}) {
        for (int tile : new int[] {rows, 7}) {
          float[] want = new float[rows * c];
          float[] got = new float[rows * c];
          for (int r0 = 0; r0 < rows; r0 += tile) {
            int r1 = Math.min(rows, r0 + tile);
            reference(x, g, kernel, b, r0, r1, want, r0 * c);
            ConvKernels.depthwiseByTaps(x, g, taps, b, r0, r1, got, r0 * c);
          }
          for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "case " + java.util.Arrays.toString(k)
                + " element " + i);
          }
        }
      }
    }
  }

  private static void reference(float[] x, ConvGeometry g, float[] w, float[] bias, int r0, int r1, float[] out,
                                int off) {
    int c = g.c;
    for (int p = r0; p < r1; p++) {
      int b = p / (g.oh * g.ow);
      int oy = p % (g.oh * g.ow) / g.ow;
      int ox = p % g.ow;
      for (int ch = 0; ch < c; ch++) {
        float s = bias == null ? 0f : bias[ch];
        for (int i = 0; i < g.kh; i++) {
          for (int j = 0; j < g.kw; j++) {
            int iy = oy * g.sh - g.padTop + i * g.dh;
            int ix = ox * g.sw - g.padLeft + j * g.dw;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
              float prod = x[((b * g.h + iy) * g.w + ix) * c + ch] * w[(i * g.kw + j) * c + ch];
              s += prod;
            }
          }
        }
        out[off + (p - r0) * c + ch] = s;
      }
    }
  }
}
