package io.kerasj.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelGemm;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Tiles} on the threads of {@link ParallelGemm}. */
class TilesTest {
  /** Counts the runs of each tile; writes the tile number into its scratch slice and checks it is still there at the end. */
  private static final class Job {
    final AtomicIntegerArray runs;
    final int per;
    int failOn = -1;

    Job(int tiles, int per) {
      runs = new AtomicIntegerArray(tiles);
      this.per = per;
    }
  }

  private static final Tiles.Body<Job> BODY = (job, t, scratch, so) -> {
    java.util.Arrays.fill(scratch, so, so + job.per, t);
    long spin = System.nanoTime() + 20_000;
    while (System.nanoTime() < spin) {
      Thread.onSpinWait(); // long enough for the other threads to claim tiles meanwhile
    }
    for (int i = so; i < so + job.per; i++) {
      if (scratch[i] != t) {
        throw new AssertionError("tile " + t + ": its scratch slice was overwritten by another thread");
      }
    }
    job.runs.incrementAndGet(t);
    if (t == job.failOn) {
      throw new IllegalStateException("tile " + t + " failed");
    }
  };

  @Test
  void everyTileRunsOnceWithItsOwnScratch() {
    for (int tiles : new int[] {1, 2, 7, 200}) {
      Job job = new Job(tiles, 64);
      Tiles.run(tiles, Kernels.PARALLEL_MIN_FLOPS, job.per, BODY, job);
      for (int t = 0; t < tiles; t++) {
        assertEquals(1, job.runs.get(t), "tile " + t + " of " + tiles);
      }
    }
  }

  @Test
  void aFailingTileIsRethrownAfterTheOthersAndThePoolStaysUsable() {
    Job job = new Job(50, 16);
    job.failOn = 17;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Tiles.run(50, Kernels.PARALLEL_MIN_FLOPS, job.per, BODY, job));
    assertEquals("tile 17 failed", e.getMessage());
    for (int t = 0; t < 50; t++) {
      assertEquals(1, job.runs.get(t), "tile " + t);
    }
    // The workers survived and take the next job (a dead worker would leave the caller waiting).
    Job next = new Job(50, 16);
    Tiles.run(50, Kernels.PARALLEL_MIN_FLOPS, next.per, BODY, next);
    for (int t = 0; t < 50; t++) {
      assertEquals(1, next.runs.get(t), "tile " + t);
    }
  }

  @Test
  void aProductInsideATileRunsOnItsThread() {
    // Kernels.gemm on a large product tries the pool; from inside a pool job it must not restart it.
    int m = 64;
    int k = 256;
    int n = 256;
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) - 3;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 5) - 2;
    }
    var packed = Kernels.pack(b, k, n);
    float[] want = new float[m * n];
    Kernels.gemm(a, 0, k, m, packed, want, 0, n);
    float[][] got = new float[8][m * n];
    Tiles.Body<float[][]> body = (out, t, scratch, so) -> Kernels.gemm(a, 0, k, m, packed, out[t], 0, n);
    Tiles.run(8, Kernels.PARALLEL_MIN_FLOPS, 0, body, got);
    for (int t = 0; t < got.length; t++) {
      assertArrayEquals(want, got[t], "tile " + t);
    }
  }
}
