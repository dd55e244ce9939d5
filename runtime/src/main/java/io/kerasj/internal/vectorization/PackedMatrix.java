package io.kerasj.internal.vectorization;

/**
 * A {@code k × n} weight matrix packed once, at load, for the products that read it; it holds one
 * or both of two layouts.
 *
 * <p>{@link #data}, for {@code PanamaKernels}: column panels of width {@link #nr}: panel {@code q}
 * holds columns {@code [q·nr, q·nr + nr)} as a contiguous {@code k × nr} row-major block, the last
 * panel zero-padded, so that a product streams each panel front to back while its accumulators
 * stay in vector registers. With {@code nr == n} this is Keras' own {@code (in, out)} layout.
 *
 * <p>{@link #rows}, for {@link ScalarKernels}: column panels of width {@link #rowWidth}, each row of
 * each panel an array of its own ({@code rows[q·k + p]}, {@code min(rowWidth, n − q·rowWidth)}
 * floats). HotSpot's auto-vectorizer (SuperWord) only vectorizes a loop over two {@code float[]}
 * when it can prove they do not overlap, which it does by comparing index expressions, not arrays:
 * a loop reading {@code b[bp + j]} and writing {@code acc[j]} stays scalar, one reading {@code
 * row[j]} and writing {@code acc[j]} is vectorized.
 */
public final class PackedMatrix {
  public final int k;
  public final int n;
  /** Panel width of {@link #data}; {@code 0} when there is no {@code data}. */
  public final int nr;
  /** The panel layout, or {@code null} when packed only for the scalar kernels. */
  public final float[] data;
  /** Panel width of {@link #rows}; {@code 0} when there are no {@code rows}. */
  public final int rowWidth;
  /** The row layout, or {@code null} when packed only for the Vector API kernels. */
  public final float[][] rows;

  private PackedMatrix(int k, int n, int nr, float[] data, int rowWidth, float[][] rows) {
    this.k = k;
    this.n = n;
    this.nr = nr;
    this.data = data;
    this.rowWidth = rowWidth;
    this.rows = rows;
  }

  /** Packs row-major {@code b (k × n)} into panels of width {@code nr} (clamped to {@code n}). */
  public static PackedMatrix of(float[] b, int k, int n, int nr) {
    return pack(b, k, n, Math.min(nr, n), 0);
  }

  /**
   * Packs row-major {@code b (k × n)} into panels of width {@code nr} (not clamped: a matrix
   * narrower than a panel is one zero-padded panel; 0 for none) and into rows of panels of width
   * {@code rowWidth} (clamped to {@code n}; 0 for none).
   */
  public static PackedMatrix pack(float[] b, int k, int n, int nr, int rowWidth) {
    float[] data = null;
    if (nr == n) {
      data = java.util.Arrays.copyOf(b, k * n);
    } else if (nr > 0) {
      int panels = (n + nr - 1) / nr;
      data = new float[Math.multiplyExact(Math.multiplyExact(panels, k), nr)];
      for (int q = 0; q < panels; q++) {
        int j0 = q * nr;
        int w = Math.min(nr, n - j0);
        for (int p = 0; p < k; p++) {
          System.arraycopy(b, p * n + j0, data, (q * k + p) * nr, w);
        }
      }
    }
    float[][] rows = null;
    int rw = Math.min(rowWidth, n);
    if (rw > 0) {
      int panels = (n + rw - 1) / rw;
      rows = new float[Math.multiplyExact(panels, k)][];
      for (int q = 0; q < panels; q++) {
        int j0 = q * rw;
        for (int p = 0; p < k; p++) {
          rows[q * k + p] = java.util.Arrays.copyOfRange(b, p * n + j0, p * n + Math.min(n, j0 + rw));
        }
      }
    }
    return new PackedMatrix(k, n, nr, data, Math.max(rw, 0), rows);
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
    return new PackedMatrix(k, n, w, data, 0, null);
  }

  /**
   * A {@code k × n} matrix in the row layout of {@link ScalarKernels} (panels of width {@code
   * rowWidth}, clamped to {@code n}), its rows allocated here once and refilled call after call
   * with {@link #fill}: a right-hand operand computed at run time for the scalar kernels, which
   * multiply the row layout several times faster than the panel layout.
   */
  public static PackedMatrix rowsFor(int k, int n, int rowWidth) {
    int rw = Math.max(1, Math.min(rowWidth, n));
    int panels = (n + rw - 1) / rw;
    float[][] rows = new float[Math.multiplyExact(panels, k)][];
    for (int q = 0; q < panels; q++) {
      for (int p = 0; p < k; p++) {
        rows[q * k + p] = new float[Math.min(rw, n - q * rw)];
      }
    }
    return new PackedMatrix(k, n, 0, null, rw, rows);
  }

  /**
   * Packs {@code b[p, j] = src[off + p·rowStride + j·colStride]} ({@code p < k}, {@code j < n})
   * into this matrix's panels; the padding of the last panel is zeroed. Either stride may be 1:
   * {@code colStride == 1} copies rows, {@code rowStride == 1} packs a transpose (rows of the
   * source become columns), reading the source front to back.
   */
  public void fill(float[] src, int off, int rowStride, int colStride) {
    if (data == null) {
      fillRows(src, off, rowStride, colStride);
      return;
    }
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

  private void fillRows(float[] src, int off, int rowStride, int colStride) {
    for (int q = 0, j0 = 0; j0 < n; q++, j0 += rowWidth) {
      int w = Math.min(rowWidth, n - j0);
      if (colStride == 1) {
        for (int p = 0; p < k; p++) {
          System.arraycopy(src, off + p * rowStride + j0, rows[q * k + p], 0, w);
        }
      } else {
        // A transpose: read each source row (one column here) front to back.
        for (int j = 0; j < w; j++) {
          int s = off + (j0 + j) * colStride;
          for (int p = 0; p < k; p++) {
            rows[q * k + p][j] = src[s + p * rowStride];
          }
        }
      }
    }
  }

  /** Unpacks to row-major {@code k × n} (tests and diagnostics). */
  public float[] unpack() {
    float[] b = new float[k * n];
    if (data != null) {
      for (int q = 0, j0 = 0; j0 < n; q++, j0 += nr) {
        int w = Math.min(nr, n - j0);
        for (int p = 0; p < k; p++) {
          System.arraycopy(data, (q * k + p) * nr, b, p * n + j0, w);
        }
      }
    } else {
      for (int q = 0, j0 = 0; j0 < n; q++, j0 += rowWidth) {
        for (int p = 0; p < k; p++) {
          float[] r = rows[q * k + p];
          System.arraycopy(r, 0, b, p * n + j0, r.length);
        }
      }
    }
    return b;
  }
}
