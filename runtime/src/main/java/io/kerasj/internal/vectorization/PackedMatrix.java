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

  /** The floats a {@code k × n} matrix takes in panels of width {@code nr} (clamped to {@code n}). */
  public static int floats(int k, int n, int nr) {
    int w = Math.min(nr, n);
    return w == 0 ? 0 : Math.multiplyExact(Math.multiplyExact((n + w - 1) / w, k), w);
  }

  /**
   * A {@code k × n} matrix in panels of width {@code nr} (clamped to {@code n}) over {@code data}
   * (not copied, at least {@link #floats} long), for a right-hand operand computed at run time and
   * packed in place, call after call, into the same workspace buffer.
   */
  public static PackedMatrix over(float[] data, int k, int n, int nr) {
    int w = Math.max(1, Math.min(nr, n));
    if (data.length < floats(k, n, w)) {
      throw new IllegalArgumentException("a packed " + k + " × " + n + " matrix needs " + floats(k, n, w)
          + " floats, the buffer has " + data.length);
    }
    return new PackedMatrix(k, n, w, data);
  }

  /**
   * Packs {@code b[p, j] = src[off + p·rowStride + j·colStride]} ({@code p < k}, {@code j < n})
   * into this matrix's panels; the padding of the last panel is zeroed. Either stride may be 1:
   * {@code colStride == 1} copies rows, {@code rowStride == 1} packs a transpose (rows of the
   * source become columns), reading the source front to back.
   */
  public void fill(float[] src, int off, int rowStride, int colStride) {
    for (int q = 0, j0 = 0; j0 < n; q++, j0 += nr) {
      int w = Math.min(nr, n - j0);
      int panel = q * k * nr;
      if (colStride == 1) {
        for (int p = 0; p < k; p++) {
          System.arraycopy(src, off + p * rowStride + j0, data, panel + p * nr, w);
        }
      } else {
        for (int j = 0; j < w; j++) {
          int s = off + (j0 + j) * colStride;
          for (int p = 0, d = panel + j; p < k; p++, d += nr) {
            data[d] = src[s + p * rowStride];
          }
        }
      }
      if (w < nr) {
        for (int p = 0; p < k; p++) {
          java.util.Arrays.fill(data, panel + p * nr + w, panel + (p + 1) * nr, 0f);
        }
      }
    }
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
