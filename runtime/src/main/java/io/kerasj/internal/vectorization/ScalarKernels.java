package io.kerasj.internal.vectorization;

/**
 * The portable implementation: plain loops that C2 auto-vectorizes (the inner axpy loop) on any
 * JDK 17+, used when the Vector API is not readable. Weights stay in Keras' {@code (in, out)}
 * layout (one panel of full width).
 */
public final class ScalarKernels implements VectorKernels {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public PackedMatrix pack(float[] b, int k, int n) {
    return PackedMatrix.of(b, k, n, n);
  }

  @Override
  public void gemm(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
                   float[] c, int cOff, int ldc) {
    final int k = b.k;
    final int nr = b.nr;
    final float[] bd = b.data;
    for (int q = colFrom / nr, j0 = q * nr; j0 < colTo; j0 += nr, q++) {
      final int lo = Math.max(colFrom, j0) - j0;
      final int hi = Math.min(colTo, j0 + nr) - j0;
      final int panel = q * k * nr;
      for (int i = from; i < to; i++) {
        final int ci = cOff + i * ldc + j0;
        final int ai = aOff + i * lda;
        // axpy form: broadcast a[i, p], stream one contiguous row of b into c's row.
        for (int p = 0; p < k; p++) {
          final float av = a[ai + p];
          final int bp = panel + p * nr;
          for (int j = lo; j < hi; j++) {
            c[ci + j] += av * bd[bp + j];
          }
        }
      }
    }
  }

  /** One full-width panel: columns may split at any multiple of 16 (a 64-byte cache line of c). */
  @Override
  public int columnGrain(PackedMatrix b) {
    return b.nr == b.n ? 16 : b.nr;
  }

  @Override
  public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n,
                           float[] out, int outOff) {
    final int width = w.length / k;
    for (int r = 0; r < rows; r++) {
      final int o = outOff + r * n;
      final int ar = aOff + r * k;
      for (int j = 0; j < n; j++) {
        out[o + j] = bias == null ? 0f : bias[j];
      }
      for (int p = 0; p < k; p++) {
        final float av = a[ar + p];
        final int wp = p * width;
        for (int j = 0; j < n; j++) {
          out[o + j] += av * w[wp + j];
        }
      }
    }
  }

  @Override
  public void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
    for (int i = 0; i < n; i++) {
      c[cOff + i] += a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void tanh(float[] a, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      a[i] = FastMath.tanh(a[i]);
    }
  }

  @Override
  public void sigmoid(float[] a, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      a[i] = FastMath.sigmoid(a[i]);
    }
  }
}
