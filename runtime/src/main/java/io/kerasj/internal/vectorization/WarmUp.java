package io.kerasj.internal.vectorization;

import java.util.Random;

/**
 * The {@code kerasj-warmup} thread of {@link Kernels}' warm-up mode: runs the Vector API kernels on
 * small made-up products that reach each of their code paths (one row and a few rows, one to four
 * panels, a narrower last panel, blocks of eight rows with {@code k} blocking, narrow outputs, the
 * activations) until HotSpot has compiled them, then switches. Compiled is judged by the clock:
 * a round of these products through the Vector API must beat the same round through the scalar
 * kernels twice in a row by a clear margin (interpreted vector code is tens of times slower).
 * Gives up, leaving the scalar kernels in use, after {@link #GIVE_UP_NANOS}.
 */
final class WarmUp implements Runnable {
  static final long GIVE_UP_NANOS = 30_000_000_000L;

  private final VectorKernels scalar;
  private final VectorKernels vector;
  private final Kernels.Switching target;

  WarmUp(VectorKernels scalar, VectorKernels vector, Kernels.Switching target) {
    this.scalar = scalar;
    this.vector = vector;
    this.target = target;
  }

  /** One product: {@code c (m × n) += a (m × k) · b}, packed for both implementations. */
  private static final class Product {
    final int m;
    final float[] a;
    final PackedMatrix b;
    final float[] c;

    Product(Random r, int m, int k, int n, VectorKernels vector) {
      this.m = m;
      this.a = random(r, m * k);
      this.b = PackedMatrix.pack(random(r, k * n), k, n, vector.panelWidth(), ScalarKernels.NR);
      this.c = new float[m * n];
    }

    void run(VectorKernels impl) {
      impl.gemm(a, 0, b.k, 0, m, b, c, 0, b.n);
    }
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (r.nextFloat() - 0.5f) * 0.1f;
    }
    return a;
  }

  @Override
  public void run() {
    try {
      warmUp();
    } catch (RuntimeException | LinkageError e) {
      target.giveUp("the Vector API kernels failed while warming up: " + e);
    }
  }

  private void warmUp() {
    Random r = new Random(1);
    int panel = vector.panelWidth();
    int lanes = vector.lanes();
    Product[] products = {
        new Product(r, 1, 24, 7 * panel + lanes + 1, vector),  // batch-1 step: 4, 2 and 1 panels, a tail
        new Product(r, 5, 24, 2 * panel, vector),              // a few rows
        new Product(r, 19, 300, 4 * panel + 3, vector),        // 8-row blocks, k blocks, leftovers, a tail
        new Product(r, 32, 96, 8 * panel, vector),
    };
    int k = 20;
    float[] x = random(r, 9 * k);
    float[] narrow1 = random(r, k * lanes);
    float[] narrow2 = random(r, k * 2 * lanes);
    float[] bias = random(r, 2 * lanes);
    float[] out = new float[9 * 2 * lanes];
    float[] act = random(r, 6 * lanes + 5);
    long start = System.nanoTime();
    int wins = 0;
    for (int round = 0; System.nanoTime() - start < GIVE_UP_NANOS; round++) {
      long tv = round(products, vector, x, k, narrow1, narrow2, bias, out, act);
      long ts = round(products, scalar, x, k, narrow1, narrow2, bias, out, act);
      wins = tv * 3 < ts * 2 ? wins + 1 : 0;
      if (wins >= 2) {
        target.switchNow();
        return;
      }
    }
    target.giveUp("the Vector API kernels were not faster after " + GIVE_UP_NANOS / 1_000_000_000L + " s");
  }

  private static long round(Product[] products, VectorKernels impl, float[] x, int k, float[] narrow1,
                            float[] narrow2, float[] bias, float[] out, float[] act) {
    long t = System.nanoTime();
    for (int rep = 0; rep < 4; rep++) {
      for (Product p : products) {
        p.run(impl);
      }
      int lanes = narrow1.length / k;
      impl.affineNarrow(x, 0, 9, k, narrow1, bias, lanes - 3, out, 0);
      impl.affineNarrow(x, 0, 9, k, narrow2, bias, 2 * lanes - 1, out, 0);
      for (int i = 0; i < 8; i++) {
        impl.sigmoid(act, 0, act.length);
        impl.tanh(act, 0, act.length);
      }
    }
    return System.nanoTime() - t;
  }
}
