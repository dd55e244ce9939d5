import java.lang.management.*;
import java.util.*;
// expSum variants: ns per value (thread CPU), len 128; checks bits against expFma.
public class E {
  static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
  static final float EXP_LO = -104f, EXP_HI = 89f, M = 12582912f; static final int MB = 0x4B400000;
  static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
  static float red(float x, float fk) {
    float r = Math.fma(fk, -LN2_HI, x); r = Math.fma(fk, -LN2_LO, r); float z = r * r;
    float p = Math.fma(r, P0, P1); p = Math.fma(p, r, P2); p = Math.fma(p, r, P3); p = Math.fma(p, r, P4); p = Math.fma(p, r, P5);
    return Math.fma(p, z, r + 1f);
  }
  static float expFma(float x) {
    float xc = Math.min(Math.max(x, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M); float fk = y - M;
    int k = Float.floatToRawIntBits(y) - MB; float p = red(xc, fk); int k1 = k >> 1;
    return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
  }
  static float scale2k(float p, float y) {
    int k = Float.floatToRawIntBits(y) - MB; int k1 = k >> 1;
    return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
  }
  static final int B = 256;
  static final float[] U = new float[B], T = new float[B], W = new float[B];

  // A: as ScalarKernels today
  static float sumA(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
        t[j] = y; u[j] = red(xc, y - M);
      }
      for (int j = 0; j < n; j += 4) {
        float e0 = scale2k(u[j], t[j]), e1 = scale2k(u[j+1], t[j+1]), e2 = scale2k(u[j+2], t[j+2]), e3 = scale2k(u[j+3], t[j+3]);
        a[b0+j] = e0; a[b0+j+1] = e1; a[b0+j+2] = e2; a[b0+j+3] = e3; s0 += e0; s1 += e1; s2 += e2; s3 += e3;
      }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }

  // 2^floor(fk/2) for integer fk in [-150, 128], and the odd bit, by float operations only.
  // returns p * 2^k1 * 2^k2 exactly as scale2k.
  static float chain(float p, float fk) {
    float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M;     // floor(k/2) + 76 in [1, 140]
    float odd = Math.fma(m, -2f, fk + 152f);            // k - 2 floor(k/2)
    float b = Math.min(Math.max(m - 127f, 0f), 1f); m = Math.fma(b, -128f, m); float x = b + 1f;
    b = Math.min(Math.max(m - 63f, 0f), 1f); m = Math.fma(b, -64f, m); x = x * x; x = Math.fma(b, x, x);
    b = Math.min(Math.max(m - 31f, 0f), 1f); m = Math.fma(b, -32f, m); x = x * x; x = Math.fma(b, x, x);
    b = Math.min(Math.max(m - 15f, 0f), 1f); m = Math.fma(b, -16f, m); x = x * x; x = Math.fma(b, x, x);
    b = Math.min(Math.max(m - 7f, 0f), 1f); m = Math.fma(b, -8f, m); x = x * x; x = Math.fma(b, x, x);
    b = Math.min(Math.max(m - 3f, 0f), 1f); m = Math.fma(b, -4f, m); x = x * x; x = Math.fma(b, x, x);
    x = x * 0x1p-19f;
    b = Math.min(Math.max(m - 1f, 0f), 1f); m = Math.fma(b, -2f, m); x = x * x; x = Math.fma(b, x, x);
    x = x * x; x = Math.fma(m, x, x);
    return p * x * Math.fma(odd, x, x);
  }

