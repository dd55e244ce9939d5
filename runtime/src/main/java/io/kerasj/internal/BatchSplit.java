package io.kerasj.internal;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelGemm;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Runs the independent sequences of one recurrent call on several threads: the batch is cut into
 * slices once per call and each slice runs its whole time loop on one thread, so there is no
 * hand-over per step. Used when a step's product is too small to split (below {@link
 * Kernels#PARALLEL_MIN_FLOPS}) but the call as a whole is long enough to pay for starting a worker.
 *
 * <p>The workers are daemon threads started on first use ({@code kerasj.threads} − 1 of them). A
 * caller that finds them busy with another call runs alone rather than queueing behind it.
 */
public final class BatchSplit {
  /** Smallest call (2·multiply-adds of the recurrent products over all steps) worth splitting. */
  public static final long MIN_CALL_FLOPS = Long.getLong("kerasj.batchSplitMinFlops", 4_000_000L);

  private BatchSplit() {}

  private static final class Pool {
    public static final ExecutorService EXEC = ParallelGemm.THREADS > 1
        ? Executors.newFixedThreadPool(ParallelGemm.THREADS - 1, r -> {
          Thread t = new Thread(r, "kerasj-batch");
          t.setDaemon(true);
          return t;
        })
        : null;
    public static final AtomicBoolean BUSY = new AtomicBoolean();
  }

  /**
   * Slices to cut a batch into: 1 (run on the caller) unless the batch has at least two sequences
   * per thread, a step's recurrent product (the batch by a {@code units × projection} kernel) is not
   * one the threads share ({@link Kernels#worthSplitting}), and the whole call is above {@link
   * #MIN_CALL_FLOPS}.
   */
  public static int slices(int batch, int steps, int units, int projection) {
    int threads = ParallelGemm.THREADS;
    if (threads < 2 || batch < 2 * threads) {
      return 1;
    }
    if (Kernels.worthSplitting(batch, units, projection) || 2L * batch * units * projection * steps < MIN_CALL_FLOPS) {
      return 1;
    }
    return threads;
  }

  /** Runs {@code slice.accept(s)} for s in [0, slices): 0 on the caller, the rest on workers if free. */
  public static void run(int slices, IntConsumer slice) {
    if (slices <= 1 || Pool.EXEC == null || !Pool.BUSY.compareAndSet(false, true)) {
      for (int s = 0; s < slices; s++) {
        slice.accept(s);
      }
      return;
    }
    try {
      @SuppressWarnings("unchecked")
      Future<?>[] futures = new Future<?>[slices];
      for (int s = 1; s < slices; s++) {
        final int part = s;
        futures[s] = Pool.EXEC.submit(() -> slice.accept(part));
      }
      RuntimeException first = null;
      try {
        slice.accept(0);
      } catch (RuntimeException e) {
        first = e;
      }
      for (int s = 1; s < slices; s++) {
        try {
          futures[s].get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof Error) {
            throw (Error) c;
          }
          if (first == null) {
            first = c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (first == null) {
            first = new IllegalStateException("interrupted while waiting for a batch slice", e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      Pool.BUSY.set(false);
    }
  }
}
