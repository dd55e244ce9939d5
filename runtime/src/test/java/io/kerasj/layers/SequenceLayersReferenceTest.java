package io.kerasj.layers;

import static io.kerasj.layers.ReferenceChecks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.activations.ActivationLayer;
import io.kerasj.layers.activations.ELU;
import io.kerasj.layers.activations.LeakyReLU;
import io.kerasj.layers.activations.PReLU;
import io.kerasj.layers.activations.ReLU;
import io.kerasj.layers.activations.Softmax;
import io.kerasj.layers.activations.ThresholdedReLU;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.layers.normalization.BatchNormalization;
import io.kerasj.layers.pooling.AveragePooling1D;
import io.kerasj.layers.pooling.GlobalAveragePooling1D;
import io.kerasj.layers.pooling.GlobalMaxPooling1D;
import io.kerasj.layers.pooling.MaxPooling1D;
import io.kerasj.layers.regularization.Dropout;
import io.kerasj.layers.reshaping.Cropping1D;
import io.kerasj.layers.reshaping.Flatten;
import io.kerasj.layers.reshaping.Permute;
import io.kerasj.layers.reshaping.RepeatVector;
import io.kerasj.layers.reshaping.Reshape;
import io.kerasj.layers.reshaping.UpSampling1D;
import io.kerasj.layers.reshaping.ZeroPadding1D;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sequence front-end layers (Conv1D, pooling, padding, normalization, reshaping, activation
 * layers) against straightforward double-precision implementations of the Keras definitions
 * written here: explicit zero padding, explicit window loops, explicit index arithmetic. This checks
 * the fast paths (strided per-tap products, grouped kernels, odometers); agreement with TensorFlow
 * itself is the compat-tests module's job.
 */
class SequenceLayersReferenceTest {
  static final Random RNG = new Random(7);

  static float[] rand(int n, double scale) {
    return ReferenceChecks.uniform(RNG, n, scale);
  }

  // ---- Conv1D ---------------------------------------------------------------------------------

  /** Pads explicitly, then slides the kernel: the textbook definition with TF's SAME split. */
  static double[] convRef(float[] x, int batch, int len, int in, float[] w, float[] bias, int k, int filters,
                          int s, int d, int groups, Padding p) {
    int span = (k - 1) * d + 1;
    int padL;
    int padR;
    if (p == Padding.VALID) {
      padL = 0;
      padR = 0;
    } else if (p == Padding.CAUSAL) {
      padL = d * (k - 1);
      padR = 0;
    } else {
      int out = (len + s - 1) / s;
      int total = Math.max((out - 1) * s + span - len, 0);
      padL = total / 2;
      padR = total - padL;
    }
    int lp = len + padL + padR;
    int outLen = lp >= span ? (lp - span) / s + 1 : 0;
    int cg = in / groups;
    int fg = filters / groups;
    double[] y = new double[batch * outLen * filters];
    for (int b = 0; b < batch; b++) {
      double[][] xp = new double[lp][in];
      for (int t = 0; t < len; t++) {
        for (int c = 0; c < in; c++) {
          xp[t + padL][c] = x[(b * len + t) * in + c];
        }
      }
      for (int t = 0; t < outLen; t++) {
        for (int f = 0; f < filters; f++) {
          int g = f / fg;
          double acc = bias == null ? 0 : bias[f];
          for (int j = 0; j < k; j++) {
            for (int c = 0; c < cg; c++) {
              acc += xp[t * s + j * d][g * cg + c] * w[(j * cg + c) * filters + f];
            }
          }
          y[(b * outLen + t) * filters + f] = acc;
        }
      }
    }
    return y;
  }

