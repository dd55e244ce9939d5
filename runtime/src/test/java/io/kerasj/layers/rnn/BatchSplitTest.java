package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.internal.BatchSplit;
import io.kerasj.internal.vectorization.ParallelGemm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch large enough to be cut into slices (one time loop per thread) gives every sequence the
 * result it gets alone, states included, with masks and in both directions.
 */
class BatchSplitTest {
  @Test
  void slicesAreChosenOnlyForSmallStepsAndLongCalls() {
    if (ParallelGemm.THREADS > 1) {
      assertTrue(BatchSplit.slices(32, 100, 20, 80) > 1, "lstm(20) b32 x 100 should split");
      assertTrue(BatchSplit.slices(4, 100, 128, 512) > 1, "lstm(128) b4 x 100 should split");
      // 2·4·256·1024 flops over a 1 MB kernel: slices of the batch beat sharing each step.
      assertTrue(BatchSplit.slices(4, 100, 256, 1024) > 1, "lstm(256) b4 x 100 should split the batch");
    }
    assertEquals(1, BatchSplit.slices(1, 100_000, 20, 80), "one sequence never splits");
    assertEquals(1, BatchSplit.slices(32, 2, 20, 80), "a short call does not pay for a worker");
    assertEquals(1, BatchSplit.slices(32, 100, 512, 2048), "a large step splits its product instead");
  }

  @Test
  void slicesRunTheirProductsAlone() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ParallelGemm.THREADS > 1);
    java.util.concurrent.atomic.AtomicInteger shared = new java.util.concurrent.atomic.AtomicInteger();
    ParallelGemm.Task task = (from, to) -> { };
    BatchSplit.run(2, s -> {
      if (ParallelGemm.tryRun(task, 8)) {
        shared.incrementAndGet();
      }
    });
    assertEquals(0, shared.get(), "a slice started a job on the pool while the slices ran");
    assertTrue(ParallelGemm.tryRun(task, 8), "the pool is free again after the slices");
  }

  @Test
  void slicedBatchEqualsEachSequenceAlone() {
    int batch = 9;
    int steps = 300;
    int in = 3;
    int u = 20;
    LSTMCell c = LongSequenceTest.cell(in, u);
    Random r = new Random(5);
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    boolean[] keep = new boolean[batch * steps];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = r.nextInt(5) != 0;
    }
    assertTrue(BatchSplit.slices(batch, steps, u, c.projectionSize()) > 1 || ParallelGemm.THREADS == 1);
    for (boolean masked : new boolean[] {false, true}) {
      for (boolean back : new boolean[] {false, true}) {
        RNN layer = new RNN("l", "LSTM", c, RNN.Options.defaults().returnSequences(true).returnState(true)
            .goBackwards(back));
        Mask mask = masked ? new Mask(batch, steps, keep) : null;
        RNN.Result all = layer.run(Tensor.of(x, batch, steps, in), mask);
        for (int b = 0; b < batch; b++) {
          float[] xb = Arrays.copyOfRange(x, b * steps * in, (b + 1) * steps * in);
          Mask mb = masked ? new Mask(1, steps, Arrays.copyOfRange(keep, b * steps, (b + 1) * steps)) : null;
          RNN.Result one = layer.run(Tensor.of(xb, 1, steps, in), mb);
          float[] want = one.output().data();
          float[] got = all.output().data();
          for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[b * steps * u + i], 1e-6, "masked=" + masked + " back=" + back + " b=" + b);
          }
          for (int s = 0; s < 2; s++) {
            float[] ws = one.states().get(s).data();
            float[] gs = all.states().get(s).data();
            for (int i = 0; i < u; i++) {
              assertEquals(ws[i], gs[b * u + i], 1e-6, "state " + s + " b=" + b);
            }
          }
        }
      }
    }
  }
}
