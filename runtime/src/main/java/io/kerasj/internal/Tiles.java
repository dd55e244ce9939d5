package io.kerasj.internal;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelGemm;

/**
 * Runs the independent tiles of one layer call (a convolution's blocks of output pixels, over the
 * whole batch) on the threads of {@link ParallelGemm}, each with its own slice of one scratch array
 * taken from the caller's workspace. Threads claim tiles one at a time, so a thread that is
 * scheduled late costs one tile, not its share of the call. Calls too small to pay for a hand-over
 * (below {@link Kernels#PARALLEL_MIN_FLOPS}), and calls made while the pool is busy, run on the
 * caller.
 *
 * <p>Nothing is allocated per call: the body is meant to be a non-capturing lambda (one instance
 * for the life of the program) and the call's arguments travel in {@code state}, an object the
 * caller reuses.
 */
public final class Tiles {
  private Tiles() {}

  /** One tile's work. */
  @FunctionalInterface
  public interface Body<S> {
    /**
     * Runs tile {@code tile} of the call described by {@code state}; {@code scratch[scratchOff,
     * scratchOff + scratchPerThread)} belongs to this thread for the duration of the call (contents
     * undefined).
     */
    void run(S state, int tile, float[] scratch, int scratchOff);
  }

  /**
   * Runs {@code body} on every tile in {@code [0, tiles)}.
   *
   * @param flops the whole call's work (2·multiply-adds), to decide whether threads pay
   * @param scratchPerThread floats of scratch each thread needs (0 for none)
   */
  public static <S> void run(int tiles, long flops, int scratchPerThread, Body<S> body, S state) {
    boolean parallel = tiles >= 2 && ParallelGemm.THREADS > 1 && flops >= Kernels.PARALLEL_MIN_FLOPS;
    int slices = parallel ? ParallelGemm.THREADS : 1;
    float[] scratch = scratchPerThread > 0 ? Buffers.floats(Math.multiplyExact(slices, scratchPerThread)) : null;
    try {
      if (parallel && ParallelGemm.tryRunTiles(tiles, body, state, scratch, scratchPerThread)) {
        return;
      }
      for (int t = 0; t < tiles; t++) {
        body.run(state, t, scratch, 0);
      }
    } finally {
      Buffers.release(scratch);
    }
  }
}
