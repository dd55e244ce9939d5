package io.kerasj.jmh;
import io.kerasj.internal.vectorization.ParallelGemm;
public class D {
  static volatile int onWorker;
  static volatile long start, firstWorker;
  static long ns;
  public static void main(String[] a) throws Exception {
    for (String s : a) {
      ns = Long.parseLong(s);
      onWorker = 0;
      ParallelGemm.Task t = (from, to) -> { if (!Thread.currentThread().getName().equals("main")) { if (firstWorker == 0) firstWorker = System.nanoTime(); onWorker++; } long e = System.nanoTime() + ns; while (System.nanoTime() < e) {} };
      int n = (int) Math.min(20000, 2_000_000_000L / (8 * ns));
      long[] lat = new long[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        firstWorker = 0;
        start = System.nanoTime();
        ParallelGemm.tryRun(t, 128);
        if (firstWorker != 0) lat[k++] = firstWorker - start;
      }
      java.util.Arrays.sort(lat, 0, k);
      System.out.printf("chunk %d ns: worker chunks %.1f%%, worker joined %d of %d jobs, latency p10 %.1f med %.1f p90 %.1f us%n", ns, 100.0 * onWorker / (8.0 * n), k, n,
        k > 0 ? lat[k / 10] / 1e3 : -1, k > 0 ? lat[k / 2] / 1e3 : -1, k > 0 ? lat[k * 9 / 10] / 1e3 : -1);
    }
  }
}
