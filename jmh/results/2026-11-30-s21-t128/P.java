import io.kerasj.internal.vectorization.*;
import java.lang.management.*;
import java.util.*;
public class P {
  public static void main(String[] args) {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Random rnd = new Random(1);
    for (int c = 1; c < args.length; c++) {
      String[] s = args[c].split(":"); int m = Integer.parseInt(s[0]), k = Integer.parseInt(s[1]), n = Integer.parseInt(s[2]);
      float[] a = new float[m * k], b = new float[k * n], out = new float[m * n], bias = new float[n];
      for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - .5f;
      for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - .5f;
      PackedMatrix pb = Kernels.pack(b, k, n);
      int reps = (int) Math.max(1, Double.parseDouble(args[0]) * 30e9 / (2.0 * m * k * n));
      double[] w = new double[7], p = new double[7], t = new double[7];
      for (int r = -2; r < 7; r++) {
        long w0 = System.nanoTime(), p0 = os.getProcessCpuTime(), t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) Kernels.affine(a, 0, m, pb, bias, out, 0);
        if (r >= 0) { w[r] = (System.nanoTime() - w0) / 1e6 / reps; p[r] = (os.getProcessCpuTime() - p0) / 1e6 / reps; t[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps; }
      }
      Arrays.sort(w); Arrays.sort(p); Arrays.sort(t);
      System.out.printf(Locale.ROOT, "%s wall %.3f [%.3f] proc %.3f [%.3f] thread %.3f ms  (%.1f GFLOP/s proc)%n", args[c], w[3], w[0], p[3], p[0], t[3], 2.0*m*k*n/p[3]/1e6);
    }
  }
}