  @Test
  void conv1dMatchesReferenceOverPaddingsStridesDilationsGroups() {
    int cases = 0;
    for (Padding p : Padding.values()) {
      for (int k : new int[] {1, 2, 3, 4}) {
        for (int s : new int[] {1, 2, 3}) {
          for (int d : new int[] {1, 2, 3}) {
            for (int groups : new int[] {1, 2, 3}) {
              for (int len : new int[] {1, 2, 5, 7, 8, 13}) {
                int in = 6;
                int filters = groups == 2 ? 4 : 6;
                int batch = 2;
                float[] x = rand(batch * len * in, 1);
                float[] w = rand(k * (in / groups) * filters, 0.5);
                float[] bias = (k + s) % 2 == 0 ? rand(filters, 0.5) : null;
                Conv1D conv = new Conv1D("c", in, filters, k, s, d, groups, p, w, bias, null);
                String what = p + " k=" + k + " s=" + s + " d=" + d + " g=" + groups + " L=" + len;
                if (p == Padding.VALID && len < (k - 1) * d + 1) {
                  // Keras refuses a sequence shorter than the window ("output size would be zero").
                  assertThrows(InvalidInputException.class, () -> conv.call(Tensor.of(x, batch, len, in)), what);
                  cases++;
                  continue;
                }
                Tensor y = conv.call(Tensor.of(x, batch, len, in));
                double[] want = convRef(x, batch, len, in, w, bias, k, filters, s, d, groups, p);
                assertArrayEquals(conv.outputShape(new int[] {batch, len, in}), y.shape(), what);
                assertEquals(want.length / (batch * filters), y.dim(1), what + ": output length");
                close(want, y, 2e-6, what);
                cases++;
              }
            }
          }
        }
      }
    }
    assertTrue(cases > 1000);
  }

  @Test
  void conv1dOutputLengthsFollowTensorFlow() {
    float[] w = rand(3, 1);
    // valid: floor((L - span)/s) + 1; same and causal: ceil(L/s).
    Conv1D valid = new Conv1D("c", 1, 1, 3, 2, 1, 1, Padding.VALID, w, null, null);
    assertArrayEquals(new int[] {-1, 3, 1}, valid.outputShape(new int[] {-1, 7, 1}));
    assertThrows(InvalidInputException.class, () -> valid.outputShape(new int[] {-1, 2, 1}));
    assertArrayEquals(new int[] {-1, -1, 1}, valid.outputShape(new int[] {-1, -1, 1}));
    Conv1D same = new Conv1D("c", 1, 1, 3, 2, 1, 1, Padding.SAME, w, null, null);
    assertArrayEquals(new int[] {2, 4, 1}, same.outputShape(new int[] {2, 7, 1}));
    Conv1D causal = new Conv1D("c", 1, 1, 3, 1, 2, 1, Padding.CAUSAL, w, null, null);
    assertArrayEquals(new int[] {2, 7, 1}, causal.outputShape(new int[] {2, 7, 1}));
  }

  @Test
  void causalConvSeesOnlyThePast() {
    int len = 9;
    float[] w = rand(3 * 2 * 2, 1);
    Conv1D conv = new Conv1D("c", 2, 2, 3, 1, 2, 1, Padding.CAUSAL, w, rand(2, 1), null);
    float[] x = rand(len * 2, 1);
    float[] y1 = conv.call(Tensor.of(x, 1, len, 2)).data();
    float[] x2 = x.clone();
    for (int i = 5 * 2; i < x2.length; i++) {
      x2[i] += 3f; // change steps 5.. only
    }
    float[] y2 = conv.call(Tensor.of(x2, 1, len, 2)).data();
    for (int i = 0; i < 5 * 2; i++) {
      assertEquals(y1[i], y2[i], 0f, "step " + i / 2 + " must not see the future");
    }
  }

