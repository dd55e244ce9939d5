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
   * per thread, a step's recurrent product (the batch by a {@code units × projection} kernel) is
   * below the threaded product's {@link Kernels#PARALLEL_MIN_FLOPS}, and the whole call is above
   * {@link #MIN_CALL_FLOPS}. Slices win over sharing each step when a kernel beyond L2 ({@link
   * Kernels#worthSplitting}) meets 2 or more sequences a thread: GRU(384) at batch 8 ran 8.3 ms
   * sliced against 15.4 ms shared (jmh/results/2026-11-30-s22-stream, thr6.txt).
   */
  public static int slices(int batch, int steps, int units, int projection) {
    int threads = ParallelGemm.THREADS;
    if (threads < 2 || batch < 2 * threads) {
      return 1;
    }
    long step = 2L * batch * units * projection;
    if (step >= Kernels.PARALLEL_MIN_FLOPS || step * steps < MIN_CALL_FLOPS) {
      return 1;
    }
    return threads;
  }

  /**
   * Runs {@code slice.accept(s)} for s in [0, slices): 0 on the caller, the rest on workers if free.
   * The threaded product's pool is reserved meanwhile ({@link ParallelGemm#reserve}): a slice's
   * products run on its own thread, as the cores are already busy with the slices (a slice of 2
   * sequences over a 1 MB kernel would otherwise split its steps with the pool's worker: three
   * threads on two cores, GRU(384) at batch 8 1.85× slower).
   */
  public static void run(int slices, IntConsumer slice) {
    boolean shared = slices > 1 && Pool.EXEC != null && Pool.BUSY.compareAndSet(false, true);
    if (shared && !ParallelGemm.reserve()) {
      Pool.BUSY.set(false);
      shared = false;
    }
    if (!shared) {
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
      ParallelGemm.unreserve();
      Pool.BUSY.set(false);
    }
  }
}
