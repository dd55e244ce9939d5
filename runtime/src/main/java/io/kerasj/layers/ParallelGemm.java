package io.kerasj.layers;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits one large matrix product across threads, and never a small one (see {@link
 * Kernels#PARALLEL_MIN_FLOPS}). Preferably by columns of {@code b}: each thread then streams only
 * its own contiguous run of weight panels — for a recurrent step {@code a} (the batch's state) is
 * small and {@code b} (the recurrent kernel) is what must come from cache or memory — and the
 * results are bit-identical to one thread's. Products with too few column panels to share evenly
 * are split by rows of {@code a} instead.
 *
 * <p>The workers are daemon threads started on first use, one fewer than {@code kerasj.threads}
 * (default: available processors). Handing work over allocates nothing: the job lives in fields
 * guarded by a lock, published by a volatile generation counter. A caller that finds the pool busy
 * (another thread is predicting) runs its product alone rather than queueing.
 */
final class ParallelGemm {
  static final int THREADS = Math.max(1, Integer.getInteger("kerasj.threads",
      Runtime.getRuntime().availableProcessors()));

  private static final int SPIN = 20_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Thread[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile int generation;
  private volatile Thread caller;

  // The current job; written under the lock before generation is bumped.
  private VectorKernels impl;
  private float[] a;
  private int aOff;
  private int lda;
  private int m;
  private PackedMatrix b;
  private float[] c;
  private int cOff;
  private int ldc;
  private int grain;
  private boolean byColumns;

  private ParallelGemm(int threads) {
    workers = new Thread[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      final int part = w + 1;
      Thread t = new Thread(() -> workLoop(part), "kerasj-gemm-" + part);
      t.setDaemon(true);
      workers[w] = t;
      t.start();
    }
  }

  private static final class Holder {
    static final ParallelGemm POOL = THREADS > 1 ? new ParallelGemm(THREADS) : null;
  }

  /** Runs {@code c += a·b} over {@code m} rows on all threads; false if the pool was unavailable. */
  static boolean tryRun(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                        float[] c, int cOff, int ldc) {
    ParallelGemm pool = Holder.POOL;
    if (pool == null) {
      return false;
    }
    int grain = impl.columnGrain(b);
    int units = (b.n + grain - 1) / grain;
    boolean byColumns = units % THREADS == 0 || units >= 8 * THREADS;
    if (!byColumns && m < THREADS || !pool.lock.tryLock()) {
      return false;
    }
    pool.grain = grain;
    pool.byColumns = byColumns;
    try {
      pool.run(impl, a, aOff, lda, m, b, c, cOff, ldc);
      return true;
    } finally {
      pool.lock.unlock();
    }
  }

  private void run(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                   float[] c, int cOff, int ldc) {
    this.impl = impl;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.m = m;
    this.b = b;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.caller = Thread.currentThread();
    pending.set(workers.length);
    generation = generation + 1; // publishes the fields above
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
    runPart(0);
    for (int spins = 0; pending.get() != 0; spins++) {
      if (spins < SPIN) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 50_000L);
      }
    }
    this.a = null;
    this.b = null;
    this.c = null;
  }

  private void runPart(int part) {
    int parts = workers.length + 1;
    if (byColumns) {
      int units = (b.n + grain - 1) / grain;
      int from = (int) ((long) units * part / parts) * grain;
      int to = Math.min(b.n, (int) ((long) units * (part + 1) / parts) * grain);
      if (from < to) {
        impl.gemm(a, aOff, lda, 0, m, from, to, b, c, cOff, ldc);
      }
      return;
    }
    int from = (int) ((long) m * part / parts);
    int to = (int) ((long) m * (part + 1) / parts);
    if (from < to) {
      impl.gemm(a, aOff, lda, from, to, b, c, cOff, ldc);
    }
  }

  private void workLoop(int part) {
    int seen = 0;
    while (true) {
      int spins = 0;
      int g;
      while ((g = generation) == seen) {
        if (spins++ < SPIN) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = g;
      try {
        runPart(part);
      } finally {
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
