import java.lang.management.*;
public class TB {
  static final int M = 2048, K = 512, TM = 512, TK = 128;
  static void v8(float[] m, int off, int ld, int rows, int cols, float[][] t) {
    int j = 0;
    for (; j + 8 <= cols; j += 8) {
      final float[] t0 = t[j], t1 = t[j+1], t2 = t[j+2], t3 = t[j+3], t4 = t[j+4], t5 = t[j+5], t6 = t[j+6], t7 = t[j+7];
      for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
        t0[i] = m[mi]; t1[i] = m[mi+1]; t2[i] = m[mi+2]; t3[i] = m[mi+3];
        t4[i] = m[mi+4]; t5[i] = m[mi+5]; t6[i] = m[mi+6]; t7[i] = m[mi+7];
      }
    }
  }
  static void v16(float[] m, int off, int ld, int rows, int cols, float[][] t) {
    int j = 0;
    for (; j + 16 <= cols; j += 16) {
      final float[] t0 = t[j], t1 = t[j+1], t2 = t[j+2], t3 = t[j+3], t4 = t[j+4], t5 = t[j+5], t6 = t[j+6], t7 = t[j+7];
      final float[] t8 = t[j+8], t9 = t[j+9], t10 = t[j+10], t11 = t[j+11], t12 = t[j+12], t13 = t[j+13], t14 = t[j+14], t15 = t[j+15];
      for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
        t0[i] = m[mi]; t1[i] = m[mi+1]; t2[i] = m[mi+2]; t3[i] = m[mi+3];
        t4[i] = m[mi+4]; t5[i] = m[mi+5]; t6[i] = m[mi+6]; t7[i] = m[mi+7];
        t8[i] = m[mi+8]; t9[i] = m[mi+9]; t10[i] = m[mi+10]; t11[i] = m[mi+11];
        t12[i] = m[mi+12]; t13[i] = m[mi+13]; t14[i] = m[mi+14]; t15[i] = m[mi+15];
      }
    }
  }
  // 8 cols, blocks of 32 rows
  static void v8b(float[] m, int off, int ld, int rows, int cols, float[][] t) {
    for (int ib = 0; ib < rows; ib += 32) {
      final int ie = Math.min(rows, ib + 32);
      for (int j = 0; j + 8 <= cols; j += 8) {
        final float[] t0 = t[j], t1 = t[j+1], t2 = t[j+2], t3 = t[j+3], t4 = t[j+4], t5 = t[j+5], t6 = t[j+6], t7 = t[j+7];
        for (int i = ib, mi = off + ib * ld + j; i < ie; i++, mi += ld) {
          t0[i] = m[mi]; t1[i] = m[mi+1]; t2[i] = m[mi+2]; t3[i] = m[mi+3];
          t4[i] = m[mi+4]; t5[i] = m[mi+5]; t6[i] = m[mi+6]; t7[i] = m[mi+7];
        }
      }
    }
  }
  // copy row block to contiguous scratch first (rows of tile), then transpose from scratch (ld = cols)
  static final float[] S = new float[TM * TK];
  static void vcopy(float[] m, int off, int ld, int rows, int cols, float[][] t) {
    for (int i = 0; i < rows; i++) System.arraycopy(m, off + i * ld, S, i * cols, cols);
    v8(S, 0, cols, rows, cols, t);
  }
  public static void main(String[] a) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    float[] m = new float[M * K]; for (int i = 0; i < m.length; i++) m[i] = i;
    float[][] t = new float[TK][TM];
    for (int round = 0; round < 6; round++) {
      for (String v : new String[] {"v8", "v16", "v8b", "vcopy"}) {
        long t0 = mx.getCurrentThreadCpuTime();
        int reps = 100;
        for (int r = 0; r < reps; r++)
          for (int i0 = 0; i0 < M; i0 += TM) for (int p0 = 0; p0 < K; p0 += TK) {
            int off = i0 * K + p0;
            switch (v) { case "v8": v8(m, off, K, TM, TK, t); break; case "v16": v16(m, off, K, TM, TK, t); break;
              case "v8b": v8b(m, off, K, TM, TK, t); break; default: vcopy(m, off, K, TM, TK, t); }
            if (t[3][5] != m[off + 5 * K + 3]) throw new AssertionError(v);
          }
        if (round >= 3) System.out.printf("%s %.3f ms per 2048x512%n", v, (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
      }
    }
  }
}
