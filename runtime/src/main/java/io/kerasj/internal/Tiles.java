package io.kerasj.internal;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelGemm;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent tiles of one layer call (a convolution's blocks of output pixels, over the
 * whole batch) on several threads, each with its own slice of one scratch array taken from the
 * caller's workspace. Threads claim tiles one at a time from a shared counter, so a thread that is
 * scheduled late costs one tile, not its share of the call. Calls too small to pay for a hand-over
 * (below {@link Kernels#PARALLEL_MIN_FLOPS}) run on the caller.
 */
public final class Tiles {
  private Tiles() {}

  /** One tile's work. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs tile {@code tile}; {@code scratch[scratchOff, scratchOff + scratchPerThread)} belongs to
     * this thread for the duration of the call (contents undefined).
     */
    void run(int tile, float[] scratch, int scratchOff);
  }

  /**
   * Runs {@code body} on every tile in {@code [0, tiles)}.
   *
   * @param flops the whole call's work (2·multiply-adds), to decide whether threads pay
   * @param scratchPerThread floats of scratch each thread needs (0 for none)
   */
  public static void run(int tiles, long flops, int scratchPerThread, Body body) {
    int slices = tiles >= 2 && flops >= Kernels.PARALLEL_MIN_FLOPS ? Math.min(ParallelGemm.THREADS, tiles) : 1;
    float[] scratch = scratchPerThread > 0 ? Buffers.floats(Math.multiplyExact(slices, scratchPerThread)) : null;
    try {
      if (slices == 1) {
        for (int t = 0; t < tiles; t++) {
          body.run(t, scratch, 0);
        }
        return;
      }
      AtomicInteger next = new AtomicInteger();
      BatchSplit.run(slices, s -> {
        for (int t = next.getAndIncrement(); t < tiles; t = next.getAndIncrement()) {
          body.run(t, scratch, s * scratchPerThread);
        }
      });
    } finally {
      Buffers.release(scratch);
    }
  }
}
