public class SK {
  static float madd(float x, float y, float acc) { return Math.fma(x, y, acc); }
  public static void main(String[] args) {
    int M = 32, K = 512, N = 2048, NR = 512;
    java.util.Random r = new java.util.Random(1);
    float[] a = new float[M * K]; for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() * 1e-3f;
    float[][] rows = new float[(N / NR) * K][NR]; for (float[] row : rows) for (int j = 0; j < NR; j++) row[j] = r.nextFloat();
    float[] c = new float[M * N];
    float[][] acc = {new float[NR], new float[NR], new float[NR], new float[NR]};
    var TB = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < 12; rep++) {
      StringBuilder sb = new StringBuilder();
      for (String v : args) {
        long t0 = TB.getCurrentThreadCpuTime(); int it = 15;
        for (int n = 0; n < it; n++) {
          for (int q = 0; q < N / NR; q++) {
            int j0 = q * NR;
            for (int p0 = 0; p0 < K; p0 += 256) {
              int kc = Math.min(256, K - p0); int r0 = q * K + p0;
              for (int i = 0; i < M; i += 4) {
                int ci = i * N + j0;
                System.arraycopy(c, ci, acc[0], 0, NR); System.arraycopy(c, ci + N, acc[1], 0, NR);
                System.arraycopy(c, ci + 2 * N, acc[2], 0, NR); System.arraycopy(c, ci + 3 * N, acc[3], 0, NR);
                if (v.equals("r2")) rows4(a, i * K + p0, K, rows, r0, kc, acc[0], acc[1], acc[2], acc[3], 0, NR);
                else if (v.equals("r3")) rows4x3(a, i * K + p0, K, rows, r0, kc, acc[0], acc[1], acc[2], acc[3], 0, NR);
                else rows4x4(a, i * K + p0, K, rows, r0, kc, acc[0], acc[1], acc[2], acc[3], 0, NR);
                System.arraycopy(acc[0], 0, c, ci, NR); System.arraycopy(acc[1], 0, c, ci + N, NR);
                System.arraycopy(acc[2], 0, c, ci + 2 * N, NR); System.arraycopy(acc[3], 0, c, ci + 3 * N, NR);
              }
            }
          }
        }
        double s = (TB.getCurrentThreadCpuTime() - t0) / 1e9;
        sb.append(String.format("%s %.1f  ", v, 2.0 * M * K * N * it / s / 1e9));
      }
      if (rep >= 4) System.out.println(sb);
    }
  }
  static void rows4(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    int p = 0;
    for (; p + 2 <= kc; p += 2) {
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
  static void rows4x4(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
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
  static void rows4x3(float[] a, int a0, int lda, float[][] rows, int r0, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    int p = 0;
    for (; p + 3 <= kc; p += 3) {
      final float x00 = a[a0 + p], x01 = a[a0 + p + 1], x02 = a[a0 + p + 2];
      final float x10 = a[a1 + p], x11 = a[a1 + p + 1], x12 = a[a1 + p + 2];
      final float x20 = a[a2 + p], x21 = a[a2 + p + 1], x22 = a[a2 + p + 2];
      final float x30 = a[a3 + p], x31 = a[a3 + p + 1], x32 = a[a3 + p + 2];
      final float[] b0 = rows[r0 + p], b1 = rows[r0 + p + 1], b2 = rows[r0 + p + 2];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j], v1 = b1[j], v2 = b2[j];
        c0[j] = madd(x02, v2, madd(x01, v1, madd(x00, v0, c0[j])));
        c1[j] = madd(x12, v2, madd(x11, v1, madd(x10, v0, c1[j])));
        c2[j] = madd(x22, v2, madd(x21, v1, madd(x20, v0, c2[j])));
        c3[j] = madd(x32, v2, madd(x31, v1, madd(x30, v0, c3[j])));
      }
    }
  }
}
