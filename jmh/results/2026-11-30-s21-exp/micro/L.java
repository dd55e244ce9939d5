import java.lang.management.*;
public class L {
  static final float M = 12582912f;
  static float q(float m, float s, float c) { return (Math.fma(m, s, c) + M) - M; }
  static void l1(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { float fk = t[j]; float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M; w[j] = Math.fma(m, -2f, fk + 152f); v[j] = m; } }
  static void l2(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = q(t[j], 0x1p-7f, -0.5f + 0x1p-8f); } }
  static void l3(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { float x = v[j]; x = x * x; v[j] = Math.fma(t[j], x, x); } }
  static void l4(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = t[j] + M; } }
  static void l5(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = (t[j] + M) - M; } }
  static void l6(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = Math.fma(t[j], 0.5f, 3f); } }
  static void l7(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = Math.fma(t[j], w[j], u[j]); } }
  static void l8(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = t[j] * w[j]; } }
  static void l9(float[] t, float[] w, float[] v, float[] u, int n) { for (int j = 0; j < n; j++) { v[j] = t[j] * 0.5f + 3f; } }

  static void la(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float fk = t[j];
        float m = (Math.fma(fk, 0.5f, 75.75f) + M) - M;
        w[j] = Math.fma(m, -2f, fk + 152f);
        u[j] = m;
        float q7 = q(m, 0x1p-7f, -0.5f + 0x1p-8f);
        float q6 = q(m, 0x1p-6f, -0.5f + 0x1p-7f);
        float q5 = q(m, 0x1p-5f, -0.5f + 0x1p-6f);
        float x = q7 + 1f;
        x = x * x; x = Math.fma(Math.fma(q7, -2f, q6), x, x);
        x = x * x; x = Math.fma(Math.fma(q6, -2f, q5), x, x);
        v[j] = x;
      } }
  static void lb(float[] t, float[] w, float[] v, float[] u, int n) {
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
      } }
  static void lc(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float m = t[j], x = v[j];
        float q2 = q(m, 0x1p-2f, -0.5f + 0x1p-3f);
        float q1 = q(m, 0x1p-1f, -0.5f + 0x1p-2f);
        x = x * x; x = Math.fma(Math.fma(q2, -2f, q1), x, x);
        x = x * x; x = Math.fma(Math.fma(q1, -2f, m), x, x);
        u[j] = u[j] * x * Math.fma(w[j], x, x);
      } }
  static void ld(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float m = t[j];
        v[j] = q(m, 0x1p-5f, -0.5f + 0x1p-6f) +  q(m, 0x1p-4f, -0.5f + 0x1p-5f);
      } }

  static void le(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = Math.fma(m, 0.5f, 1f) + Math.fma(m, 0.25f, 3f); } }
  static void lf(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = (Math.fma(m, 0.5f, 1f) + M) + (Math.fma(m, 0.25f, 3f) + M); } }
  // sequential bits: r -> b, r
  static void lg(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; r = Math.fma(b, -128f, r); float x = b + 1f;
        b = (Math.fma(r, 0x1p-6f, -0.5f + 0x1p-7f) + M) - M; r = Math.fma(b, -64f, r); x = x * x; x = Math.fma(b, x, x);
        b = (Math.fma(r, 0x1p-5f, -0.5f + 0x1p-6f) + M) - M; r = Math.fma(b, -32f, r); x = x * x; x = Math.fma(b, x, x);
        b = (Math.fma(r, 0x1p-4f, -0.5f + 0x1p-5f) + M) - M; r = Math.fma(b, -16f, r); x = x * x; x = Math.fma(b, x, x);
        v[j] = x; w[j] = r;
      } }

  static void lk(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = (Math.fma(m, 0.5f, 1f) + M) + (Math.fma(m, 0.25f, 3f) + (M + 2f)); } }
  static void ll(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = ((Math.fma(m, 0.5f, 1f) + M) - M) + ((Math.fma(m, 0.25f, 3f) + (M + 2f)) - (M + 2f)); } }
  static void lm(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = (m * 0.5f + 1f) * (m * 0.25f + 1f); } }
  static void ln(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = (m * 0.5f + 1f) * (m * 0.25f + 3f); } }

  static void lg2(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; r = r - b * 128f; float x = b + 1f;
        b = (Math.fma(r, 0x1p-6f, -0.5f + 0x1p-7f) + M) - M; r = r - b * 64f; x = x * x; x = Math.fma(b, x, x);
        b = (Math.fma(r, 0x1p-5f, -0.5f + 0x1p-6f) + M) - M; r = r - b * 32f; x = x * x; x = Math.fma(b, x, x);
        b = (Math.fma(r, 0x1p-4f, -0.5f + 0x1p-5f) + M) - M; r = r - b * 16f; x = x * x; x = Math.fma(b, x, x);
        v[j] = x; w[j] = r;
      } }
  static void lo(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) { float m = t[j]; v[j] = (m * 0.5f + 1f) * Math.fma(m, 0.25f, 3f); } }

  static void lp(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; r = r - b * 128f; float x = b + 1f;
        v[j] = x; w[j] = r;
      } }
  static void lq(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; r = r - b * 128f; float x = b + 1f;
        b = (Math.fma(r, 0x1p-6f, -0.5f + 0x1p-7f) + M) - M; r = r - b * 64f; x = x * x; x = Math.fma(b, x, x);
        v[j] = x; w[j] = r;
      } }
  static void lr(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; r = r - b * 128f;
        b = (Math.fma(r, 0x1p-6f, -0.5f + 0x1p-7f) + M) - M; 
        v[j] = b; 
      } }
  static void ls(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; 
        v[j] = b * 128f; 
      } }
  static void lt(float[] t, float[] w, float[] v, float[] u, int n) {
      for (int j = 0; j < n; j++) {
        float r = t[j];
        float b = (Math.fma(r, 0x1p-7f, -0.5f + 0x1p-8f) + M) - M; 
        v[j] = r - b; 
      } }
  interface K { void run(float[] t, float[] w, float[] v, float[] u, int n); }
  public static void main(String[] a) {
    int n = 128; float[] t = new float[n], w = new float[n], v = new float[n], u = new float[n];
    for (int i = 0; i < n; i++) { t[i] = i % 7; w[i] = 1; v[i] = 1; u[i] = 1; }
    K[] ks = {L::lp, L::lq, L::lr, L::lg2, L::lg, L::ln, L::lo};
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < ks.length; i++) {
        for (int r = 0; r < 200000; r++) ks[i].run(t, w, v, u, n);
        long t0 = tm.getCurrentThreadCpuTime();
        for (int r = 0; r < 400000; r++) ks[i].run(t, w, v, u, n);
        sb.append(String.format("l%d %.3f  ", i + 1, (tm.getCurrentThreadCpuTime() - t0) / 400000.0 / n));
        for (int q = 0; q < n; q++) v[q] = 1;
      }
      System.out.println(sb);
    }
  }
}
