package io.kerasj.layers.convolutional;

import static io.kerasj.layers.ReferenceChecks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.ReferenceChecks;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 2-D convolution layers against textbook definitions in double precision: pad the image
 * explicitly with TensorFlow's split, then slide (or, for the transposed convolution, scatter) the
 * kernel. Many small geometries, including images smaller than the kernel, both data formats and
 * batches that cross tile boundaries. (Agreement with TensorFlow itself is the compat suite's job.)
 */
class ConvolutionReferenceTest {
  private static final Random RANDOM = new Random(12);

  static float[] rand(int n, double scale) {
    return ReferenceChecks.gaussian(RANDOM, n, scale);
  }

  /** TF's padding before the first position for n inputs: {before, outputs}. */
  static int[] tfPad(Padding p, int n, int k, int s, int d) {
    int span = (k - 1) * d + 1;
    if (p == Padding.VALID) {
      return new int[] {0, n >= span ? (n - span) / s + 1 : 0};
    }
    int out = (n + s - 1) / s;
    int total = Math.max((out - 1) * s + span - n, 0);
    return new int[] {total / 2, out};
  }

  static boolean emptyOutput(Padding p, int[] hw, int[] k, int[] s, int[] d) {
    return tfPad(p, hw[0], k[0], s[0], d[0])[1] == 0 || tfPad(p, hw[1], k[1], s[1], d[1])[1] == 0;
  }

  /** Forward convolution of NHWC x; groups, or depthwise with multiplier m when m > 0. */
  static double[] convRef(float[] x, int batch, int h, int w, int c, float[] k, float[] bias, int kh, int kw,
                          int filters, int[] s, int[] d, int groups, int mult, Padding p) {
    int[] ph = tfPad(p, h, kh, s[0], d[0]);
    int[] pw = tfPad(p, w, kw, s[1], d[1]);
    int oh = ph[1];
    int ow = pw[1];
    int f = mult > 0 ? c * mult : filters;
    double[] y = new double[batch * oh * ow * f];
    int cg = c / groups;
    int fg = f / groups;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int o = 0; o < f; o++) {
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < kh; i++) {
              for (int j = 0; j < kw; j++) {
                int iy = oy * s[0] + i * d[0] - ph[0];
                int ix = ox * s[1] + j * d[1] - pw[0];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                int xp = ((b * h + iy) * w + ix) * c;
                if (mult > 0) {
                  int ch = o / mult;
                  acc += (double) x[xp + ch] * k[((i * kw + j) * c + ch) * mult + o % mult];
                } else {
                  int g = o / fg;
                  for (int q = 0; q < cg; q++) {
                    acc += (double) x[xp + g * cg + q] * k[((i * kw + j) * cg + q) * filters + o];
                  }
                }
              }
            }
            y[((b * oh + oy) * ow + ox) * f + o] = acc;
          }
        }
      }
    }
    return y;
  }

  static int transposedSize(Padding p, int n, int k, int s, int d, int op) {
    int span = (k - 1) * d + 1;
    if (p == Padding.VALID) {
      return op < 0 ? (n - 1) * s + Math.max(span, s) : (n - 1) * s + span + op;
    }
    return op < 0 ? n * s : (n - 1) * s + span % 2 + op;
  }

  /** Transposed convolution: scatter every input pixel through every tap, pads of the forward map. */
  static double[] transposedRef(float[] x, int batch, int h, int w, int c, float[] k, float[] bias, int kh, int kw,
                                int filters, int[] s, int[] d, int[] op, Padding p) {
    int oh = transposedSize(p, h, kh, s[0], d[0], op == null ? -1 : op[0]);
    int ow = transposedSize(p, w, kw, s[1], d[1], op == null ? -1 : op[1]);
    int pt = tfPad(p, oh, kh, s[0], d[0])[0];
    int pl = tfPad(p, ow, kw, s[1], d[1])[0];
    double[] y = new double[batch * oh * ow * filters];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < oh * ow; i++) {
        for (int o = 0; o < filters; o++) {
          y[(b * oh * ow + i) * filters + o] = bias == null ? 0 : bias[o];
        }
      }
      for (int iy = 0; iy < h; iy++) {
        for (int ix = 0; ix < w; ix++) {
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
              int oy = iy * s[0] + i * d[0] - pt;
              int ox = ix * s[1] + j * d[1] - pl;
              if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) {
                continue;
              }
              for (int o = 0; o < filters; o++) {
                double acc = 0;
                for (int q = 0; q < c; q++) {
                  acc += (double) x[((b * h + iy) * w + ix) * c + q] * k[((i * kw + j) * filters + o) * c + q];
                }
                y[((b * oh + oy) * ow + ox) * filters + o] += acc;
              }
            }
          }
        }
      }
    }
    return y;
  }

  /** (b, h, w, c) → (b, c, h, w). */
  static float[] toFirst(float[] x, int b, int hw, int c) {
    float[] r = new float[x.length];
    for (int n = 0; n < b; n++) {
      for (int p = 0; p < hw; p++) {
        for (int q = 0; q < c; q++) {
          r[(n * c + q) * hw + p] = x[(n * hw + p) * c + q];
        }
      }
    }
    return r;
  }

  static double[] toFirst(double[] x, int b, int hw, int c) {
    double[] r = new double[x.length];
    for (int n = 0; n < b; n++) {
      for (int p = 0; p < hw; p++) {
        for (int q = 0; q < c; q++) {
          r[(n * c + q) * hw + p] = x[(n * hw + p) * c + q];
        }
      }
    }
    return r;
  }

  private static final int[][] STRIDES_DILATIONS = {{1, 1, 1, 1}, {2, 2, 1, 1}, {2, 1, 1, 1}, {1, 3, 1, 1},
      {1, 1, 2, 2}, {1, 1, 1, 3}, {3, 2, 1, 1}};

  @Test
  void conv2dMatchesReference() {
    int cases = 0;
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 4}, {5, 1}}) {
        for (int[] sd : STRIDES_DILATIONS) {
          for (int groups : new int[] {1, 2}) {
            for (int[] hw : new int[][] {{1, 1}, {4, 5}, {7, 6}, {13, 11}}) {
              int c = 4;
              int filters = 6;
              int batch = hw[0] == 13 ? 3 : 2;
              int[] s = {sd[0], sd[1]};
              int[] d = {sd[2], sd[3]};
              float[] x = rand(batch * hw[0] * hw[1] * c, 1);
              float[] kernel = rand(k[0] * k[1] * (c / groups) * filters, 0.5);
              float[] bias = (k[0] + sd[0]) % 2 == 0 ? rand(filters, 0.5) : null;
              ConvWindow win = ConvWindow.of(p, k, s, d);
              Conv2D conv = new Conv2D("c", c, filters, win, groups, DataFormat.CHANNELS_LAST, kernel, bias, null);
              String what = p + " k=" + k[0] + "x" + k[1] + " s=" + s[0] + "," + s[1] + " d=" + d[0] + "," + d[1]
                  + " g=" + groups + " " + hw[0] + "x" + hw[1];
              if (emptyOutput(p, hw, k, s, d)) {
                // Keras refuses an image smaller than the window ("output size would be zero").
                assertThrows(InvalidInputException.class, () -> conv.call(Tensor.of(x, batch, hw[0], hw[1], c)), what);
                cases++;
                continue;
              }
              double[] want = convRef(x, batch, hw[0], hw[1], c, kernel, bias, k[0], k[1], filters, s, d, groups, 0, p);
              Tensor y = conv.call(Tensor.of(x, batch, hw[0], hw[1], c));
              assertArrayEquals(conv.outputShape(new int[] {batch, hw[0], hw[1], c}), y.shape(), what);
              close(want, y, 2e-6, what);
              cases++;
            }
          }
        }
      }
    }
    assertTrue(cases > 400);
  }

  @Test
  void depthwiseAndSeparableMatchReference() {
    int cases = 0;
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 4}}) {
        for (int[] sd : STRIDES_DILATIONS) {
          for (int mult : new int[] {1, 2}) {
            for (int[] hw : new int[][] {{1, 2}, {5, 5}, {9, 8}}) {
              int c = 5;
              int batch = 2;
              int[] s = {sd[0], sd[1]};
              int[] d = {sd[2], sd[3]};
              float[] x = rand(batch * hw[0] * hw[1] * c, 1);
              float[] dk = rand(k[0] * k[1] * c * mult, 0.5);
              float[] bias = rand(c * mult, 0.5);
              ConvWindow win = ConvWindow.of(p, k, s, d);
              String what = p + " k=" + k[0] + "x" + k[1] + " s=" + s[0] + "," + s[1] + " d=" + d[0] + "," + d[1]
                  + " m=" + mult + " " + hw[0] + "x" + hw[1];
              DepthwiseConv2D dw = new DepthwiseConv2D("dw", c, mult, win, null, dk, bias, null);
              if (emptyOutput(p, hw, k, s, d)) {
                assertThrows(InvalidInputException.class, () -> dw.call(Tensor.of(x, batch, hw[0], hw[1], c)), what);
                cases++;
                continue;
              }
              double[] want = convRef(x, batch, hw[0], hw[1], c, dk, bias, k[0], k[1], 0, s, d, c, mult, p);
              Tensor y = dw.call(Tensor.of(x, batch, hw[0], hw[1], c));
              assertArrayEquals(dw.outputShape(new int[] {batch, hw[0], hw[1], c}), y.shape(), what);
              close(want, y, 2e-6, "depthwise " + what);

              int filters = 3;
              float[] pk = rand(c * mult * filters, 0.5);
              float[] pb = rand(filters, 0.5);
              SeparableConv2D sep = new SeparableConv2D("sep", c, filters, mult, win, null, dk, pk, pb, null);
              double[] mid = convRef(x, batch, hw[0], hw[1], c, dk, null, k[0], k[1], 0, s, d, c, mult, p);
              double[] sw = new double[mid.length / (c * mult) * filters];
              for (int r = 0; r < mid.length / (c * mult); r++) {
                for (int o = 0; o < filters; o++) {
                  double acc = pb[o];
                  for (int q = 0; q < c * mult; q++) {
                    acc += mid[r * c * mult + q] * pk[q * filters + o];
                  }
                  sw[r * filters + o] = acc;
                }
              }
              close(sw, sep.call(Tensor.of(x, batch, hw[0], hw[1], c)), 2e-6, "separable " + what);
              cases++;
            }
          }
        }
      }
    }
    assertTrue(cases > 200);
  }

  @Test
  void transposedMatchesReference() {
    int cases = 0;
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 4}, {4, 1}}) {
        for (int[] sd : STRIDES_DILATIONS) {
          for (boolean withOp : new boolean[] {false, true}) {
            for (int[] hw : new int[][] {{1, 1}, {3, 4}, {6, 5}, {17, 3}}) {
              int c = 3;
              int filters = 4;
              int batch = 2;
              int[] s = {sd[0], sd[1]};
              int[] d = {sd[2], sd[3]};
              int[] op = withOp ? new int[] {s[0] - 1, s[1] / 2} : null;
              float[] x = rand(batch * hw[0] * hw[1] * c, 1);
              float[] kernel = rand(k[0] * k[1] * filters * c, 0.5);
              float[] bias = rand(filters, 0.5);
              ConvWindow win = ConvWindow.of(p, k, s, d);
              Conv2DTranspose t = new Conv2DTranspose("t", c, filters, win, op, null, kernel, bias, null);
              String what = p + " k=" + k[0] + "x" + k[1] + " s=" + s[0] + "," + s[1] + " d=" + d[0] + "," + d[1]
                  + " op=" + java.util.Arrays.toString(op) + " " + hw[0] + "x" + hw[1];
              double[] want = transposedRef(x, batch, hw[0], hw[1], c, kernel, bias, k[0], k[1], filters, s, d, op, p);
              Tensor y = t.call(Tensor.of(x, batch, hw[0], hw[1], c));
              assertArrayEquals(t.outputShape(new int[] {batch, hw[0], hw[1], c}), y.shape(), what);
              close(want, y, 2e-6, what);
              cases++;
            }
          }
        }
      }
    }
    assertTrue(cases > 400);
  }

  @Test
  void oneDimensionalLayersAreTheirTwoDimensionalCaseOfHeightOne() {
    int batch = 3;
    int len = 11;
    int c = 4;
    float[] x = rand(batch * len * c, 1);
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int s : new int[] {1, 2}) {
        ConvWindow w1 = ConvWindow.of1D(p, 3, s, 1);
        ConvWindow w2 = ConvWindow.of(p, new int[] {1, 3}, new int[] {1, s}, new int[] {1, 1});
        float[] dk = rand(3 * c * 2, 0.5);
        float[] b = rand(c * 2, 0.5);
        assertArrayEquals(new DepthwiseConv2D("d", c, 2, w2, null, dk, b, null).call(Tensor.of(x, batch, 1, len, c)).data(),
            new DepthwiseConv1D("d", c, 2, w1, null, dk, b, null).call(Tensor.of(x, batch, len, c)).data(), p + " " + s);
        float[] pk = rand(c * 2 * 5, 0.5);
        assertArrayEquals(new SeparableConv2D("s", c, 5, 2, w2, null, dk, pk, null, null)
            .call(Tensor.of(x, batch, 1, len, c)).data(),
            new SeparableConv1D("s", c, 5, 2, w1, null, dk, pk, null, null).call(Tensor.of(x, batch, len, c)).data());
        float[] tk = rand(3 * 5 * c, 0.5);
        Conv1DTranspose t1 = new Conv1DTranspose("t", c, 5, w1, s == 2 ? new int[] {1} : null, null, tk, null, null);
        double[] want = transposedRef(x, batch, 1, len, c, tk, null, 1, 3, 5, new int[] {1, s}, new int[] {1, 1},
            s == 2 ? new int[] {0, 1} : null, p);
        Tensor got = t1.call(Tensor.of(x, batch, len, c));
        assertArrayEquals(new int[] {batch, want.length / batch / 5, 5}, got.shape());
        close(want, got, 2e-6, "Conv1DTranspose " + p + " s=" + s);
      }
    }
  }

  @Test
  void channelsFirstIsChannelsLastTransposed() {
    int batch = 2;
    int h = 6;
    int w = 7;
    int c = 3;
    float[] x = rand(batch * h * w * c, 1);
    float[] xf = toFirst(x, batch, h * w, c);
    ConvWindow win = ConvWindow.of(Padding.SAME, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1});
    float[] k = rand(3 * 2 * c * 4, 0.5);
    float[] b = rand(4, 0.5);
    float[] dk = rand(3 * 2 * c * 2, 0.5);
    float[] tk = rand(3 * 2 * 4 * c, 0.5);
    Layer[][] pairs = {
        {new Conv2D("c", c, 4, win, 1, DataFormat.CHANNELS_LAST, k, b, Activation.RELU),
            new Conv2D("c", c, 4, win, 1, DataFormat.CHANNELS_FIRST, k, b, Activation.RELU)},
        {new DepthwiseConv2D("d", c, 2, win, DataFormat.CHANNELS_LAST, dk, null, null),
            new DepthwiseConv2D("d", c, 2, win, DataFormat.CHANNELS_FIRST, dk, null, null)},
        {new Conv2DTranspose("t", c, 4, win, null, DataFormat.CHANNELS_LAST, tk, b, null),
            new Conv2DTranspose("t", c, 4, win, null, DataFormat.CHANNELS_FIRST, tk, b, null)},
    };
    for (Layer[] pair : pairs) {
      Tensor last = pair[0].call(Tensor.of(x, batch, h, w, c));
      Tensor first = pair[1].call(Tensor.of(xf, batch, c, h, w));
      int[] ls = last.shape();
      assertArrayEquals(new int[] {ls[0], ls[3], ls[1], ls[2]}, first.shape(), pair[0].kerasClass());
      assertArrayEquals(toFirst(last.data(), batch, ls[1] * ls[2], ls[3]), first.data(), pair[0].kerasClass());
      assertArrayEquals(first.shape(), pair[1].outputShape(new int[] {batch, c, h, w}));
    }
  }

  @Test
  void channelsFirstRowWiseActivationsActOnTheLastAxisAsKerasDoes() {
    // Keras applies softmax to axis -1: the width, for channels_first.
    int h = 3;
    int w = 4;
    int c = 2;
    float[] x = rand(h * w * c, 1);
    ConvWindow win = ConvWindow.of(Padding.SAME, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
    float[] k = rand(c * 3, 1);
    Tensor lin = new Conv2D("c", c, 3, win, 1, DataFormat.CHANNELS_FIRST, k, null, null).call(Tensor.of(x, 1, c, h, w));
    Tensor soft = new Conv2D("c", c, 3, win, 1, DataFormat.CHANNELS_FIRST, k, null, Activation.SOFTMAX)
        .call(Tensor.of(x, 1, c, h, w));
    for (int r = 0; r < 3 * h; r++) {
      double sum = 0;
      for (int j = 0; j < w; j++) {
        sum += Math.exp(lin.data()[r * w + j]);
      }
      for (int j = 0; j < w; j++) {
        assertEquals(Math.exp(lin.data()[r * w + j]) / sum, soft.data()[r * w + j], 1e-6);
      }
    }
  }

  @Test
  void largeCallsSplitIntoTilesGiveTheSameResultsAsSmallOnes() {
    // 40×40 images make many tiles (and threads when available); each batch item alone must agree.
    int h = 40;
    int w = 40;
    int c = 16;
    int batch = 3;
    float[] x = rand(batch * h * w * c, 1);
    ConvWindow win = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    Layer[] layers = {
        new Conv2D("c", c, 40, win, 1, null, rand(9 * c * 40, 0.2), rand(40, 0.2), Activation.RELU6),
        new Conv2D("p", c, 40, ConvWindow.of(Padding.VALID, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}),
            1, null, rand(c * 40, 0.2), rand(40, 0.2), null),
        new DepthwiseConv2D("d", c, 1, win, null, rand(9 * c, 0.2), rand(c, 0.2), null),
        new SeparableConv2D("s", c, 24, 1, win, null, rand(9 * c, 0.2), rand(c * 24, 0.2), null, null),
        new Conv2DTranspose("t", c, 8, ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {2, 2},
            new int[] {1, 1}), null, null, rand(9 * 8 * c, 0.2), null, null),
    };
    for (Layer l : layers) {
      Tensor all = l.call(Tensor.of(x, batch, h, w, c));
      int per = all.size() / batch;
      for (int b = 0; b < batch; b++) {
        float[] xb = java.util.Arrays.copyOfRange(x, b * h * w * c, (b + 1) * h * w * c);
        float[] yb = l.call(Tensor.of(xb, 1, h, w, c)).data();
        assertArrayEquals(yb, java.util.Arrays.copyOfRange(all.data(), b * per, (b + 1) * per), l.kerasClass());
      }
    }
  }

  @Test
  void wrongImagesAreShapeMismatchesNamingTheLayerExpectedAndActual() {
    ConvWindow valid = ConvWindow.of(Padding.VALID, new int[] {3, 2}, new int[] {1, 1}, new int[] {2, 1});
    ConvWindow same = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
    Layer[] layers = {
        new Conv2D("c2", 3, 4, valid, 1, null, rand(6 * 3 * 4, 1), null, null),
        new DepthwiseConv2D("dw", 3, 2, valid, DataFormat.CHANNELS_FIRST, rand(6 * 3 * 2, 1), null, null),
        new SeparableConv2D("sep", 3, 4, 1, valid, null, rand(6 * 3, 1), rand(3 * 4, 1), null, null),
        new Conv2DTranspose("up", 3, 4, same, null, null, rand(9 * 4 * 3, 1), null, null),
    };
    for (Layer l : layers) {
      boolean first = l.name().equals("dw");
      String q = "'" + l.name() + "' (" + l.kerasClass() + ")";
      // Rank: a batch of sequences instead of images, and 5-D.
      for (int[] shape : new int[][] {{2, 6, 3}, {1, 6, 6, 3, 1}}) {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
            () -> l.call(Tensor.zeros(shape)), l.name());
        String want = first ? "(batch, 3, height, width)" : "(batch, height, width, 3)";
        assertTrue(e.getMessage().contains(q) && e.getMessage().contains("expected an input of shape " + want)
            && e.getMessage().contains(java.util.Arrays.toString(shape)), e.getMessage());
      }
      // Channels.
      int[] wrongChannels = first ? new int[] {1, 5, 6, 6} : new int[] {1, 6, 6, 5};
      ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(wrongChannels)));
      assertTrue(e.getMessage().contains(q) && e.getMessage().contains("expected 3 channels on axis " + (first ? 1 : 3))
          && e.getMessage().contains(java.util.Arrays.toString(wrongChannels)), e.getMessage());
      assertThrows(ShapeMismatchException.class, () -> l.outputShape(wrongChannels));
      // Size: height 4 < (3 − 1)·2 + 1 = 5 for the dilated valid window (the transposed one takes any).
      int[] small = first ? new int[] {1, 3, 4, 6} : new int[] {1, 4, 6, 3};
      if (l.name().equals("up")) {
        assertArrayEquals(new int[] {1, 8, 12, 4}, l.call(Tensor.zeros(small)).shape());
        continue;
      }
      e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(small)));
      assertTrue(e.getMessage().contains(q) && e.getMessage().contains("expected height of at least 5")
          && e.getMessage().contains("got 4 in shape " + java.util.Arrays.toString(small)), e.getMessage());
      assertThrows(ShapeMismatchException.class, () -> l.outputShape(small));
    }
  }

  @Test
  void badInputsAndWeightsAreRefusedNamingTheLayer() {
    ConvWindow win = ConvWindow.of(Padding.VALID, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    Conv2D conv = new Conv2D("my_conv", 3, 4, win, 1, null, rand(9 * 3 * 4, 1), null, null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> conv.call(Tensor.of(rand(30, 1), 2, 5, 3)));
    assertTrue(e.getMessage().contains("my_conv") && e.getMessage().contains("(batch, height, width, 3)")
        && e.getMessage().contains("[2, 5, 3]"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> conv.call(Tensor.of(rand(100, 1), 1, 5, 5, 4)));
    assertTrue(e.getMessage().contains("my_conv") && e.getMessage().contains("expected 3 channels")
        && e.getMessage().contains("[1, 5, 5, 4]"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> conv.outputShape(new int[] {-1, 5, 5, 4}));
    ShapeMismatchException s = assertThrows(ShapeMismatchException.class,
        () -> new Conv2D("k", 3, 4, win, 1, null, rand(9 * 3 * 5, 1), null, null));
    assertTrue(s.getMessage().contains("'k'") && s.getMessage().contains("kernel") && s.getMessage().contains("[3, 3, 3, 4]"),
        s.getMessage());
    assertThrows(ShapeMismatchException.class, () -> new Conv2D("g", 4, 6, win, 4, null, rand(9 * 6, 1), null, null));
    assertThrows(ShapeMismatchException.class,
        () -> new Conv1D("r", 3, 4, win, 1, null, rand(9 * 3 * 4, 1), null, null));
    assertThrows(ShapeMismatchException.class, () -> new Conv2DTranspose("o", 3, 4, win, new int[] {1, 0}, null,
        rand(9 * 3 * 4, 1), null, null));
    // An image smaller than a valid window: Keras refuses it ("output size would be zero").
    e = assertThrows(InvalidInputException.class, () -> conv.call(Tensor.of(rand(2 * 3 * 3, 1), 1, 2, 3, 3)));
    assertTrue(e.getMessage().contains("my_conv") && e.getMessage().contains("expected height of at least 3")
        && e.getMessage().contains("got 2 in shape [1, 2, 3, 3]"), e.getMessage());
    assertEquals(9 * 3 * 4, conv.trainableParams());
  }
}
