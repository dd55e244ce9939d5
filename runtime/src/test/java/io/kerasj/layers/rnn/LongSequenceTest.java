package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import java.lang.management.ManagementFactory;
import java.util.Random;
import io.kerasj.layers.Allocations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Edge lengths: 100,000 steps in bounded memory when only the last output is kept; empty inputs. */
class LongSequenceTest {
  static LSTMCell cell(int in, int u) {
    return cell(in, u, 0.2);
  }

  /** An LSTM cell with weights drawn from N(0, scale²), seed 1. */
  static LSTMCell cell(int in, int u, double scale) {
    Random r = new Random(1);
    float[] k = new float[in * 4 * u];
    float[] rk = new float[u * 4 * u];
    float[] b = new float[4 * u];
    for (float[] a : new float[][] {k, rk, b}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (r.nextGaussian() * scale);
      }
    }
    return new LSTMCell("lstm", in, u, k, rk, b, Activation.TANH, Activation.SIGMOID);
  }

  static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Test
  @Tag(Allocations.TAG)
  void hundredThousandStepsAllocateLikeAShortSequence() {
    LSTMCell c = cell(1, 20);
    RNN last = new RNN("lstm", "LSTM", c, false, false, false);
    Tensor shortX = Tensor.zeros(1, 1_000, 1);
    Tensor longX = Tensor.zeros(1, 100_000, 1);
    // Until C2 has compiled the step (and scalar-replaced the Vector API's temporaries), the
    // interpreter allocates, and the same amount each call; so warm up for a while and until ten
    // calls in a row allocate the same.
    long shortBytes = -1;
    int same = 0;
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      long before = allocated();
      last.call(shortX);
      long bytes = allocated() - before;
      same = bytes == shortBytes ? same + 1 : 0;
      shortBytes = bytes;
      if (same >= 10 && i > 1_000) {
        break;
      }
    }
    long before;
    before = allocated();
    Tensor y = last.call(longX);
    long longBytes = allocated() - before;
    assertArrayEquals(new int[] {1, 20}, y.shape());
    // The input projection is done in chunks of at most RNN.CHUNK steps: 100x the steps, not 100x the memory.
    assertTrue(longBytes < 4 * shortBytes + 200_000,
        "100,000 steps allocated " + longBytes + " B, 1,000 steps " + shortBytes + " B");
  }

  @Test
  void chunkBoundariesDoNotChangeTheResult() {
    LSTMCell c = cell(2, 5);
    Random r = new Random(3);
    int steps = RNN.CHUNK * 2 + 37;
    float[] x = new float[2 * steps * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (boolean back : new boolean[] {false, true}) {
      RNN whole = new RNN("a", "LSTM", c, true, false, back);
      Tensor all = whole.call(Tensor.of(x, 2, steps, 2));
      // Stepping the cell one step at a time through a session-free loop gives the same numbers.
      RNN.Result one = whole.run(Tensor.of(x, 2, steps, 2));
      assertArrayEquals(all.data(), one.output().data());
      assertEquals(steps, all.dim(1));
    }
  }

  @Test
  void emptyBatchAndEmptySequence() {
    RNN rnn = new RNN("lstm", "LSTM", cell(1, 3), true, false, false);
    Tensor y = rnn.call(Tensor.zeros(0, 5, 1));
    assertArrayEquals(new int[] {0, 5, 3}, y.shape());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> rnn.call(Tensor.zeros(2, 0, 1)));
    assertTrue(e.getMessage().contains("0 time steps"), e.getMessage());
  }
}
