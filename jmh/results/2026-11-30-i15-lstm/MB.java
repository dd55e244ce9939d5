import java.util.Random;
public class MB {
  static float[][] rows; static float[] a; static float[][] acc = new float[8][512];
  static int K = 512, N = Integer.getInteger("n", 512), M = 32, KC = Integer.getInteger("kc", 256);
  public static void main(String[] x) {
    Random r = new Random(1);
    rows = new float[K][N]; for (float[] row : rows) for (int j = 0; j < N; j++) row[j] = r.nextFloat();
    a = new float[M * K]; for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() * 1e-3f;
    String v = x[0];
    for (int rep = 0; rep < 8; rep++) {
      var TB = java.lang.management.ManagementFactory.getThreadMXBean(); long t0 = TB.getCurrentThreadCpuTime(); int it = 200;
      for (int n = 0; n < it; n++) run(v);
      double s = (TB.getCurrentThreadCpuTime() - t0) / 1e9;
      if (rep >= 4) System.out.printf("%s %.1f GFLOP/s%n", v, 2.0 * M * K * N * it / s / 1e9);
    }
  }
  static void run(String v) {
    for (int p0 = 0; p0 < K; p0 += KC) {
      int kc = Math.min(KC, K - p0);
      switch (v) {
        case "4x2": for (int i = 0; i < M; i += 4) r4x2(a, i * K + p0, K, rows, p0, kc, acc[0], acc[1], acc[2], acc[3], 0, N); break;
        case "4x4": for (int i = 0; i < M; i += 4) r4x4(a, i * K + p0, K, rows, p0, kc, acc[0], acc[1], acc[2], acc[3], 0, N); break;
        case "2x4": for (int i = 0; i < M; i += 2) r2x4(a, i * K + p0, K, rows, p0, kc, acc[0], acc[1], 0, N); break;
        case "8x2": for (int i = 0; i < M; i += 8) r8x2(a, i * K + p0, K, rows, p0, kc, acc, 0, N); break;
        case "1x4": for (int i = 0; i < M; i += 1) r1x4(a, i * K + p0, rows, p0, kc, acc[0], 0, N); break;
        case "2x8": for (int i = 0; i < M; i += 2) r2x8(a, i * K + p0, K, rows, p0, kc, acc[0], acc[1], 0, N); break;
      }
    }
  }
  static float madd(float x, float y, float z) { return Math.fma(x, y, z); }
  static void r4x2(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    for (int p = 0; p + 2 <= kc; p += 2) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1], x10 = a[a1 + p], x11 = a[a1 + p + 1];
      final float x20 = a[a2 + p], x21 = a[a2 + p + 1], x30 = a[a3 + p], x31 = a[a3 + p + 1];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j];
        c0[j] = madd(x01, v1, madd(x00, v0, c0[j]));
        c1[j] = madd(x11, v1, madd(x10, v0, c1[j]));
        c2[j] = madd(x21, v1, madd(x20, v0, c2[j]));
        c3[j] = madd(x31, v1, madd(x30, v0, c3[j]));
      }
    }
  }
  static void r4x4(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1], x02 = a[a0 + p + 2], x03 = a[a0 + p + 3];
      final float x10 = a[a1 + p], x11 = a[a1 + p + 1], x12 = a[a1 + p + 2], x13 = a[a1 + p + 3];
      final float x20 = a[a2 + p], x21 = a[a2 + p + 1], x22 = a[a2 + p + 2], x23 = a[a2 + p + 3];
      final float x30 = a[a3 + p], x31 = a[a3 + p + 1], x32 = a[a3 + p + 2], x33 = a[a3 + p + 3];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1], b2 = rows[r0 + p + 2], b3 = rows[r0 + p + 3];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
        c0[j] = madd(x03, v3, madd(x02, v2, madd(x01, v1, madd(x00, v0, c0[j]))));
        c1[j] = madd(x13, v3, madd(x12, v2, madd(x11, v1, madd(x10, v0, c1[j]))));
        c2[j] = madd(x23, v3, madd(x22, v2, madd(x21, v1, madd(x20, v0, c2[j]))));
        c3[j] = madd(x33, v3, madd(x32, v2, madd(x31, v1, madd(x30, v0, c3[j]))));
      }
    }
  }
  static void r2x4(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, int lo, int hi) {
    final int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1], x02 = a[a0 + p + 2], x03 = a[a0 + p + 3];
      final float x10 = a[a1 + p], x11 = a[a1 + p + 1], x12 = a[a1 + p + 2], x13 = a[a1 + p + 3];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1], b2 = rows[r0 + p + 2], b3 = rows[r0 + p + 3];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
        c0[j] = madd(x03, v3, madd(x02, v2, madd(x01, v1, madd(x00, v0, c0[j]))));
        c1[j] = madd(x13, v3, madd(x12, v2, madd(x11, v1, madd(x10, v0, c1[j]))));
      }
    }
  }
  static void r2x8(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, int lo, int hi) {
    final int a1 = a0 + lda;
    for (int p = 0; p + 8 <= kc; p += 8) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1], x02 = a[a0 + p + 2], x03 = a[a0 + p + 3];
      final float x04 = a[a0 + p + 4], x05 = a[a0 + p + 5], x06 = a[a0 + p + 6], x07 = a[a0 + p + 7];
      final float x10 = a[a1 + p], x11 = a[a1 + p + 1], x12 = a[a1 + p + 2], x13 = a[a1 + p + 3];
      final float x14 = a[a1 + p + 4], x15 = a[a1 + p + 5], x16 = a[a1 + p + 6], x17 = a[a1 + p + 7];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1], b2 = rows[r0 + p + 2], b3 = rows[r0 + p + 3];
      final float[] b4 = rows[r0 + p + 4], b5 = rows[r0 + p + 5], b6 = rows[r0 + p + 6], b7 = rows[r0 + p + 7];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j], v4 = b4[j], v5 = b5[j], v6 = b6[j], v7 = b7[j];
        c0[j] = madd(x07, v7, madd(x06, v6, madd(x05, v5, madd(x04, v4, madd(x03, v3, madd(x02, v2, madd(x01, v1, madd(x00, v0, c0[j]))))))));
        c1[j] = madd(x17, v7, madd(x16, v6, madd(x15, v5, madd(x14, v4, madd(x13, v3, madd(x12, v2, madd(x11, v1, madd(x10, v0, c1[j]))))))));
      }
    }
  }
  static void r1x4(float[] a, int a0, float[][] rows, int r0, int kc, float[] c0, int lo, int hi) {
    for (int p = 0; p + 4 <= kc; p += 4) {
      final float x0 = a[a0 + p], x1 = a[a0 + p + 1], x2 = a[a0 + p + 2], x3 = a[a0 + p + 3];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1], b2 = rows[r0 + p + 2], b3 = rows[r0 + p + 3];
      for (int j = lo; j < hi; j++) {
        c0[j] = madd(x3, b3[j], madd(x2, b2[j], madd(x1, b1[j], madd(x0, b0[j], c0[j]))));
      }
    }
  }
  static void r8x2(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[][] acc, int lo, int hi) {
    final float[] c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3], c4 = acc[4], c5 = acc[5], c6 = acc[6], c7 = acc[7];
    for (int p = 0; p + 2 <= kc; p += 2) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1];
      final float x10 = a[a0 + lda + p], x11 = a[a0 + lda + p + 1];
      final float x20 = a[a0 + 2 * lda + p], x21 = a[a0 + 2 * lda + p + 1];
      final float x30 = a[a0 + 3 * lda + p], x31 = a[a0 + 3 * lda + p + 1];
      final float x40 = a[a0 + 4 * lda + p], x41 = a[a0 + 4 * lda + p + 1];
      final float x50 = a[a0 + 5 * lda + p], x51 = a[a0 + 5 * lda + p + 1];
      final float x60 = a[a0 + 6 * lda + p], x61 = a[a0 + 6 * lda + p + 1];
      final float x70 = a[a0 + 7 * lda + p], x71 = a[a0 + 7 * lda + p + 1];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j];
        c0[j] = madd(x01, v1, madd(x00, v0, c0[j]));
        c1[j] = madd(x11, v1, madd(x10, v0, c1[j]));
        c2[j] = madd(x21, v1, madd(x20, v0, c2[j]));
        c3[j] = madd(x31, v1, madd(x30, v0, c3[j]));
        c4[j] = madd(x41, v1, madd(x40, v0, c4[j]));
        c5[j] = madd(x51, v1, madd(x50, v0, c5[j]));
        c6[j] = madd(x61, v1, madd(x60, v0, c6[j]));
        c7[j] = madd(x71, v1, madd(x70, v0, c7[j]));
      }
    }
  }
}
