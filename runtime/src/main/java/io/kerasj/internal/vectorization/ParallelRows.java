package io.kerasj.internal.vectorization;

/**
 * Element-wise passes over rows (layer norms, residual adds, activations) run on the threads of
 * {@link ParallelGemm} when they are large enough. Between the parallel products of a Transformer
 * these passes were the caller's alone while the workers spun idle; a row of an element-wise pass
 * is computed the same on any thread, so the split changes no result.
 *
 * <p>Nothing is allocated per call: the arguments travel in an {@link Args} that each calling
 * thread reuses, and the body is meant to be a non-capturing lambda that reads them.
 */
public final class ParallelRows {
  private ParallelRows() {}

  /**
   * Passes with less work than this (elements times a cost per element relative to a ReLU's) run on
   * the caller: ~16 µs of ReLU, a layer norm of 32,768 floats. A hand-over costs the caller ~0.3 µs
   * when the worker is spinning, but under load every hand-over may leave the caller waiting for a
   * worker that was descheduled holding a part: splitting a Transformer's passes at batch 1 (layer
   * norms of 128 × 128, 6–18 µs; a ReLU over 128 × 512, 4 µs) cost the caller ~100 µs of CPU per
   * call on a loaded VM. At batch 16 they are 16 times larger and pay
   * (jmh/results/2026-11-30-s21-par).
   */
  public static final long MIN_WORK = Long.getLong("kerasj.parallelMinElements", 262_144L);

  /** One call's arguments: what each user needs, by its own convention. */
  public static final class Args {
    public float[] a;
    public float[] b;
    public float[] c;
    public int off;
    public int n;
    public float f;
    public Object o1;
    public Object o2;

    void clear() {
      a = b = c = null;
      o1 = o2 = null;
    }
  }

  /** Rows {@code [from, to)} of the call described by {@code args}. */
  @FunctionalInterface
  public interface Body {
    void run(Args args, int from, int to);
  }

  private static final class Job implements ParallelGemm.Task {
    final Args args = new Args();
    Body body;

    @Override
    public void run(int from, int to) {
      body.run(args, from, to);
    }
  }

  private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

  /**
   * Whether a pass of {@code rows} rows and {@code work} (see {@link #MIN_WORK}) is worth splitting;
   * false inside a job this thread runs for the pool, whose arguments {@link #args()} would overwrite.
   */
  public static boolean worth(int rows, long work) {
    return rows >= 2 && ParallelGemm.THREADS > 1 && work >= MIN_WORK && !ParallelGemm.inJob();
  }

  /** This thread's arguments for {@link #tryRun}; fill them, then call it. */
  public static Args args() {
    return JOBS.get().args;
  }

  /**
   * Runs {@code body} over rows {@code [0, rows)} on all threads with this thread's {@link #args()};
   * false, having run nothing, if the pool is unavailable (one thread, busy, or called from inside
   * one of its jobs). The arguments are cleared either way.
   */
  public static boolean tryRun(int rows, Body body) {
    Job j = JOBS.get();
    j.body = body;
    try {
      return ParallelGemm.tryRun(j, rows);
    } finally {
      j.body = null;
      j.args.clear();
    }
  }
}
