import java.lang.management.*;
public class Q {
  static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
  static final float EXP_LO = -104f, EXP_HI = 89f, M = 12582912f;
  static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
  static float red(float x, float fk) {
    float r = Math.fma(fk, -LN2_HI, x); r = Math.fma(fk, -LN2_LO, r); float z = r * r;
    float p = Math.fma(r, P0, P1); p = Math.fma(p, r, P2); p = Math.fma(p, r, P3); p = Math.fma(p, r, P4); p = Math.fma(p, r, P5);
    return Math.fma(p, z, r + 1f);
  }
  static void p1(float[] u, float[] t, int n, float shift) {
    for (int j = 0; j < n; j++) {
      float xc = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); float y = Math.fma(xc, LOG2E, M);
      t[j] = y; u[j] = red(xc, y - M);
    } }
  static void p1nominmax(float[] u, float[] t, int n, float shift) {
    for (int j = 0; j < n; j++) {
      float xc = u[j] - shift; float y = Math.fma(xc, LOG2E, M);
      t[j] = y; u[j] = red(xc, y - M);
    } }
  static void poly(float[] u, float[] t, int n, float shift) {
    for (int j = 0; j < n; j++) { u[j] = red(u[j], t[j]); } }
  static void minmax(float[] u, float[] t, int n, float shift) {
    for (int j = 0; j < n; j++) { t[j] = Math.min(Math.max(u[j] - shift, EXP_LO), EXP_HI); } }
  interface K { void run(float[] u, float[] t, int n, float s); }
  public static void main(String[] a) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    K[] ks = {Q::p1, Q::p1nominmax, Q::poly, Q::minmax}; String[] nm = {"p1", "p1-nominmax", "poly", "minmax"};
    for (int n : new int[] {128, 256, 4096}) {
      float[] u = new float[n], t = new float[n];
      for (int round = 0; round < 2; round++) {
        StringBuilder sb = new StringBuilder("n=" + n);
        for (int i = 0; i < ks.length; i++) {
          int reps = 50_000_000 / n;
          for (int r = 0; r < reps / 2; r++) { ks[i].run(u, t, n, 0.5f); if ((r & 63) == 0) java.util.Arrays.fill(u, -1f); }
          long t0 = tm.getCurrentThreadCpuTime();
          for (int r = 0; r < reps; r++) { ks[i].run(u, t, n, 0.5f); if ((r & 63) == 0) java.util.Arrays.fill(u, -1f); }
          sb.append(String.format("  %s %.3f", nm[i], (tm.getCurrentThreadCpuTime() - t0) / (double) reps / n));
        }
        System.out.println(sb);
      }
    }
  }
}
