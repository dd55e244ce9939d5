package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.normalization.LayerNormalization;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cells and the RNN driver against straightforward double-precision implementations of the
 * Keras formulas written here, gate by gate. This checks the packing, strides and batching of the
 * fast path; agreement with TensorFlow itself is the compat-tests module's job.
 */
class CellReferenceTest {
  static final Random RNG = new Random(42);

  static float[] rand(int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((RNG.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  static float[] rand(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  static double sig(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** z = x·K + h·R + b for gate block g of width u. */
  static double pre(float[] x, int in, float[] k, float[] h, int u, float[] r, float[] b, int cols, int col) {
    double s = b == null ? 0 : b[col];
    for (int p = 0; p < in; p++) {
      s += (double) x[p] * k[p * cols + col];
    }
    for (int p = 0; p < u; p++) {
      s += (double) h[p] * r[p * cols + col];
    }
    return s;
  }

  @Test
  void lstmMatchesTheFormulaOverBatchAndTime() {
    int in = 3, u = 5, batch = 2, steps = 4;
    float[] k = rand(in * 4 * u, 0.5), r = rand(u * 4 * u, 0.5), b = rand(4 * u, 0.3);
    LSTMCell cell = new LSTMCell("lstm", in, u, k, r, b, Activation.TANH, Activation.SIGMOID);
    float[] x = rand(batch * steps * in, 1.0);
    Tensor y = new RNN("lstm", "LSTM", cell, true, false, false).call(Tensor.of(x, batch, steps, in));
    float[] want = lstmFormula(x, batch, steps, in, u, k, r, b, new double[1]);
    for (int i = 0; i < want.length; i++) {
      assertClose(want[i], y.data()[i]);
    }
  }

  // The gate sigmoid is ½·tanh(x/2) + ½ on tanh's clamp (LSTMCell, VectorKernels#lstmGates): exactly 0
  // or 1 beyond |x| = 15.8, where σ is within 1.4e-7 of it. Pre-activations out to ±40 here (the
  // input kernel dominates), 20 units (a whole and a partial block on 16 lanes): every output within
  // 1e-6 of the formula in double, where a sigmoid that saturated early (σ(−8) = 3.4e-4) would not be.
  @Test
  void lstmGatesNearSaturationStayCloseToTheFormula() {
    int in = 3, u = 20, batch = 3, steps = 3;
    Random rnd = new Random(15);
    float[] k = rand(rnd, in * 4 * u, 20), r = rand(rnd, u * 4 * u, 0.05), b = rand(rnd, 4 * u, 6);
    LSTMCell cell = new LSTMCell("lstm", in, u, k, r, b, Activation.TANH, Activation.SIGMOID);
    float[] x = rand(rnd, batch * steps * in, 1.0);
    Tensor y = new RNN("lstm", "LSTM", cell, true, false, false).call(Tensor.of(x, batch, steps, in));
    double[] widest = new double[1];
    float[] want = lstmFormula(x, batch, steps, in, u, k, r, b, widest);
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(want[i] - y.data()[i]));
    }
    assertTrue(widest[0] > 30, "pre-activations reach only " + widest[0]); // beyond the clamp at 15.8
    assertTrue(worst <= 1e-6, "max |h - formula| = " + worst);
  }

  // Keras' LSTM in double, gates [i | f | c | o]: the (batch, steps, u) outputs; widest[0] gets the
  // largest |pre-activation| of a sigmoid gate.
  static float[] lstmFormula(float[] x, int batch, int steps, int in, int u, float[] k, float[] r, float[] b,
                             double[] widest) {
    float[] out = new float[batch * steps * u];
    for (int bi = 0; bi < batch; bi++) {
      float[] h = new float[u];
      double[] c = new double[u];
      for (int t = 0; t < steps; t++) {
        float[] xt = java.util.Arrays.copyOfRange(x, (bi * steps + t) * in, (bi * steps + t + 1) * in);
        float[] hn = new float[u];
        for (int j = 0; j < u; j++) {
          double zi = pre(xt, in, k, h, u, r, b, 4 * u, j);
          double zf = pre(xt, in, k, h, u, r, b, 4 * u, u + j);
          double zo = pre(xt, in, k, h, u, r, b, 4 * u, 3 * u + j);
          widest[0] = Math.max(widest[0], Math.max(Math.abs(zi), Math.max(Math.abs(zf), Math.abs(zo))));
          double g = Math.tanh(pre(xt, in, k, h, u, r, b, 4 * u, 2 * u + j));
          c[j] = sig(zf) * c[j] + sig(zi) * g;
          hn[j] = (float) (sig(zo) * Math.tanh(c[j]));
          out[(bi * steps + t) * u + j] = hn[j];
        }
        h = hn;
      }
    }
    return out;
  }

  @Test
  void gruBothResetModesMatchTheFormula() {
    for (boolean resetAfter : new boolean[] {true, false}) {
      int in = 2, u = 4, steps = 3;
      float[] k = rand(in * 3 * u, 0.5), r = rand(u * 3 * u, 0.5);
      float[] bias = rand(resetAfter ? 6 * u : 3 * u, 0.3);
      GRUCell cell = new GRUCell("gru", in, u, k, r, bias, resetAfter, Activation.TANH, Activation.SIGMOID);
      float[] x = rand(steps * in, 1.0);
      Tensor y = new RNN("gru", "GRU", cell, true, false, false).call(Tensor.of(x, 1, steps, in));
      double[] h = new double[u];
      for (int t = 0; t < steps; t++) {
        double[] hn = new double[u];
        double[] rr = new double[u];
        double[] zz = new double[u];
        for (int j = 0; j < u; j++) {
          double xz = bias[j], xr = bias[u + j], hz = resetAfter ? bias[3 * u + j] : 0, hr = resetAfter ? bias[4 * u + j] : 0;
          for (int p = 0; p < in; p++) {
            xz += x[t * in + p] * k[p * 3 * u + j];
            xr += x[t * in + p] * k[p * 3 * u + u + j];
          }
          for (int p = 0; p < u; p++) {
            hz += h[p] * r[p * 3 * u + j];
            hr += h[p] * r[p * 3 * u + u + j];
          }
          zz[j] = sig(xz + hz);
          rr[j] = sig(xr + hr);
        }
        for (int j = 0; j < u; j++) {
          double xh = bias[2 * u + j];
          for (int p = 0; p < in; p++) {
            xh += x[t * in + p] * k[p * 3 * u + 2 * u + j];
          }
          double rec = 0;
          if (resetAfter) {
            double hh = bias[5 * u + j];
            for (int p = 0; p < u; p++) {
              hh += h[p] * r[p * 3 * u + 2 * u + j];
            }
            rec = rr[j] * hh;
          } else {
            for (int p = 0; p < u; p++) {
              rec += rr[p] * h[p] * r[p * 3 * u + 2 * u + j];
            }
          }
          hn[j] = zz[j] * h[j] + (1 - zz[j]) * Math.tanh(xh + rec);
        }
        h = hn;
        for (int j = 0; j < u; j++) {
          assertClose((float) h[j], y.get(0, t, j));
        }
      }
    }
  }

  @Test
  void lnSimpleRnnCellIsLinearCellThenLayerNormThenTanh() {
    int in = 1, u = 6, steps = 5;
    float[] k = rand(in * u, 0.8), r = rand(u * u, 0.5), b = rand(u, 0.3), gamma = rand(u, 1), beta = rand(u, 0.2);
    LNSimpleRNNCell cell = new LNSimpleRNNCell(new SimpleRNNCell("s", in, u, k, r, b, Activation.LINEAR),
        new LayerNormalization("ln", gamma, beta), Activation.TANH);
    float[] x = rand(steps, 1.0);
    Tensor y = new RNN("rnn", cell, true).call(Tensor.of(x, 1, steps, 1));
    double[] h = new double[u];
    for (int t = 0; t < steps; t++) {
      double[] z = new double[u];
      double mean = 0;
      for (int j = 0; j < u; j++) {
        z[j] = x[t] * k[j] + b[j];
        for (int p = 0; p < u; p++) {
          z[j] += h[p] * r[p * u + j];
        }
        mean += z[j] / u;
      }
      double var = 0;
      for (int j = 0; j < u; j++) {
        var += (z[j] - mean) * (z[j] - mean) / u;
      }
      for (int j = 0; j < u; j++) {
        h[j] = Math.tanh((z[j] - mean) / Math.sqrt(var + 1e-3) * gamma[j] + beta[j]);
        assertClose((float) h[j], y.get(0, t, j));
      }
    }
  }

  @Test
  void goBackwardsReadsFromTheEndAndDoesNotFlipTheOutput() {
    int in = 2, u = 3, steps = 4;
    SimpleRNNCell cell = new SimpleRNNCell("s", in, u, rand(in * u, 1), rand(u * u, 1), rand(u, 1), Activation.TANH);
    float[] x = rand(steps * in, 1);
    float[] reversed = new float[x.length];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(x, t * in, reversed, (steps - 1 - t) * in, in);
    }
    Tensor back = new RNN("b", "SimpleRNN", cell, true, false, true).call(Tensor.of(x, 1, steps, in));
    Tensor fwdOnReversed = new RNN("f", "SimpleRNN", cell, true, false, false).call(Tensor.of(reversed, 1, steps, in));
    assertArrayEquals(fwdOnReversed.data(), back.data());
  }

  @Test
  void initialStatesAreCheckedAndUsed() {
    LSTMCell cell = new LSTMCell("l", 1, 2, rand(8, 1), rand(16, 1), rand(8, 1), Activation.TANH, Activation.SIGMOID);
    RNN rnn = new RNN("l", "LSTM", cell, false, true, false);
    Tensor x = Tensor.of(rand(3, 1), 1, 3, 1);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> rnn.run(x, Tensor.zeros(1, 2)));
    assertTrue(e.getMessage().contains("2 states"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> rnn.run(x, Tensor.zeros(1, 3), Tensor.zeros(1, 2)));
    assertTrue(e.getMessage().contains("(1, 2)"), e.getMessage());
    RNN.Result zeros = rnn.run(x, Tensor.zeros(1, 2), Tensor.zeros(1, 2));
    assertArrayEquals(rnn.run(x).output().data(), zeros.output().data());
    RNN.Result other = rnn.run(x, Tensor.of(new float[] {0.5f, -0.5f}, 1, 2), Tensor.zeros(1, 2));
    assertTrue(other.output().data()[0] != zeros.output().data()[0]);
    assertArrayEquals(zeros.output().data(), zeros.states().get(0).data());
  }

  @Test
  void wrongFeatureCountNamesTheLayer() {
    LSTMCell cell = new LSTMCell("l", 1, 2, rand(8, 1), rand(16, 1), rand(8, 1), Activation.TANH, Activation.SIGMOID);
    RNN rnn = new RNN("lstm_7", "LSTM", cell, true, false, false);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> rnn.call(Tensor.zeros(1, 4, 3)));
    assertTrue(e.getMessage().contains("lstm_7") && e.getMessage().contains("[1, 4, 3]"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> rnn.call(Tensor.zeros(4, 1)));
  }

  @Test
  void misShapedWeightsAreRejected() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> new LSTMCell("lstm", 1, 2, new float[7], new float[16], new float[8], Activation.TANH, Activation.SIGMOID));
    assertTrue(e.getMessage().contains("kernel") && e.getMessage().contains("[1, 8]"), e.getMessage());
  }

  static void assertClose(float expected, float actual) {
    assertTrue(Math.abs(expected - actual) <= 2e-6 * Math.max(1, Math.abs(expected)),
        "expected " + expected + ", got " + actual);
  }
}
