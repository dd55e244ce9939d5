import java.lang.management.*;
public class Smt {
  static volatile float sink;
  // FMA-bound (registers only) and a cache-bound (L1) loop; per-thread CPU ns per unit of work.
  static float fma(int n) {
    float[] a = new float[1024]; for (int i = 0; i < a.length; i++) a[i] = i * 1e-3f;
    float[] acc = new float[1024];
    for (int r = 0; r < n; r++) for (int i = 0; i < 1024; i++) acc[i] = Math.fma(a[i], 0.999f, acc[i]);
    return acc[7];
  }
  public static void main(String[] x) throws Exception {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    int n = 200_000;
    for (int w = 0; w < 3; w++) sink = fma(n / 4);
    for (int round = 0; round < 3; round++) {
      for (int threads = 1; threads <= 2; threads++) {
        double[] cpu = new double[threads]; Thread[] ts = new Thread[threads];
        long w0 = System.nanoTime();
        for (int t = 0; t < threads; t++) { final int k = t; ts[t] = new Thread(() -> { long c0 = tm.getCurrentThreadCpuTime(); sink = fma(n); cpu[k] = (tm.getCurrentThreadCpuTime() - c0) / 1e6; }); ts[t].start(); }
        for (Thread t : ts) t.join();
        System.out.printf("threads %d wall %.0f ms cpu/thread %s%n", threads, (System.nanoTime() - w0) / 1e6, java.util.Arrays.toString(cpu));
      }
    }
  }
}
