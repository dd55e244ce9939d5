import java.lang.management.*;
import java.util.*;
// softmaxColumns (128x128): today vs a float-only 2^k chain. ns per value, thread CPU.
public class C {
  static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
  static final float EXP_LO = -104f, EXP_HI = 89f, M = 12582912f; static final int MB = 0x4B400000;
  static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
  static float red(float x, float fk) {
    float r = Math.fma(fk, -LN2_HI, x); r = Math.fma(fk, -LN2_LO, r); float z = r * r;
    float p = Math.fma(r, P0, P1); p = Math.fma(p, r, P2); p = Math.fma(p, r, P3); p = Math.fma(p, r, P4); p = Math.fma(p, r, P5);
    return Math.fma(p, z, r + 1f);
  }
  static float scale2k(float p, float y) {
    int k = Float.floatToRawIntBits(y) - MB; int k1 = k >> 1;
    return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
  }
  static final float[][] CS = new float[10][512];
  static void cols(float[] a, int off, int rows, int cols, float scale, float[][] out, int variant) {
    final int end = off + rows * cols;
    if (scale != 1f) for (int i = off; i < end; i++) a[i] *= scale;
    final float[][] cs = CS;
    final float[] mx = cs[0], u = cs[1], t = cs[2], s0 = cs[3], s1 = cs[4], s2 = cs[5], s3 = cs[6], w = cs[7], v = cs[8];
    Arrays.fill(mx, 0, cols, Float.NEGATIVE_INFINITY);
    Arrays.fill(s0, 0, cols, 0f); Arrays.fill(s1, 0, cols, 0f); Arrays.fill(s2, 0, cols, 0f); Arrays.fill(s3, 0, cols, 0f);
    for (int r = 0; r < rows; r++) { System.arraycopy(a, off + r * cols, u, 0, cols); for (int i = 0; i < cols; i++) mx[i] = Math.max(mx[i], u[i]); }
    final int rows4 = rows & ~3;
    for (int r = 0; r < rows; r++) {
      final int o = off + r * cols;
      final float[] sum = r >= rows4 ? s0 : (r & 3) == 0 ? s0 : (r & 3) == 1 ? s1 : (r & 3) == 2 ? s2 : s3;
      System.arraycopy(a, o, u, 0, cols);
      if (variant == 0) {
        for (int i = 0; i < cols; i++) {
          final float xc = Math.min(Math.max(u[i] - mx[i], EXP_LO), EXP_HI);
          final float y = Math.fma(xc, LOG2E, M);
          t[i] = y; u[i] = red(xc, y - M);
        }
        for (int i = 0; i < cols; i++) { final float e = scale2k(u[i], t[i]); a[o + i] = e; sum[i] += e; }
      } else if (variant == 1) {
        for (int i = 0; i < cols; i++) {
          final float xc = Math.min(Math.max(u[i] - mx[i], EXP_LO), EXP_HI);
          final float fk = Math.fma(xc, LOG2E, M) - M;
          t[i] = fk; u[i] = red(xc, fk);
        }
        chain(u, t, w, v, cols);
        for (int i = 0; i < cols; i++) { final float e = u[i]; a[o + i] = e; sum[i] += e; }
      } else if (variant == 3) {
        for (int i = 0; i < cols; i++) {
          final float xc = Math.min(Math.max(u[i] - mx[i], EXP_LO), EXP_HI);
          final float y = Math.fma(xc, LOG2E, M);
          t[i] = y; u[i] = red(xc, y - M);
        }
        for (int i = 0; i < cols; i++) u[i] = scale2k(u[i], t[i]);
        System.arraycopy(u, 0, a, o, cols);
        for (int i = 0; i < cols; i++) sum[i] += u[i];
      } else {
        for (int i = 0; i < cols; i++) {
          final float xc = Math.min(Math.max(u[i] - mx[i], EXP_LO), EXP_HI);
          final float fk = Math.fma(xc, LOG2E, M) - M;
          t[i] = fk; u[i] = red(xc, fk);
        }
        chain(u, t, w, v, cols);
        System.arraycopy(u, 0, a, o, cols);
        for (int i = 0; i < cols; i++) sum[i] += u[i];
      }
    }
    for (int i = 0; i < cols; i++) mx[i] = 1f / ((s0[i] + s1[i]) + (s2[i] + s3[i]));
    for (int r = 0; r < rows; r++) { System.arraycopy(a, off + r * cols, u, 0, cols); final float[] dst = out[r]; for (int i = 0; i < cols; i++) dst[i] = u[i] * mx[i]; }
  }

