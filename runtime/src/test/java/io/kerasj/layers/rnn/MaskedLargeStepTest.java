package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A masked layer whose steps are large enough for the threads to share (LSTM(512)), and steps that
 * no sequence takes, against Keras' definition of the mask: each sequence gives the outputs and
 * final states of its kept steps run alone without a mask, every skipped step repeating the
 * previous output (zeros before the first kept one, or zeros throughout with {@code
 * zero_output_for_mask}).
 */
class MaskedLargeStepTest {
  private static final int IN = 64;
  private static final int UNITS = 512;
  private static final int STEPS = 12;

  @Test
  void maskedSharedStepsAndStepsNoSequenceTakesAreKerasMasking() {
    LSTMCell cell = LongSequenceTest.cell(IN, UNITS, 0.05);
    Random r = new Random(3);
    int batch = 2;
    float[] x = new float[batch * STEPS * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    boolean[] keep = new boolean[batch * STEPS];
    for (int t = 0; t < STEPS; t++) {
      // Step 0 and step 3: no sequence takes them. Sequence 0 also ends in 4 padded steps, and
      // sequence 1 skips step 6 alone.
      keep[t] = t != 0 && t != 3 && t < STEPS - 4;
      keep[STEPS + t] = t != 0 && t != 3 && t != 6;
    }
    for (boolean zeros : new boolean[] {false, true}) {
      RNN layer = new RNN("l", "LSTM", cell, RNN.Options.defaults().returnSequences(true).returnState(true)
          .zeroOutputForMask(zeros));
      RNN.Result all = layer.run(Tensor.of(x, batch, STEPS, IN), new Mask(batch, STEPS, keep));
      float[] got = all.output().data();
      for (int b = 0; b < batch; b++) {
        int kept = 0;
        for (int t = 0; t < STEPS; t++) {
          kept += keep[b * STEPS + t] ? 1 : 0;
        }
        float[] xs = new float[kept * IN];
        for (int t = 0, j = 0; t < STEPS; t++) {
          if (keep[b * STEPS + t]) {
            System.arraycopy(x, (b * STEPS + t) * IN, xs, j++ * IN, IN);
          }
        }
        RNN plain = new RNN("l", "LSTM", cell, RNN.Options.defaults().returnSequences(true).returnState(true));
        RNN.Result alone = plain.run(Tensor.of(xs, 1, kept, IN), null);
        float[] want = alone.output().data();
        float[] previous = new float[UNITS];
        for (int t = 0, j = 0; t < STEPS; t++) {
          float[] expected;
          if (keep[b * STEPS + t]) {
            expected = java.util.Arrays.copyOfRange(want, j * UNITS, (j + 1) * UNITS);
            previous = expected;
            j++;
          } else {
            expected = zeros ? new float[UNITS] : previous;
          }
          for (int u = 0; u < UNITS; u++) {
            assertEquals(expected[u], got[(b * STEPS + t) * UNITS + u], 0f,
                "zeros=" + zeros + " sequence " + b + " step " + t + " unit " + u);
          }
        }
        for (int s = 0; s < 2; s++) {
          float[] ws = alone.states().get(s).data();
          float[] gs = all.states().get(s).data();
          for (int u = 0; u < UNITS; u++) {
            assertEquals(ws[u], gs[b * UNITS + u], 0f, "zeros=" + zeros + " state " + s + " sequence " + b);
          }
        }
      }
    }
  }
}
