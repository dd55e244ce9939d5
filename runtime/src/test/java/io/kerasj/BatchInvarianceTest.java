package io.kerasj;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.activations.Activation;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.rnn.LNSimpleRNNCell;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.layers.rnn.TimeDistributed;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A sequence's output is the same, bit for bit, whether it is predicted alone or in a batch of any
 * size and at any position in it, on the scalar and the Vector API kernels (the suite runs on
 * both): a batch job that cuts its rows into batches one way or another gets the same results.
 */
class BatchInvarianceTest {
  private static float[] rand(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  @Test
  void eachRowOfABatchEqualsTheRowAlone() {
    Random r = new Random(3);
    int in = 2;
    int u = 20;
    // The notebook's layer-normalized cell (unpadded units, so activations run over row tails),
    // an LSTM (padded gate blocks), a narrow Dense head over every step.
    LNSimpleRNNCell ln = new LNSimpleRNNCell(new SimpleRNNCell("s", in, u, rand(r, in * u, 0.5), rand(r, u * u, 0.3),
        rand(r, u, 0.3), Activation.LINEAR), new LayerNormalization("ln", rand(r, u, 1), rand(r, u, 0.2)),
        Activation.TANH);
    LSTMCell lstm = new LSTMCell("lstm", u, u, rand(r, u * 4 * u, 0.2), rand(r, u * 4 * u, 0.2), rand(r, 4 * u, 0.2),
        Activation.TANH, Activation.SIGMOID);
    Model m = new Model("m", new int[] {-1, -1, in}, List.of(new RNN("rnn", ln, true),
        new RNN("lstm", "LSTM", lstm, true, false, false),
        new TimeDistributed("td", new Dense("d", u, 10, rand(r, u * 10, 0.3), rand(r, 10, 0.1), Activation.LINEAR))));
    int steps = 30;
    int rows = 21;
    float[] x = rand(r, rows * steps * in, 1);
    int per = steps * 10;
    float[][] alone = new float[rows][];
    for (int i = 0; i < rows; i++) {
      alone[i] = m.predict(Tensor.of(Arrays.copyOfRange(x, i * steps * in, (i + 1) * steps * in), 1, steps, in)).data();
    }
    for (int b = 2; b <= rows; b++) {
      for (int from = 0; from + b <= rows; from += b) {
        float[] y = m.predict(Tensor.of(Arrays.copyOfRange(x, from * steps * in, (from + b) * steps * in), b, steps,
            in)).data();
        for (int i = 0; i < b; i++) {
          for (int j = 0; j < per; j++) {
            int batch = b;
            int row = from + i;
            assertEquals(Float.floatToRawIntBits(alone[row][j]), Float.floatToRawIntBits(y[i * per + j]),
                () -> Kernels.name() + ": row " + row + " in a batch of " + batch + " differs from the row alone");
          }
        }
      }
    }
  }
}