  static final int BLK = 2048;
  static final float[] BU = new float[BLK], BT = new float[BLK];
  static void colsBatch(float[] a, int off, int rows, int cols, float scale, float[][] out) {
    final int end = off + rows * cols;
    if (scale != 1f) for (int i = off; i < end; i++) a[i] *= scale;
    final float[][] cs = CS;
    final float[] mx = cs[0], u = cs[1], s0 = cs[3], s1 = cs[4], s2 = cs[5], s3 = cs[6];
    Arrays.fill(mx, 0, cols, Float.NEGATIVE_INFINITY);
    Arrays.fill(s0, 0, cols, 0f); Arrays.fill(s1, 0, cols, 0f); Arrays.fill(s2, 0, cols, 0f); Arrays.fill(s3, 0, cols, 0f);
    for (int r = 0; r < rows; r++) { System.arraycopy(a, off + r * cols, u, 0, cols); for (int i = 0; i < cols; i++) mx[i] = Math.max(mx[i], u[i]); }
    for (int r = 0; r < rows; r++) {
      final int o = off + r * cols;
      System.arraycopy(a, o, u, 0, cols);
      for (int i = 0; i < cols; i++) u[i] -= mx[i];
      System.arraycopy(u, 0, a, o, cols);
    }
    final float[] bu = BU, bt = BT;
    for (int b0 = off; b0 < end; b0 += BLK) {
      final int n = Math.min(BLK, end - b0);
      System.arraycopy(a, b0, bu, 0, n);
      for (int j = 0; j < n; j++) {
        final float xc = Math.min(Math.max(bu[j], EXP_LO), EXP_HI);
        final float y = Math.fma(xc, LOG2E, M);
        bt[j] = y; bu[j] = red(xc, y - M);
      }
      for (int j = 0; j < n; j++) bu[j] = scale2k(bu[j], bt[j]);
      System.arraycopy(bu, 0, a, b0, n);
    }
    final int rows4 = rows & ~3;
    for (int r = 0; r < rows; r++) {
      final float[] sum = r >= rows4 ? s0 : (r & 3) == 0 ? s0 : (r & 3) == 1 ? s1 : (r & 3) == 2 ? s2 : s3;
      System.arraycopy(a, off + r * cols, u, 0, cols);
      for (int i = 0; i < cols; i++) sum[i] += u[i];
    }
    for (int i = 0; i < cols; i++) mx[i] = 1f / ((s0[i] + s1[i]) + (s2[i] + s3[i]));
    for (int r = 0; r < rows; r++) { System.arraycopy(a, off + r * cols, u, 0, cols); final float[] dst = out[r]; for (int i = 0; i < cols; i++) dst[i] = u[i] * mx[i]; }
  }
  // u[i] *= 2^k for integer-valued t[i] = k in [-150, 128], as scale2k's two factors, float operations only.
  static void chain(float[] u, float[] t, float[] w, float[] v, int n) {
    for (int i = 0; i < n; i++) {
      final float fk = t[i];
      final float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M;  // floor(k/2) + 76 in [1, 140]
      w[i] = (fk + 152f) - (m + m);                            // k odd
      float b = (Math.fma(m, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; float r = m - b * 128f; float x = b + 1f;
      b = (Math.fma(r, 0x1p-6f, -0.5f + 0x1p-7f) + M) - M; r = r - b * 64f; x = x * x; x = Math.fma(b, x, x);
      b = (Math.fma(r, 0x1p-5f, -0.5f + 0x1p-6f) + M) - M; r = r - b * 32f; x = x * x; x = Math.fma(b, x, x);
      t[i] = r; v[i] = x;
    }
    for (int i = 0; i < n; i++) {
      float r = t[i], x = v[i];
      float b = (Math.fma(r, 0x1p-4f, -0.5f + 0x1p-5f) + M) - M; r = r - b * 16f; x = x * x; x = Math.fma(b, x, x);
      b = (Math.fma(r, 0x1p-3f, -0.5f + 0x1p-4f) + M) - M; r = r - b * 8f; x = x * x; x = Math.fma(b, x, x);
      b = (Math.fma(r, 0x1p-2f, -0.5f + 0x1p-3f) + M) - M; r = r - b * 4f; x = x * x; x = Math.fma(b, x, x);
      t[i] = r; v[i] = x * 0x1p-19f;
    }
    for (int i = 0; i < n; i++) {
      float r = t[i], x = v[i];
      float b = (Math.fma(r, 0x1p-1f, -0.5f + 0x1p-2f) + M) - M; r = r - b * 2f; x = x * x; x = Math.fma(b, x, x);
      x = x * x; x = Math.fma(r, x, x);
      u[i] = u[i] * x * Math.fma(w[i], x, x);
    }
  }
  public static void main(String[] args) {
    int rows = 128, cols = 128; Random rnd = new Random(3);
    float[][] out = new float[rows][cols], out2 = new float[rows][cols];
    // bits check incl. extremes
    for (int t = 0; t < 300; t++) {
      float[] src = new float[rows * cols];
      for (int i = 0; i < src.length; i++) src[i] = (float) (rnd.nextGaussian() * (t % 3 == 0 ? 100 : 5));
      if (t % 5 == 0) { src[7] = Float.NaN; src[200] = Float.NEGATIVE_INFINITY; src[3000] = Float.POSITIVE_INFINITY; }
      float[] a1 = src.clone(), a2 = src.clone();
      cols(a1, 0, rows, cols, 0.3f, out, 0);
      for (int v = 1; v <= 4; v++) {
        a2 = src.clone(); if (v == 4) colsBatch(a2, 0, rows, cols, 0.3f, out2); else cols(a2, 0, rows, cols, 0.3f, out2, v);
        for (int r = 0; r < rows; r++) if (!Arrays.equals(out[r], out2[r])) throw new AssertionError("variant " + v + " t " + t + " r " + r);
        if (!Arrays.equals(a1, a2)) throw new AssertionError("exp " + v);
      }
    }
    System.out.println("bits ok");
    float[] src = new float[rows * cols]; for (int i = 0; i < src.length; i++) src[i] = (float) (rnd.nextGaussian() * 3);
    float[] a = new float[src.length];
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      StringBuilder sb = new StringBuilder("128x128:");
      for (int v = 0; v <= 4; v++) {
        for (int r = 0; r < 300; r++) { System.arraycopy(src, 0, a, 0, src.length); if (v == 4) colsBatch(a, 0, rows, cols, 0.3f, out); else cols(a, 0, rows, cols, 0.3f, out, v); }
        long t0 = tm.getCurrentThreadCpuTime();
        for (int r = 0; r < 1000; r++) { System.arraycopy(src, 0, a, 0, src.length); if (v == 4) colsBatch(a, 0, rows, cols, 0.3f, out); else cols(a, 0, rows, cols, 0.3f, out, v); }
        sb.append(String.format("  v%d %.3f", v, (tm.getCurrentThreadCpuTime() - t0) / 1000.0 / src.length));
      }
      System.out.println(sb + " ns/value (whole softmaxColumns)");
    }
  }
}
