package io.kerasj.layers.convolutional;

import static io.kerasj.layers.ReferenceChecks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;
import io.kerasj.layers.ReferenceChecks;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv3D} and {@link Conv3DTranspose} against textbook definitions in double precision: the
 * volume padded with TensorFlow's split, the kernel slid (forward) or scattered (transposed). Many
 * small geometries, volumes smaller than the kernel, both data formats, and calls large enough to
 * cross tile, band and row-chunk boundaries. (Agreement with TensorFlow is the compat suite's job.)
 */
class Convolution3DReferenceTest {
  private static final Random RANDOM = new Random(33);

  private static float[] rand(int n) {
    return ReferenceChecks.gaussian(RANDOM, n, 0.5);
  }

  /** TF's padding before the first position and the output length, for n inputs. */
  private static int[] pad(Padding p, int n, int k, int s, int d) {
    return ConvolutionReferenceTest.tfPad(p, n, k, s, d);
  }

  /** NDHWC forward convolution with groups. */
  private static double[] convRef(float[] x, int batch, int[] in, int c, float[] w, float[] bias, int[] k, int f,
                                  int[] s, int[] d, int groups, Padding p) {
    int[][] pd = new int[3][];
    for (int a = 0; a < 3; a++) {
      pd[a] = pad(p, in[a], k[a], s[a], d[a]);
    }
    int od = pd[0][1];
    int oh = pd[1][1];
    int ow = pd[2][1];
    int cg = c / groups;
    int fg = f / groups;
    double[] y = new double[batch * od * oh * ow * f];
    int o = 0;
    for (int b = 0; b < batch; b++) {
      for (int oz = 0; oz < od; oz++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int q = 0; q < f; q++, o++) {
              double acc = bias == null ? 0 : bias[q];
              int g = q / fg;
              for (int t = 0; t < k[0]; t++) {
                int iz = oz * s[0] + t * d[0] - pd[0][0];
                for (int i = 0; i < k[1]; i++) {
                  int iy = oy * s[1] + i * d[1] - pd[1][0];
                  for (int j = 0; j < k[2]; j++) {
                    int ix = ox * s[2] + j * d[2] - pd[2][0];
                    if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2]) {
                      continue;
                    }
                    int xp = (((b * in[0] + iz) * in[1] + iy) * in[2] + ix) * c;
                    for (int r = 0; r < cg; r++) {
                      acc += (double) x[xp + g * cg + r] * w[(((t * k[1] + i) * k[2] + j) * cg + r) * f + q];
                    }
                  }
                }
              }
              y[o] = acc;
            }
          }
        }
      }
    }
    return y;
  }

  /** Keras' transposed output length for n inputs (no output_padding unless op ≥ 0). */
  private static int tOut(Padding p, int n, int k, int s, int d, int op) {
    int span = (k - 1) * d + 1;
    if (p == Padding.VALID) {
      return (n - 1) * s + (op < 0 ? Math.max(span, s) : span + op);
    }
    return op < 0 ? n * s : (n - 1) * s + span % 2 + op;
  }

  /** NDHWC transposed convolution: every input voxel scatters x · Wᵀ into the output. */
  private static double[] transposedRef(float[] x, int batch, int[] in, int c, float[] w, float[] bias, int[] k,
                                        int f, int[] s, int[] d, int[] op, Padding p) {
    int[] out = new int[3];
    int[] before = new int[3];
    for (int a = 0; a < 3; a++) {
      out[a] = tOut(p, in[a], k[a], s[a], d[a], op == null ? -1 : op[a]);
      before[a] = pad(p, out[a], k[a], s[a], d[a])[0];
    }
    double[] y = new double[batch * out[0] * out[1] * out[2] * f];
    for (int b = 0; b < batch; b++) {
      for (int v = 0; v < out[0] * out[1] * out[2]; v++) {
        for (int q = 0; q < f; q++) {
          y[(b * out[0] * out[1] * out[2] + v) * f + q] = bias == null ? 0 : bias[q];
        }
      }
      for (int z = 0; z < in[0]; z++) {
        for (int yy = 0; yy < in[1]; yy++) {
          for (int xx = 0; xx < in[2]; xx++) {
            int xp = (((b * in[0] + z) * in[1] + yy) * in[2] + xx) * c;
            for (int t = 0; t < k[0]; t++) {
              int oz = z * s[0] + t * d[0] - before[0];
              for (int i = 0; i < k[1]; i++) {
                int oy = yy * s[1] + i * d[1] - before[1];
                for (int j = 0; j < k[2]; j++) {
                  int ox = xx * s[2] + j * d[2] - before[2];
                  if (oz < 0 || oz >= out[0] || oy < 0 || oy >= out[1] || ox < 0 || ox >= out[2]) {
                    continue;
                  }
                  int yp = (((b * out[0] + oz) * out[1] + oy) * out[2] + ox) * f;
                  for (int q = 0; q < f; q++) {
                    double acc = 0;
                    for (int r = 0; r < c; r++) {
                      acc += (double) x[xp + r] * w[(((t * k[1] + i) * k[2] + j) * f + q) * c + r];
                    }
                    y[yp + q] += acc;
                  }
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  private static double[] toChannelsFirst(double[] a, int batch, int voxels, int c) {
    double[] r = new double[a.length];
    for (int b = 0; b < batch; b++) {
      for (int v = 0; v < voxels; v++) {
        for (int q = 0; q < c; q++) {
          r[(b * c + q) * voxels + v] = a[(b * voxels + v) * c + q];
        }
      }
    }
    return r;
  }

  private static float[] toChannelsFirst(float[] a, int batch, int voxels, int c) {
    float[] r = new float[a.length];
    for (int b = 0; b < batch; b++) {
      for (int v = 0; v < voxels; v++) {
        for (int q = 0; q < c; q++) {
          r[(b * c + q) * voxels + v] = a[(b * voxels + v) * c + q];
        }
      }
    }
    return r;
  }

  @Test
  void conv3dMatchesReference() {
    // {d, h, w, c, f, kd, kh, kw, sd, sh, sw, dd, dh, dw, groups, batch}
    int[][] cases = {
        {5, 6, 7, 3, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2},
        {5, 6, 7, 3, 4, 4, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {5, 6, 7, 3, 5, 2, 3, 2, 2, 1, 2, 1, 1, 1, 1, 3},
        {7, 5, 6, 4, 6, 3, 3, 3, 1, 1, 1, 2, 1, 2, 2, 2},
        {2, 3, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2}, // smaller than the kernel
        {4, 4, 4, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 2},
        {4, 4, 4, 5, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}, // pointwise: the input rows are the patches
        {3, 5, 4, 5, 3, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1},
        {9, 12, 10, 3, 40, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 3}, // thousands of voxels: many tiles across images
    };
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int[] t : cases) {
        int[] in = {t[0], t[1], t[2]};
        int c = t[3];
        int f = t[4];
        int[] k = {t[5], t[6], t[7]};
        int[] s = {t[8], t[9], t[10]};
        int[] d = {t[11], t[12], t[13]};
        int groups = t[14];
        int batch = t[15];
        boolean empty = false;
        for (int a = 0; a < 3; a++) {
          empty |= pad(p, in[a], k[a], s[a], d[a])[1] == 0;
        }
        if (empty) {
          continue;
        }
        float[] x = rand(batch * in[0] * in[1] * in[2] * c);
        float[] w = rand(k[0] * k[1] * k[2] * (c / groups) * f);
        float[] bias = t[0] % 2 == 0 ? null : rand(f);
        double[] want = convRef(x, batch, in, c, w, bias, k, f, s, d, groups, p);
        ConvWindow window = ConvWindow.of(p, k, s, d);
        String what = p + " " + java.util.Arrays.toString(t);
        Conv3D last = new Conv3D("c3", c, f, window, groups, null, w, bias, null);
        Tensor y = last.call(Tensor.of(x, batch, in[0], in[1], in[2], c));
        close(want, y, 1e-4, what);
        int[] o = {y.shape()[1], y.shape()[2], y.shape()[3]};
        Conv3D first = new Conv3D("c3", c, f, window, groups, DataFormat.CHANNELS_FIRST, w, bias, null);
        Tensor yf = first.call(Tensor.of(toChannelsFirst(x, batch, in[0] * in[1] * in[2], c), batch, c, in[0], in[1],
            in[2]));
        assertArrayEquals(new int[] {batch, f, o[0], o[1], o[2]}, yf.shape(), what);
        close(toChannelsFirst(want, batch, o[0] * o[1] * o[2], f), yf, 1e-4, what + " channels_first");
      }
    }
  }

  @Test
  void conv3dTransposeMatchesReference() {
    // {d, h, w, c, f, kd, kh, kw, sd, sh, sw, dd, dh, dw, opd, oph, opw (-1: None), batch}
    int[][] cases = {
        {3, 4, 5, 3, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, -1, -1, -1, 2},
        {3, 4, 5, 3, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, -1, -1, -1, 2},
        {3, 4, 5, 3, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1},
        {3, 4, 5, 3, 3, 3, 2, 3, 2, 1, 2, 1, 1, 1, 1, 0, 1, 2},
        {3, 4, 5, 3, 3, 2, 2, 2, 3, 3, 3, 1, 1, 1, -1, -1, -1, 1},
        {3, 4, 5, 2, 4, 4, 4, 4, 2, 2, 2, 1, 1, 1, -1, -1, -1, 1},
        {4, 4, 5, 3, 4, 3, 3, 3, 1, 1, 1, 2, 2, 1, -1, -1, -1, 2},
        // Several bands of output planes, and planes of 20×16 input pixels multiplied in two chunks.
        {6, 20, 16, 2, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1, -1, -1, -1, 2},
    };
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int[] t : cases) {
        int[] in = {t[0], t[1], t[2]};
        int c = t[3];
        int f = t[4];
        int[] k = {t[5], t[6], t[7]};
        int[] s = {t[8], t[9], t[10]};
        int[] d = {t[11], t[12], t[13]};
        int[] op = t[14] < 0 ? null : new int[] {t[14], t[15], t[16]};
        int batch = t[17];
        float[] x = rand(batch * in[0] * in[1] * in[2] * c);
        float[] w = rand(k[0] * k[1] * k[2] * f * c);
        float[] bias = t[1] % 2 == 0 ? rand(f) : null;
        double[] want = transposedRef(x, batch, in, c, w, bias, k, f, s, d, op, p);
        ConvWindow window = ConvWindow.of(p, k, s, d);
        String what = p + " " + java.util.Arrays.toString(t);
        Conv3DTranspose last = new Conv3DTranspose("t3", c, f, window, op, null, w, bias, Activation.LINEAR);
        Tensor y = last.call(Tensor.of(x, batch, in[0], in[1], in[2], c));
        close(want, y, 1e-4, what);
        int[] o = {y.shape()[1], y.shape()[2], y.shape()[3]};
        Conv3DTranspose first = new Conv3DTranspose("t3", c, f, window, op, DataFormat.CHANNELS_FIRST, w, bias, null);
        Tensor yf = first.call(Tensor.of(toChannelsFirst(x, batch, in[0] * in[1] * in[2], c), batch, c, in[0], in[1],
            in[2]));
        assertArrayEquals(new int[] {batch, f, o[0], o[1], o[2]}, yf.shape(), what);
        close(toChannelsFirst(want, batch, o[0] * o[1] * o[2], f), yf, 1e-4, what + " channels_first");
      }
    }
  }
}
