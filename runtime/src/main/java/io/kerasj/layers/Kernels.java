package io.kerasj.layers;

/**
 * The few hot loops. Matrices are row-major {@code float[]} slices; weights keep Keras'
 * {@code (in, out)} orientation so that the product runs in axpy form: one broadcast of
 * {@code a[i,p]} times a contiguous row of {@code b}, with no horizontal reductions.
 */
final class Kernels {
  private Kernels() {}

  /**
   * {@code c[i, :] += a[i, :] · b} for {@code m} rows.
   *
   * @param a rows of length {@code k}, row {@code i} at {@code aOff + i*lda}
   * @param b {@code k × n}, contiguous, from {@code bOff}
   * @param c rows of length {@code n}, row {@code i} at {@code cOff + i*ldc}
   */
  static void gemmAccumulate(float[] a, int aOff, int lda, int m, int k,
                             float[] b, int bOff, int n,
                             float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      int ai = aOff + i * lda;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }

  /** Fills {@code rows} rows of length {@code n} at {@code cOff} with {@code bias} (or zeros if null). */
  static void fillRows(float[] c, int cOff, int rows, int n, float[] bias) {
    if (bias == null) {
      java.util.Arrays.fill(c, cOff, cOff + rows * n, 0f);
      return;
    }
    for (int i = 0; i < rows; i++) {
      System.arraycopy(bias, 0, c, cOff + i * n, n);
    }
  }

  /** {@code out = x · w + bias} for {@code rows} contiguous rows of length {@code k}. */
  static void affine(float[] x, int xOff, int rows, int k, float[] w, int n, float[] bias,
                     float[] out, int outOff) {
    fillRows(out, outOff, rows, n, bias);
    gemmAccumulate(x, xOff, k, rows, k, w, 0, n, out, outOff, n);
  }
}
