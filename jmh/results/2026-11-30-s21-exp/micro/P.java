import java.lang.management.*;
// Which primitive ops C2 SuperWord vectorizes: ns per element of one loop, n=128, thread CPU time.
public class P {
  static void copy(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = f[j] * 2f; }
  static void f2i(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = (int) f[j]; }
  static void i2f(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = (float) k[j]; }
  static void vshl(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = 1 << k[j]; }
  static void vshl2(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = ko[j] << k[j]; }
  static void shlc(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = (k[j] + 127) << 23; }
  static void i2fshl(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = (float) (1 << k[j]); }
  static void movi2f(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = Float.intBitsToFloat(k[j]); }
  static void movf2i(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = Float.floatToRawIntBits(f[j]); }
  static void mulf(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = o[j] * f[j]; }
  static void muli(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) ko[j] = ko[j] * k[j]; }
  static void cmovf(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) o[j] = f[j] < 0f ? 0.5f : 2f; }
  static void f2ifull(float[] f, int[] k, float[] o, int[] ko, int n) { for (int j = 0; j < n; j++) { int kk = (int) f[j]; o[j] = o[j] * (float) (1 << (kk + 3)) ; } }

  interface K { void run(float[] f, int[] k, float[] o, int[] ko, int n); }
  static double time(K kern, int n, int reps, float[] f, int[] k, float[] o, int[] ko) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    long t0 = tm.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) kern.run(f, k, o, ko, n);
    return (tm.getCurrentThreadCpuTime() - t0) / (double) reps / n;
  }
  public static void main(String[] a) {
    int n = 128;
    float[] f = new float[n]; int[] k = new int[n]; float[] o = new float[n]; int[] ko = new int[n];
    for (int i = 0; i < n; i++) { f[i] = (i % 20) - 5.3f; k[i] = i % 20; o[i] = 1f; ko[i] = 1; }
    String[] names = {"copy", "f2i", "i2f", "vshl", "vshl2", "shlc", "i2fshl", "movi2f", "movf2i", "mulf", "muli", "cmovf", "f2ifull"};
    K[] ks = {P::copy, P::f2i, P::i2f, P::vshl, P::vshl2, P::shlc, P::i2fshl, P::movi2f, P::movf2i, P::mulf, P::muli, P::cmovf, P::f2ifull};
    for (int round = 0; round < 3; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < ks.length; i++) {
        time(ks[i], n, 200_000, f, k, o, ko);
        for (int q = 0; q < n; q++) { o[q] = 1f; ko[q] = 1; }
        sb.append(String.format("%s %.3f  ", names[i], time(ks[i], n, 400_000, f, k, o, ko)));
        for (int q = 0; q < n; q++) { o[q] = 1f; ko[q] = 1; }
      }
      System.out.println(sb);
    }
  }
}
