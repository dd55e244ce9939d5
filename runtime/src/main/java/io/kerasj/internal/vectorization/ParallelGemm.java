package io.kerasj.internal.vectorization;

import io.kerasj.internal.Tiles;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits one large matrix product across threads, and never a small one (see {@link
 * Kernels#PARALLEL_MIN_FLOPS}). Preferably by columns of {@code b}: each thread then streams only
 * its own run of weight panels — for a recurrent step {@code a} (the batch's state) is small and
 * {@code b} (the recurrent kernel) is what must come from cache or memory — and the results are
 * bit-identical to one thread's. Products with too few column panels to share are split by rows of
 * {@code a} (in multiples of 8 rows, the micro-kernel's height) instead.
 *
 * <p>The product is cut into a few chunks per thread. Each thread owns a contiguous home range of
 * chunks, takes them front to back, then steals what is left of the others' ranges: on a busy
 * machine a worker that is not scheduled in time costs the caller one chunk, not half the product,
 * and the caller never waits for a worker that has not started. Claims go through per-range
 * counters tagged with the job's generation, so a late worker cannot claim work of a later job.
 *
 * <p>The workers are daemon threads started on first use, one fewer than {@code kerasj.threads}
 * (default: available processors). Handing work over allocates nothing: the job lives in fields
 * guarded by a lock, published by the counters and a volatile generation. A caller that finds the
 * pool busy (another thread is predicting) runs its product alone rather than queueing.
 *
 * <p>The same workers also run the independent tiles of a layer call ({@link Tiles}): one tile a
 * chunk, each thread with its own slice of the caller's scratch.
 */
public final class ParallelGemm {
  public static final int THREADS = Math.max(1, Integer.getInteger("kerasj.threads",
      Runtime.getRuntime().availableProcessors()));

  // Spin-waits before parking (~25 ns each on Zen 4: 2,000 are ~50 µs). 20,000 (~0.5 ms) kept the
  // worker spinning through every serial stretch of a Transformer call (layer norms, residual adds,
  // the products below the parallel threshold): two threads spent ~1.9× the wall time in CPU. A
  // job starts on the caller at once and a late worker only steals what is left, so a worker that
  // parked costs the wake-up, not the job (jmh/results/2026-11-30-i13-threads).
  private static final int SPIN = Math.max(0, Integer.getInteger("kerasj.gemm.spin", 2_000));
  /** Chunks per thread: enough to rebalance when a thread is late, few enough to keep panels long. */
  private static final int CHUNKS_PER_THREAD = Math.max(1, Integer.getInteger("kerasj.gemm.chunksPerThread", 4));
  /**
   * Work (2·multiply-adds) per chunk below which a job gets fewer chunks, down to one per thread. A
   * recurrent step at batch 1 streams its kernel in 0.5–2 MFLOP: in 8 chunks each chunk's runs of
   * columns were short (SimpleRNN(512): 64 of its 512 columns) and the claims and per-chunk set-up
   * weighed on a step of 10–60 µs; one chunk per thread made LSTM(256) 1.25 → 0.98 ms and
   * SimpleRNN(512) 1.49 → 1.11 ms per 100 steps on the scalar kernels
   * (jmh/results/2026-11-30-s22-stream, thr4.txt).
   */
  private static final long CHUNK_MIN_FLOPS = Math.max(1, Long.getLong("kerasj.gemm.chunkMinFlops", 1_000_000L));

  private final ReentrantLock lock = new ReentrantLock();
  private final Thread[] workers;
  private final int parts;
  /** Per home range: generation (bits 32–63), end of the range (16–31), next unclaimed chunk (0–15). */
  private final AtomicLongArray next;
  private final AtomicInteger done = new AtomicInteger();
  private volatile int generation;
  private volatile Thread caller;

  // The current job; written under the lock before the counters and generation publish it.
  private Task task;
  private VectorKernels impl;
  private float[] a;
  private int aOff;
  private int lda;
  private int m;
  private PackedMatrix b;
  private float[] c;
  private int cOff;
  private int ldc;
  private boolean byColumns;
  // Whether each chunk first sets its part of c to the bias (or 0): see tryRunAffine.
  private boolean fill;
  private float[] bias;
  private int grain;
  private int units;  // column units (of grain columns) or rows, or tiles
  private int chunks;
  // A tile job instead of a product when tileBody is set.
  private Tiles.Body<Object> tileBody;
  private Object tileState;
  private float[] tileScratch;
  private int tileScratchPerThread;
  private Throwable failure;

  private ParallelGemm(int threads) {
    parts = threads;
    next = new AtomicLongArray(threads);
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
    public static final ParallelGemm POOL = THREADS > 1 ? new ParallelGemm(THREADS) : null;
  }

  /**
   * Work that is cut into {@code units} independent parts, run in ranges of consecutive parts on
   * any thread in any order (a recurrent step cut into runs of units, product and gates).
   */
  public interface Task {
    /** Runs parts {@code [from, to)}. */
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over parts {@code [0, units)} on all threads, the caller included; false (and
   * nothing run) if the pool was unavailable: no workers, or another thread's job in progress.
   */
  public static boolean tryRun(Task task, int units) {
    return tryRun(task, units, Long.MAX_VALUE);
  }

  /**
   * As {@link #tryRun(Task, int)}, for a task of {@code flops} (2·multiply-adds) in all: a small one
   * is cut into fewer chunks ({@link #CHUNK_MIN_FLOPS}).
   */
  public static boolean tryRun(Task task, int units, long flops) {
    ParallelGemm pool = Holder.POOL;
    // (Inside a job this thread runs for the pool, e.g. a convolution tile, the pool cannot restart.)
    if (pool == null || units < 2 || pool.lock.isHeldByCurrentThread() || !pool.lock.tryLock()) {
      return false;
    }
    try {
      pool.task = task;
      pool.run(null, null, 0, 0, 0, null, null, 0, 0, false, 1, units, flops);
      return true;
    } finally {
      pool.task = null;
      Throwable f = pool.failure;
      pool.failure = null;
      pool.lock.unlock();
      rethrow(f);
    }
  }

  /**
   * Takes the pool for threads of the caller's own (a recurrent layer's batch slices): until {@link
   * #unreserve}, products started on any thread run on that thread alone. False if another job holds
   * the pool; true, with nothing to reserve, without workers.
   */
  public static boolean reserve() {
    ParallelGemm pool = Holder.POOL;
    return pool == null || !pool.lock.isHeldByCurrentThread() && pool.lock.tryLock();
  }

  /** Gives back the pool taken by {@link #reserve} on this thread. */
  public static void unreserve() {
    ParallelGemm pool = Holder.POOL;
    if (pool != null) {
      pool.lock.unlock();
    }
  }

  /** Runs {@code c += a·b} over {@code m} rows on all threads; false if the pool was unavailable. */
  public static boolean tryRun(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                        float[] c, int cOff, int ldc) {
    return tryRun(impl, a, aOff, lda, m, b, false, null, c, cOff, ldc);
  }

  /**
   * Runs {@code c = a·b + bias} ({@code bias} of {@code b.n()} values, or null for none) over
   * {@code m} rows on all threads; false if the pool was unavailable. Each thread sets its own part
   * of c to the bias before its product, so the fill is shared too (an LSTM(512)'s projection of
   * 100 steps at batch 32 is 26 MB of c, which one thread filled while the others waited), and the
   * sums are the same as after a fill of the whole of c.
   */
  public static boolean tryRunAffine(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                                     float[] bias, float[] c, int cOff, int ldc) {
    return tryRun(impl, a, aOff, lda, m, b, true, bias, c, cOff, ldc);
  }

  private static boolean tryRun(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                                boolean fill, float[] bias, float[] c, int cOff, int ldc) {
    ParallelGemm pool = Holder.POOL;
    if (pool == null || pool.lock.isHeldByCurrentThread()) {
      // (A product inside a tile that this thread runs for the pool must not restart the pool.)
      return false;
    }
    int grain = impl.columnGrain(b);
    int columnUnits = (b.n + grain - 1) / grain;
    boolean byColumns = (columnUnits >= 2 * THREADS || columnUnits >= m)
        && !impl.splitByRows(m, b, THREADS, Math.min(columnUnits, CHUNKS_PER_THREAD * THREADS));
    int units = byColumns ? columnUnits : (m + 7) / 8;
    if (units < 2 || !pool.lock.tryLock()) {
      return false;
    }
    try {
      pool.fill = fill;
      pool.bias = bias;
      pool.run(impl, a, aOff, lda, m, b, c, cOff, ldc, byColumns, grain, units, 2L * m * b.k * b.n);
      return true;
    } finally {
      pool.fill = false;
      pool.bias = null;
      Throwable f = pool.failure;
      pool.failure = null;
      pool.lock.unlock();
      rethrow(f);
    }
  }

  /**
   * Runs {@code body.run(state, t, scratch, off)} for every tile {@code t} in {@code [0, tiles)} on
   * all threads, where {@code off} is {@code scratchPerThread} times the running thread's index
   * (so {@code scratch} must hold {@link #THREADS} slices); false, having run nothing, if the pool
   * is unavailable (one thread, busy, or called from inside one of its jobs). A tile that throws
   * stops no other; the first failure is rethrown once all tiles are done.
   */
  @SuppressWarnings("unchecked")
  public static <S> boolean tryRunTiles(int tiles, Tiles.Body<S> body, S state, float[] scratch,
                                        int scratchPerThread) {
    ParallelGemm pool = Holder.POOL;
    if (pool == null || tiles < 2 || pool.lock.isHeldByCurrentThread() || !pool.lock.tryLock()) {
      return false;
    }
    try {
      pool.tileBody = (Tiles.Body<Object>) body;
      pool.tileState = state;
      pool.tileScratch = scratch;
      pool.tileScratchPerThread = scratchPerThread;
      // (Flops unknown: each tile stays a chunk of its own.)
      pool.run(null, null, 0, 0, 0, null, null, 0, 0, false, 1, tiles, Long.MAX_VALUE);
      return true;
    } finally {
      pool.tileBody = null;
      pool.tileState = null;
      pool.tileScratch = null;
      Throwable f = pool.failure;
      pool.failure = null;
      pool.lock.unlock();
      rethrow(f);
    }
  }

  /** Whether this thread is running one of the pool's jobs as its caller (a new job would fail to start). */
  static boolean inJob() {
    ParallelGemm pool = Holder.POOL;
    return pool != null && pool.lock.isHeldByCurrentThread();
  }

  private static void rethrow(Throwable f) {
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
    if (f instanceof Error) {
      throw (Error) f;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
  }

  private void run(VectorKernels impl, float[] a, int aOff, int lda, int m, PackedMatrix b,
                   float[] c, int cOff, int ldc, boolean byColumns, int grain, int units, long flops) {
    this.impl = impl;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.m = m;
    this.b = b;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.byColumns = byColumns;
    this.grain = grain;
    this.units = units;
    // Tiles are already sized for balance (a few per thread): one chunk each.
    this.chunks = tileBody != null ? Math.min(units, 0xFFFF)
        : Math.min(Math.min(units, CHUNKS_PER_THREAD * parts), 0xFFFF);
    if (task == null && tileBody == null && !byColumns && chunks > 2) {
      this.chunks = Math.max(2, Math.min(chunks, impl.rowChunks(m, b, chunks)));
    }
    if (chunks > parts) {
      this.chunks = (int) Math.max(parts, Math.min(chunks, flops / CHUNK_MIN_FLOPS));
    }
    this.caller = Thread.currentThread();
    done.set(0);
    int gen = generation + 1;
    long tag = (long) gen << 32;
    for (int p = 0; p < parts; p++) {
      next.set(p, tag | (long) homeStart(p + 1) << 16 | homeStart(p));
    }
    generation = gen; // publishes the fields above
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
    work(0, gen);
    for (int spins = 0; done.get() != chunks; spins++) {
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

  private int homeStart(int part) {
    return (int) ((long) chunks * part / parts);
  }

  /** Runs chunks of job {@code gen}: the home range of {@code part} first, then the others'. */
  private void work(int part, int gen) {
    for (int r = 0; r < parts; r++) {
      int range = (part + r) % parts;
      int chunk;
      while ((chunk = claim(range, gen)) >= 0) {
        // The job's fields are stable while a chunk of it is claimed and not done.
        int all = chunks;
        Thread waiting = caller;
        try {
          runChunk(part, chunk);
        } catch (Throwable t) {
          // A worker must survive, and the caller must not wait for a chunk that never finishes.
          synchronized (this) {
            if (failure == null) {
              failure = t;
            }
          }
        }
        if (done.incrementAndGet() == all && part != 0) {
          LockSupport.unpark(waiting);
        }
      }
    }
  }

  // The next chunk of home range `range` of job `gen`, or -1 if none is left (or the job is over).
  private int claim(int range, int gen) {
    while (true) {
      long v = next.get(range);
      int i = (int) v & 0xFFFF;
      int end = (int) (v >>> 16) & 0xFFFF;
      if ((int) (v >>> 32) != gen || i >= end) {
        return -1;
      }
      if (next.compareAndSet(range, v, v + 1)) {
        return i;
      }
    }
  }

  private void runChunk(int part, int chunk) {
    int from = (int) ((long) units * chunk / chunks);
    int to = (int) ((long) units * (chunk + 1) / chunks);
    if (task != null) {
      task.run(from, to);
    } else if (tileBody != null) {
      for (int t = from; t < to; t++) {
        tileBody.run(tileState, t, tileScratch, part * tileScratchPerThread);
      }
    } else if (byColumns) {
      final int j1 = Math.min(b.n, to * grain);
      if (fill) {
        fill(0, m, from * grain, j1);
      }
      impl.gemm(a, aOff, lda, 0, m, from * grain, j1, b, c, cOff, ldc);
    } else {
      final int i1 = Math.min(m, to * 8);
      if (fill) {
        fill(from * 8, i1, 0, b.n);
      }
      impl.gemm(a, aOff, lda, from * 8, i1, b, c, cOff, ldc);
    }
  }

  // Sets rows [i0, i1), columns [j0, j1) of c to the bias (or 0).
  private void fill(int i0, int i1, int j0, int j1) {
    for (int i = i0; i < i1; i++) {
      final int ci = cOff + i * ldc;
      if (bias == null) {
        java.util.Arrays.fill(c, ci + j0, ci + j1, 0f);
      } else {
        System.arraycopy(bias, j0, c, ci + j0, j1 - j0);
      }
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
      work(part, g);
    }
  }
}