  @Test
  void conv1dActivationParamsAndErrors() {
    float[] w = rand(2 * 3 * 4, 1);
    float[] b = rand(4, 1);
    float[] x = rand(2 * 5 * 3, 1);
    Conv1D lin = new Conv1D("c", 3, 4, 2, 1, 1, 1, Padding.SAME, w, b, null);
    Conv1D relu = new Conv1D("c", 3, 4, 2, 1, 1, 1, Padding.SAME, w, b, Activation.RELU);
    float[] a = lin.call(Tensor.of(x, 2, 5, 3)).data();
    float[] r = relu.call(Tensor.of(x, 2, 5, 3)).data();
    for (int i = 0; i < a.length; i++) {
      assertEquals(Math.max(a[i], 0f), r[i], 0f);
    }
    Conv1D glu = new Conv1D("c", 3, 4, 2, 1, 1, 1, Padding.SAME, w, b, Activation.GLU);
    Tensor g = glu.call(Tensor.of(x, 2, 5, 3));
    assertArrayEquals(new int[] {2, 5, 2}, g.shape());
    assertArrayEquals(new int[] {2, 5, 2}, glu.outputShape(new int[] {2, 5, 3}));
    for (int i = 0; i < 10; i++) {
      double want = a[i * 4] / (1 + Math.exp(-a[i * 4 + 2]));
      assertEquals(want, g.data()[i * 2], 1e-6);
    }
    assertEquals(2 * 3 * 4 + 4, lin.trainableParams());
    assertEquals(3 * 2 * 6, new Conv1D("c", 6, 6, 3, 1, 1, 3, Padding.VALID, rand(3 * 2 * 6, 1), null, null)
        .trainableParams());
    assertThrows(InvalidInputException.class, () -> lin.call(Tensor.of(rand(10, 1), 2, 5)));
    assertThrows(InvalidInputException.class, () -> lin.call(Tensor.of(rand(20, 1), 2, 5, 2)));
    assertThrows(RuntimeException.class, () -> new Conv1D("c", 4, 6, 3, 1, 1, 3, Padding.VALID, w, null, null));
    assertFalse(lin.supportsMasking());
  }

  // ---- pooling --------------------------------------------------------------------------------

