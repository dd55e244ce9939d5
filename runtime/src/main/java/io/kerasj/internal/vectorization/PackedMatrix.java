package io.kerasj.internal.vectorization;

/**
 * A {@code k × n} weight matrix split into column panels of width {@code nr}: panel {@code q}
 * holds columns {@code [q·nr, q·nr + nr)} as a contiguous {@code k × nr} row-major block, the last
 * panel zero-padded. A product then streams each panel front to back while its accumulators stay in
 * registers. With {@code nr == n} this is Keras' own {@code (in, out)} layout.
 */
public final class PackedMatrix {
  public final int k;
  public final int n;
  public final int nr;
  public final float[] data;

  private PackedMatrix(int k, int n, int nr, float[] data) {
    this.k = k;
    this.n = n;
    this.nr = nr;
    this.data = data;
  }

  /** Packs row-major {@code b (k × n)} into panels of width {@code nr} (clamped to {@code n}). */
  public static PackedMatrix of(float[] b, int k, int n, int nr) {
    if (nr >= n) {
      return new PackedMatrix(k, n, n, java.util.Arrays.copyOf(b, k * n));
    }
    int panels = (n + nr - 1) / nr;
    float[] d = new float[Math.multiplyExact(Math.multiplyExact(panels, k), nr)];
    for (int q = 0; q < panels; q++) {
      int j0 = q * nr;
      int w = Math.min(nr, n - j0);
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, p * n + j0, d, (q * k + p) * nr, w);
      }
    }
    return new PackedMatrix(k, n, nr, d);
  }

  /** Unpacks to row-major {@code k × n} (tests and diagnostics). */
  public float[] unpack() {
    float[] b = new float[k * n];
    for (int q = 0, j0 = 0; j0 < n; q++, j0 += nr) {
      int w = Math.min(nr, n - j0);
      for (int p = 0; p < k; p++) {
        System.arraycopy(data, (q * k + p) * nr, b, p * n + j0, w);
      }
    }
    return b;
  }
}