  // B: pass 1 stores fk; pass 2 float chain (vectorizable) into u; pass 3 stores and sums
  static float sumB(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float fk = Math.fma(xc, LOG2E, M) - M;
        t[j] = fk; u[j] = red(xc, fk);
      }
      for (int j = 0; j < n; j++) u[j] = chain(u[j], t[j]);
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }

  // floor-based bits: q_i = floor(m / 2^i) by rounding m*2^-i - (1/2 - 2^-(i+1)); b_i = q_i - 2 q_{i+1}
  static float q(float m, float s, float c) { return (Math.fma(m, s, c) + M) - M; }
  static float chain2(float p, float fk) {
    float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M;     // floor(k/2) + 76 in [1, 140]
    float odd = Math.fma(m, -2f, fk + 152f);
    float q7 = q(m, 0x1p-7f, -0.5f + 0x1p-8f);
    float q6 = q(m, 0x1p-6f, -0.5f + 0x1p-7f);
    float q5 = q(m, 0x1p-5f, -0.5f + 0x1p-6f);
    float q4 = q(m, 0x1p-4f, -0.5f + 0x1p-5f);
    float q3 = q(m, 0x1p-3f, -0.5f + 0x1p-4f);
    float q2 = q(m, 0x1p-2f, -0.5f + 0x1p-3f);
    float q1 = q(m, 0x1p-1f, -0.5f + 0x1p-2f);
    float x = q7 + 1f;
    x = x * x; x = Math.fma(Math.fma(q7, -2f, q6), x, x);
    x = x * x; x = Math.fma(Math.fma(q6, -2f, q5), x, x);
    x = x * x; x = Math.fma(Math.fma(q5, -2f, q4), x, x);
    x = x * x; x = Math.fma(Math.fma(q4, -2f, q3), x, x);
    x = x * x; x = Math.fma(Math.fma(q3, -2f, q2), x, x);
    x = x * 0x1p-19f;
    x = x * x; x = Math.fma(Math.fma(q2, -2f, q1), x, x);
    x = x * x; x = Math.fma(Math.fma(q1, -2f, m), x, x);
    return p * x * Math.fma(odd, x, x);
  }
  static float sumD(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float fk = Math.fma(xc, LOG2E, M) - M;
        t[j] = fk; u[j] = red(xc, fk);
      }
      for (int j = 0; j < n; j++) u[j] = chain2(u[j], t[j]);
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }

  static final float[] V = new float[B], Q = new float[B];
  // F: chain split over small loops (scratch arrays indexed by j alone)
  static float sumF(float[] a, int off, int len, float shift) {
    float[] u = U, t = T, w = W, v = V; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float fk = Math.fma(xc, LOG2E, M) - M;
        t[j] = fk; u[j] = red(xc, fk);
      }
      for (int j = 0; j < n; j++) {
        float fk = t[j];
        float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M;
        w[j] = Math.fma(m, -2f, fk + 152f);
        t[j] = m;
        float q7 = q(m, 0x1p-7f, -0.5f + 0x1p-8f);
        float q6 = q(m, 0x1p-6f, -0.5f + 0x1p-7f);
        float q5 = q(m, 0x1p-5f, -0.5f + 0x1p-6f);
        float x = q7 + 1f;
        x = x * x; x = Math.fma(Math.fma(q7, -2f, q6), x, x);
        x = x * x; x = Math.fma(Math.fma(q6, -2f, q5), x, x);
        v[j] = x;
      }
      for (int j = 0; j < n; j++) {
        float m = t[j], x = v[j];
        float q5 = q(m, 0x1p-5f, -0.5f + 0x1p-6f);
        float q4 = q(m, 0x1p-4f, -0.5f + 0x1p-5f);
        float q3 = q(m, 0x1p-3f, -0.5f + 0x1p-4f);
        float q2 = q(m, 0x1p-2f, -0.5f + 0x1p-3f);
        x = x * x; x = Math.fma(Math.fma(q5, -2f, q4), x, x);
        x = x * x; x = Math.fma(Math.fma(q4, -2f, q3), x, x);
        x = x * x; x = Math.fma(Math.fma(q3, -2f, q2), x, x);
        v[j] = x * 0x1p-19f;
      }
      for (int j = 0; j < n; j++) {
        float m = t[j], x = v[j];
        float q2 = q(m, 0x1p-2f, -0.5f + 0x1p-3f);
        float q1 = q(m, 0x1p-1f, -0.5f + 0x1p-2f);
        x = x * x; x = Math.fma(Math.fma(q2, -2f, q1), x, x);
        x = x * x; x = Math.fma(Math.fma(q1, -2f, m), x, x);
        u[j] = u[j] * x * Math.fma(w[j], x, x);
      }
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }

  static float sumA1(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
        t[j] = y; u[j] = red(xc, y - M);
      }
      System.arraycopy(u, 0, a, b0, n);
    }
    return (s0 + s1) + (s2 + s3);
  }
  static float sumA2(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
        t[j] = y; u[j] = red(xc, y - M);
      }
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    return (s0 + s1) + (s2 + s3);
  }

  static float sumG(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
        t[j] = y; u[j] = red(xc, y - M);
      }
      for (int j = 0; j < n; j++) u[j] = scale2k(u[j], t[j]);
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }
  // H: subtract shift in its own loop (cheap scalar tails), then pass 1 without it
  static float sumH(float[] a, int off, int len, float shift) {
    float[] u = U, t = T; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
        t[j] = y; u[j] = red(xc, y - M);
      }
      for (int j = 0; j < n; j += 4) {
        float e0 = scale2k(u[j], t[j]), e1 = scale2k(u[j+1], t[j+1]), e2 = scale2k(u[j+2], t[j+2]), e3 = scale2k(u[j+3], t[j+3]);
        u[j] = e0; u[j+1] = e1; u[j+2] = e2; u[j+3] = e3; s0 += e0; s1 += e1; s2 += e2; s3 += e3;
      }
      System.arraycopy(u, 0, a, b0, n);
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }
  // C: one fused pass
  static float sumC(float[] a, int off, int len, float shift) {
    float[] u = U; float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += B) {
      int n = Math.min(B, end4 - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float fk = Math.fma(xc, LOG2E, M) - M;
        u[j] = chain(red(xc, fk), fk);
      }
      System.arraycopy(u, 0, a, b0, n);
      for (int j = 0; j < n; j += 4) { s0 += u[j]; s1 += u[j+1]; s2 += u[j+2]; s3 += u[j+3]; }
    }
    for (int i = end4, end = off + len; i < end; i++) { float e = expFma(a[i] - shift); a[i] = e; s0 += e; }
    return (s0 + s1) + (s2 + s3);
  }
  // Plain scalar expFma loop for reference
  static float sumP(float[] a, int off, int len, float shift) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0; int i = off;
    for (int end = off + (len & ~3); i < end; i += 4) {
      float e0 = expFma(a[i]-shift), e1 = expFma(a[i+1]-shift), e2 = expFma(a[i+2]-shift), e3 = expFma(a[i+3]-shift);
      a[i]=e0;a[i+1]=e1;a[i+2]=e2;a[i+3]=e3; s0+=e0;s1+=e1;s2+=e2;s3+=e3;
    }
    for (int end = off + len; i < end; i++) { float e = expFma(a[i]-shift); a[i]=e; s0+=e; }
    return (s0 + s1) + (s2 + s3);
  }
  interface S { float run(float[] a, int off, int len, float shift); }

  static double time(S s, float[] src, float[] a, int len, int rows, int reps) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean(); float sink = 0;
    long t0 = tm.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) {
      System.arraycopy(src, 0, a, 0, src.length);
      for (int q = 0; q < rows; q++) sink += s.run(a, q * len, len, 0.5f);
    }
    long dt = tm.getCurrentThreadCpuTime() - t0;
    if (sink == 42f) System.out.print("");
    return dt / (double) reps / rows / len;
  }

  public static void main(String[] args) {
    // exactness of the chain's factors for every k
    for (int k = -150; k <= 128; k++) {
      int k1 = k >> 1;
      float want = 1f * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
      float got = chain(1f, (float) k);
      float want2 = 1.3f * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
      float got2 = chain(1.3f, (float) k);
      if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got) || Float.floatToRawIntBits(want2) != Float.floatToRawIntBits(got2))
        throw new AssertionError(k + " " + want + " " + got);
    }
    Random rnd = new Random(1);
    S[] ss = {E::sumA, E::sumG, E::sumH, E::sumF, E::sumA1, E::sumA2, E::sumP}; String[] nm = {"A-today", "G-split", "H-storeU", "F-floatchain", "A1-pass1only(wrong)", "A2-pass1+sums(wrong)", "P-plain"};
    for (int t = 0; t < 200000; t++) {
      int len = 1 + rnd.nextInt(300); float[] x = new float[len];
      for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextGaussian() * 60);
      if (t % 7 == 0) { x[0] = Float.NaN; } if (t % 11 == 0) x[len - 1] = Float.NEGATIVE_INFINITY; if (t % 13 == 0) x[len/2] = Float.POSITIVE_INFINITY;
      float[] ref = x.clone(); float rs = sumP(ref, 0, len, 0.5f);
      for (int v = 0; v < 4; v++) {
        float[] y = x.clone(); float s = ss[v].run(y, 0, len, 0.5f);
        if (Float.floatToIntBits(s) != Float.floatToIntBits(rs) || !Arrays.equals(y, ref)) throw new AssertionError(nm[v] + " t=" + t);
      }
    }
    System.out.println("bits ok");
    int len = Integer.parseInt(args[0]), rows = Integer.parseInt(args[1]);
    float[] src = new float[len * rows];
    for (int i = 0; i < src.length; i++) src[i] = (float) (rnd.nextGaussian() * 3);
    float[] a = new float[src.length];
    int reps = Math.max(1, 40_000_000 / src.length);
    for (int round = 0; round < 3; round++) {
      StringBuilder sb = new StringBuilder("len " + len + " rows " + rows + ":");
      for (int v = 0; v < ss.length; v++) { time(ss[v], src, a, len, rows, reps / 2); sb.append(String.format("  %s %.3f", nm[v], time(ss[v], src, a, len, rows, reps))); }
      System.out.println(sb + "  ns/value");
    }
  }
}