  static double[] poolRef(float[] x, int batch, int len, int ch, int pool, int s, Padding p, boolean avg) {
    int padL = 0;
    int outLen;
    if (p == Padding.VALID) {
      outLen = len >= pool ? (len - pool) / s + 1 : 0;
    } else {
      outLen = (len + s - 1) / s;
      padL = Math.max((outLen - 1) * s + pool - len, 0) / 2;
    }
    double[] y = new double[batch * outLen * ch];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < outLen; t++) {
        for (int c = 0; c < ch; c++) {
          double sum = 0;
          double max = Double.NEGATIVE_INFINITY;
          int n = 0;
          for (int j = 0; j < pool; j++) {
            int r = t * s + j - padL;
            if (r < 0 || r >= len) {
              continue; // padding: ignored by max, not counted by the average
            }
            double v = x[(b * len + r) * ch + c];
            sum += v;
            max = Math.max(max, v);
            n++;
          }
          y[(b * outLen + t) * ch + c] = avg ? sum / n : max;
        }
      }
    }
    return y;
  }

  @Test
  void poolingMatchesReference() {
    for (Padding p : new Padding[] {Padding.VALID, Padding.SAME}) {
      for (int pool : new int[] {1, 2, 3, 4}) {
        for (int s : new int[] {1, 2, 3, 5}) {
          for (int len : new int[] {1, 3, 4, 7, 10}) {
            float[] x = rand(2 * len * 3, 2);
            Tensor in = Tensor.of(x, 2, len, 3);
            String what = p + " pool=" + pool + " s=" + s + " L=" + len;
            MaxPooling1D max = new MaxPooling1D("m", pool, s, p);
            AveragePooling1D avg = new AveragePooling1D("a", pool, s, p);
            Tensor ym = max.call(in);
            Tensor ya = avg.call(in);
            close(poolRef(x, 2, len, 3, pool, s, p, false), ym, 0, "max " + what);
            // The layer sums in float32 in TensorFlow's order, a few ulps from the exact mean.
            close(poolRef(x, 2, len, 3, pool, s, p, true), ya, 5e-7, "avg " + what);
            assertArrayEquals(max.outputShape(in.shape()), ym.shape(), what);
            assertArrayEquals(avg.outputShape(in.shape()), ya.shape(), what);
          }
        }
      }
    }
    assertThrows(UnsupportedFeatureException.class, () -> new MaxPooling1D("m", 2, 2, Padding.CAUSAL));
  }

  @Test
  void globalPoolingWithAndWithoutMask() {
    int batch = 3;
    int len = 5;
    int ch = 4;
    float[] x = rand(batch * len * ch, 2);
    Tensor in = Tensor.of(x, batch, len, ch);
    boolean[] keep = new boolean[batch * len];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < len; t++) {
        keep[b * len + t] = t < len - b; // item b has its last b steps masked
      }
    }
    Mask mask = new Mask(batch, len, keep);
    double[] mean = new double[batch * ch];
    double[] masked = new double[batch * ch];
    double[] max = new double[batch * ch];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < ch; c++) {
        double s = 0;
        double sm = 0;
        double m = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < len; t++) {
          double v = x[(b * len + t) * ch + c];
          s += v;
          m = Math.max(m, v);
          if (keep[b * len + t]) {
            sm += v;
          }
        }
        mean[b * ch + c] = s / len;
        masked[b * ch + c] = sm / (len - b);
        max[b * ch + c] = m;
      }
    }
    GlobalAveragePooling1D gap = new GlobalAveragePooling1D("g", false);
    close(mean, gap.call(in), 1e-7, "mean");
    Layer.Output o = gap.forward(new Tensor[] {in}, new Mask[] {mask}, null);
    close(masked, o.tensors()[0], 1e-7, "masked mean");
    assertNull(o.masks()[0], "the mask is consumed");
    assertFalse(gap.isStreamable());
    GlobalAveragePooling1D keepDims = new GlobalAveragePooling1D("g", true);
    assertArrayEquals(new int[] {batch, 1, ch}, keepDims.call(in).shape());
    assertArrayEquals(new int[] {-1, 1, ch}, keepDims.outputShape(new int[] {-1, -1, ch}));
    GlobalMaxPooling1D gmp = new GlobalMaxPooling1D("m", false);
    close(max, gmp.call(in), 0, "max");
    assertArrayEquals(new int[] {batch, ch}, gmp.outputShape(in.shape()));
    assertArrayEquals(new int[] {batch, 1, ch}, new GlobalMaxPooling1D("m", true).call(in).shape());
  }

  // ---- padding, cropping, upsampling ------------------------------------------------------------

  @Test
  void paddingCroppingUpsampling() {
    int batch = 2;
    int len = 5;
    int ch = 3;
    float[] x = rand(batch * len * ch, 1);
    Tensor in = Tensor.of(x, batch, len, ch);
    Tensor zp = new ZeroPadding1D("z", 1, 3).call(in);
    assertArrayEquals(new int[] {batch, len + 4, ch}, zp.shape());
    Tensor cr = new Cropping1D("c", 2, 1).call(in);
    assertArrayEquals(new int[] {batch, len - 3, ch}, cr.shape());
    Tensor up = new UpSampling1D("u", 3).call(in);
    assertArrayEquals(new int[] {batch, len * 3, ch}, up.shape());
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < ch; c++) {
        for (int t = 0; t < len + 4; t++) {
          int src = t - 1;
          float want = src >= 0 && src < len ? x[(b * len + src) * ch + c] : 0f;
          assertEquals(want, zp.get(b, t, c), 0f);
        }
        for (int t = 0; t < len - 3; t++) {
          assertEquals(x[(b * len + t + 2) * ch + c], cr.get(b, t, c), 0f);
        }
        for (int t = 0; t < len * 3; t++) {
          assertEquals(x[(b * len + t / 3) * ch + c], up.get(b, t, c), 0f);
        }
      }
    }
    assertArrayEquals(new int[] {-1, -1, ch}, new ZeroPadding1D("z", 1, 3).outputShape(new int[] {-1, -1, ch}));
    assertArrayEquals(new int[] {-1, 12, ch}, new UpSampling1D("u", 2).outputShape(new int[] {-1, 6, ch}));
    assertThrows(InvalidInputException.class, () -> new Cropping1D("c", 3, 3).call(in));
  }

  // ---- BatchNormalization ---------------------------------------------------------------------

  @Test
  void batchNormalizationInference() {
    int ch = 5;
    float[] gamma = rand(ch, 2);
    float[] beta = rand(ch, 1);
    float[] mean = rand(ch, 1);
    float[] var = new float[ch];
    for (int c = 0; c < ch; c++) {
      var[c] = (float) (0.1 + RNG.nextDouble());
    }
    float eps = 1e-3f;
    float[] x = rand(2 * 7 * ch, 3);
    for (boolean scale : new boolean[] {true, false}) {
      for (boolean center : new boolean[] {true, false}) {
        BatchNormalization bn = new BatchNormalization("bn", ch, eps, scale ? gamma : null, center ? beta : null,
            mean, var);
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          int c = i % ch;
          double y = (x[i] - mean[c]) / Math.sqrt(var[c] + (double) eps);
          want[i] = y * (scale ? gamma[c] : 1) + (center ? beta[c] : 0);
        }
        close(want, bn.call(Tensor.of(x, 2, 7, ch)), 1e-6, "bn scale=" + scale + " center=" + center);
        close(want, bn.call(Tensor.of(x, 14, ch)), 1e-6, "bn rank 2");
        assertEquals((scale ? ch : 0) + (center ? ch : 0), bn.trainableParams());
        assertEquals(2 * ch, bn.nonTrainableParams());
        assertTrue(bn.supportsMasking());
      }
    }
  }

  // ---- reshaping ------------------------------------------------------------------------------

  @Test
  void flattenReshapeRepeatPermute() {
    float[] x = rand(2 * 3 * 4, 1);
    Tensor in = Tensor.of(x, 2, 3, 4);
    Tensor f = new Flatten("f").call(in);
    assertArrayEquals(new int[] {2, 12}, f.shape());
    assertArrayEquals(x, f.data());
    assertArrayEquals(new int[] {-1, 12}, new Flatten("f").outputShape(new int[] {-1, 3, 4}));
    assertArrayEquals(new int[] {-1, -1}, new Flatten("f").outputShape(new int[] {-1, -1, 4}));

    Reshape r = new Reshape("r", new int[] {-1, 6});
    assertArrayEquals(new int[] {2, 2, 6}, r.call(in).shape());
    assertArrayEquals(x, r.call(in).data());
    assertArrayEquals(new int[] {-1, 2, 6}, r.outputShape(new int[] {-1, 3, 4}));
    assertArrayEquals(new int[] {-1, -1, 6}, r.outputShape(new int[] {-1, -1, 4}));
    assertArrayEquals(new int[] {2, 4, 3}, new Reshape("r", new int[] {4, 3}).call(in).shape());
    assertThrows(InvalidInputException.class, () -> new Reshape("r", new int[] {-1, 5}).call(in));
    assertThrows(RuntimeException.class, () -> new Reshape("r", new int[] {-1, -1}));

    Tensor v = Tensor.of(rand(2 * 4, 1), 2, 4);
    Tensor rep = new RepeatVector("rv", 3).call(v);
    assertArrayEquals(new int[] {2, 3, 4}, rep.shape());
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 3; t++) {
        for (int c = 0; c < 4; c++) {
          assertEquals(v.get(b, c), rep.get(b, t, c), 0f);
        }
      }
    }

    Tensor p = new Permute("p", new int[] {2, 1}).call(in);
    assertArrayEquals(new int[] {2, 4, 3}, p.shape());
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          assertEquals(in.get(b, i, j), p.get(b, j, i), 0f);
        }
      }
    }
    float[] x4 = rand(2 * 3 * 4 * 5, 1);
    Tensor in4 = Tensor.of(x4, 2, 3, 4, 5);
    int[] dims = {3, 1, 2};
    Permute perm = new Permute("p", dims);
    Tensor p4 = perm.call(in4);
    assertArrayEquals(new int[] {2, 5, 3, 4}, p4.shape());
    assertArrayEquals(new int[] {-1, 5, 3, 4}, perm.outputShape(new int[] {-1, 3, 4, 5}));
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          for (int k = 0; k < 5; k++) {
            assertEquals(in4.get(b, i, j, k), p4.get(b, k, i, j), 0f);
          }
        }
      }
    }
    assertThrows(RuntimeException.class, () -> new Permute("p", new int[] {1, 1}));
    for (Layer l : new Layer[] {new Flatten("f"), r, new RepeatVector("rv", 2), perm}) {
      assertFalse(l.supportsMasking(), l.kerasClass());
    }
  }

  // ---- activation layers ----------------------------------------------------------------------

  /** Keras' ReLU composition (backend.relu / ReLU.static_call), step by step in double. */
  static double reluRef(double x, Double max, double slope, double thr) {
    if (slope != 0 && max == null && thr == 0) {
      return x > 0 ? x : slope * x;
    }
    double neg = slope != 0 ? Math.max(thr - x, 0) : 0;
    double y;
    if (thr != 0) {
      y = x > thr ? x : 0;
    } else {
      y = Math.max(x, 0);
    }
    if (max != null) {
      y = Math.min(Math.max(y, 0), max);
    }
    return y - slope * neg;
  }

  @Test
  void reluLayerVariants() {
    float[] x = rand(4 * 50, 10);
    x[0] = 0f;
    x[1] = 0.5f; // = threshold below
    x[2] = 6f;
    x[3] = -0.5f;
    Tensor in = Tensor.of(x, 4, 50);
    Float[] maxes = {null, 6f, 2.5f};
    float[] slopes = {0f, 0.1f, 0.3f};
    float[] thrs = {0f, 0.5f, -0.5f};
    for (Float max : maxes) {
      for (float slope : slopes) {
        for (float thr : thrs) {
          ReLU relu = new ReLU("r", max, slope, thr);
          double[] want = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            want[i] = reluRef(x[i], max == null ? null : (double) max, slope, thr);
          }
          close(want, relu.call(in), 1e-6, "relu max=" + max + " slope=" + slope + " thr=" + thr);
        }
      }
    }
    // Below the threshold the output is slope·(x − threshold); at it, 0.
    ReLU r = new ReLU("r", null, 0.5f, 1f);
    assertArrayEquals(new float[] {-1f, 0f, 2f}, r.call(Tensor.of(new float[] {-1f, 1f, 2f}, 1, 3)).data());
    assertTrue(r.supportsMasking());
  }

  @Test
  void leakyEluThresholdedAndActivationLayers() {
    float[] x = rand(3 * 20, 5);
    Tensor in = Tensor.of(x, 3, 20);
    double[] leaky = new double[x.length];
    double[] elu = new double[x.length];
    double[] elu1 = new double[x.length];
    double[] thr = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      leaky[i] = x[i] > 0 ? x[i] : 0.3 * x[i];
      elu[i] = x[i] > 0 ? x[i] : 0.7 * Math.expm1(x[i]);
      elu1[i] = x[i] > 0 ? x[i] : Math.expm1(x[i]);
      thr[i] = x[i] > 1 ? x[i] : 0;
    }
    close(leaky, new LeakyReLU("l", LeakyReLU.DEFAULT_SLOPE).call(in), 1e-6, "leaky");
    close(elu, new ELU("e", 0.7f).call(in), 1e-6, "elu 0.7");
    close(elu1, new ELU("e", 1f).call(in), 1e-6, "elu 1");
    close(thr, new ThresholdedReLU("t", 1f).call(in), 0, "thresholded");

    ActivationLayer tanh = new ActivationLayer("a", Activation.TANH);
    double[] t = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      t[i] = Math.tanh(x[i]);
    }
    close(t, tanh.call(in), 1e-6, "tanh");
    assertEquals("Activation", tanh.kerasClass());
    ActivationLayer glu = new ActivationLayer("a", Activation.GLU);
    assertArrayEquals(new int[] {3, 10}, glu.call(in).shape());
    assertArrayEquals(new int[] {-1, 7, 10}, glu.outputShape(new int[] {-1, 7, 20}));
    for (Layer l : new Layer[] {new LeakyReLU("l", 0.3f), new ELU("e", 1f), new ThresholdedReLU("t", 1f), tanh}) {
      assertTrue(l.supportsMasking(), l.kerasClass());
      assertTrue(l.isStreamable(), l.kerasClass());
    }
  }

  @Test
  void preluSharedAxes() {
    int batch = 2;
    int len = 4;
    int ch = 3;
    float[] x = rand(batch * len * ch, 2);
    Tensor in = Tensor.of(x, batch, len, ch);
    int[][] shapes = {{len, ch}, {1, ch}, {len, 1}, {1, 1}};
    for (int[] shape : shapes) {
      float[] alpha = rand(shape[0] * shape[1], 1);
      PReLU p = new PReLU("p", shape, alpha);
      double[] want = new double[x.length];
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < len; t++) {
          for (int c = 0; c < ch; c++) {
            int i = (b * len + t) * ch + c;
            double a = alpha[(shape[0] == 1 ? 0 : t) * shape[1] + (shape[1] == 1 ? 0 : c)];
            want[i] = x[i] >= 0 ? x[i] : a * x[i];
          }
        }
      }
      close(want, p.call(in), 1e-7, "prelu " + shape[0] + "x" + shape[1]);
      assertEquals(alpha.length, p.trainableParams());
      assertEquals(shape[0] == 1, p.isStreamable());
    }
    assertThrows(InvalidInputException.class,
        () -> new PReLU("p", new int[] {5, ch}, rand(5 * ch, 1)).call(in));
  }

  @Test
  void softmaxOverEachAxis() {
    int b = 2;
    int t = 3;
    int f = 4;
    float[] x = rand(b * t * f, 4);
    Tensor in = Tensor.of(x, b, t, f);
    for (int axis : new int[] {-1, -2, 1, 2}) {
      int a = axis < 0 ? 3 + axis : axis;
      double[] want = new double[x.length];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < f; k++) {
            double sum = 0;
            int n = a == 1 ? t : f;
            for (int m = 0; m < n; m++) {
              sum += Math.exp(a == 1 ? in.get(i, m, k) : in.get(i, j, m));
            }
            want[(i * t + j) * f + k] = Math.exp(in.get(i, j, k)) / sum;
          }
        }
      }
      close(want, new Softmax("s", axis).call(in), 1e-6, "softmax axis " + axis);
    }
    assertTrue(new Softmax("s", -1).isStreamable());
    assertFalse(new Softmax("s", -2).isStreamable());
    Softmax s = new Softmax("s", -1);
    Mask m = new Mask(b, t, new boolean[b * t]);
    assertThrows(UnsupportedFeatureException.class, () -> s.forward(new Tensor[] {in}, new Mask[] {m}, null));
    assertEquals(1, s.forward(new Tensor[] {in}, new Mask[] {null}, null).tensors().length);
  }

  @Test
  void inferenceNoOpsPassMasksOn() {
    Tensor in = Tensor.of(rand(6, 1), 1, 2, 3);
    Mask m = new Mask(1, 2, new boolean[] {true, false});
    for (String cls : new String[] {"SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout"}) {
      Dropout d = new Dropout("d", cls);
      Layer.Output o = d.forward(new Tensor[] {in}, new Mask[] {m}, null);
      assertSame(in, o.tensors()[0]);
      assertSame(m, o.masks()[0]);
      assertEquals(cls, d.kerasClass());
    }
    BatchNormalization bn = new BatchNormalization("bn", 3, 1e-3f, null, null, new float[3], new float[] {1, 1, 1});
    assertSame(m, bn.forward(new Tensor[] {in}, new Mask[] {m}, null).masks()[0]);
    Conv1D conv = new Conv1D("c", 3, 2, 1, 1, 1, 1, Padding.VALID, rand(6, 1), null, null);
    assertNull(conv.forward(new Tensor[] {in}, new Mask[] {m}, null).masks()[0], "Conv1D drops masks, as Keras 3 does");
  }
}
