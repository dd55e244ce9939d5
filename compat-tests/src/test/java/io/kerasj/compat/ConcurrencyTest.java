package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loaded model is immutable and safe to share: one model instance serves 8 threads × thousands
 * of calls with random batch sizes and sequence lengths, and every result is bit-identical to the
 * single-threaded one. Streaming (carrying an RNN's state from one chunk to the next) is per
 * caller, and loading the same file from many threads at once is safe.
 */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int CALLS_PER_THREAD = 1000;
  static final List<String> FILES = List.of("lstm/k3.keras", "gru/k2_full.h5", "ln_rnn/k3.keras", "ln_rnn/k2_full.h5");

  /** One pre-computed case: an input and the single-threaded output. */
  record Case(int model, Tensor x, float[] expected) {}

  static Tensor randomInput(Random r, int batch, int steps) {
    float[] d = new float[batch * steps];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (r.nextGaussian() * (r.nextInt(4) == 0 ? 5 : 1));
    }
    return Tensor.of(d, batch, steps, 1);
  }

  /** Runs {@code task} on {@link #THREADS} threads released together; rethrows the first failure. */
  static <T> List<T> onThreads(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        fs.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) {
        out.add(f.get(5, TimeUnit.MINUTES));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void oneModelManyThreadsBitIdentical() throws Exception {
    List<Model> models = new ArrayList<>();
    for (String f : FILES) {
      models.add(KerasModels.load(CompatTest.FIXTURES.resolve(f)));
    }
    // Single-threaded reference results, before any thread starts.
    Random r = new Random(42);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      int model = i % models.size();
      int batch = 1 + r.nextInt(8);
      int steps = 1 + (r.nextInt(10) == 0 ? r.nextInt(200) : r.nextInt(30));
      Tensor x = randomInput(r, batch, steps);
      cases.add(new Case(model, x, models.get(model).predict(x).data().clone()));
    }
    AtomicLong calls = new AtomicLong();
    AtomicLong seeds = new AtomicLong(1);
    onThreads(() -> {
      Random tr = new Random(seeds.getAndIncrement());
      for (int i = 0; i < CALLS_PER_THREAD; i++) {
        Case c = cases.get(tr.nextInt(cases.size()));
        float[] y = models.get(c.model()).predict(c.x()).data();
        if (!Arrays.equals(c.expected(), y)) {
          throw new AssertionError(FILES.get(c.model()) + " input " + Arrays.toString(c.x().shape())
              + ": a result under concurrency differs from the single-threaded one");
        }
        calls.incrementAndGet();
      }
      return null;
    });
    assertEquals((long) THREADS * CALLS_PER_THREAD, calls.get());
  }

  /**
   * Each caller streams its own sequence in chunks through the shared LSTM layer, carrying the
   * states itself; the final states equal the single-threaded run over the whole sequence.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void streamingStateIsPerCaller() throws Exception {
    Model m = KerasModels.load(CompatTest.FIXTURES.resolve("lstm/k3.keras"));
    RNN rnn = (RNN) m.layers().get(0);
    AtomicLong seeds = new AtomicLong(100);
    onThreads(() -> {
      long seed = seeds.getAndIncrement();
      for (int rep = 0; rep < 40; rep++) {
        Random tr = new Random(seed * 1000 + rep);
        int batch = 1 + tr.nextInt(4);
        int steps = 10 + tr.nextInt(90);
        Tensor x = randomInput(tr, batch, steps);
        RNN.Result whole = rnn.run(x);
        List<Tensor> state = null;
        int t = 0;
        while (t < steps) {
          int len = Math.min(steps - t, 1 + tr.nextInt(17));
          Tensor chunk = slice(x, t, len);
          RNN.Result part = state == null ? rnn.run(chunk) : rnn.run(chunk, state.toArray(new Tensor[0]));
          state = part.states();
          t += len;
        }
        for (int i = 0; i < state.size(); i++) {
          assertArrayEquals(whole.states().get(i).data(), state.get(i).data(),
              "thread seed " + seed + ": chunked final state " + i + " differs from the whole-sequence run");
        }
      }
      return null;
    });
  }

  static Tensor slice(Tensor x, int from, int len) {
    int b = x.dim(0);
    int steps = x.dim(1);
    int f = x.dim(2);
    float[] d = new float[b * len * f];
    for (int i = 0; i < b; i++) {
      System.arraycopy(x.data(), (i * steps + from) * f, d, i * len * f, len * f);
    }
    return Tensor.of(d, b, len, f);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void loadingTheSameFileConcurrentlyIsSafe() throws Exception {
    Random r = new Random(7);
    Tensor x = randomInput(r, 3, 11);
    for (String f : List.of("ln_rnn/k3.keras", "lstm/k2_full.h5")) {
      Path p = CompatTest.FIXTURES.resolve(f);
      float[] expected = KerasModels.load(p).predict(x).data();
      List<Boolean> ok = onThreads(() -> {
        for (int i = 0; i < 15; i++) {
          if (!Arrays.equals(expected, KerasModels.load(p).predict(x).data())) {
            return false;
          }
        }
        return true;
      });
      assertTrue(ok.stream().allMatch(b -> b), f + ": a concurrently loaded model computes differently");
    }
  }
}
