public class Clk {
  public static void main(String[] a) {
    var TB = java.lang.management.ManagementFactory.getThreadMXBean();
    long x = 1;
    for (int rep = 0; rep < 6; rep++) {
      long t0 = TB.getCurrentThreadCpuTime();
      long n = 400_000_000L;
      for (long i = 0; i < n; i++) { x = (x + i) ^ 0x5bd1e995L; x = (x + 7) ^ i; }
      double s = (TB.getCurrentThreadCpuTime() - t0) / 1e9;
      System.out.printf("%.2f GHz (4 dependent ops/iter) %d%n", 4.0 * n / s / 1e9, x & 1);
    }
  }
}
