import io.kerasj.KernelInfo;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.loader.KerasModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** CpuBench (jmh/results/2026-11-30-cpu-time) plus thread CPU time and a Conv2D case. */
public class Bench {
  static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  static final ThreadMXBean T = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    double warmCpu = Double.parseDouble(System.getProperty("warm", "1.5"));
    double roundCpu = Double.parseDouble(System.getProperty("round", "0.4"));
    int rounds = Integer.getInteger("rounds", 5);
    System.out.println("# kernels: " + KernelInfo.current().description());
    for (String c : args) {
      String[] p = c.split(":");
      Model m;
      Tensor in;
      Random r = new Random(7);
      if (p[0].equals("conv")) {
        int b = Integer.parseInt(p[1]);
        float[] w = new float[9 * 64 * 64];
        for (int i = 0; i < w.length; i++) w[i] = (r.nextFloat() * 2 - 1) * 0.04f;
        float[] bias = new float[64];
        Conv2D conv = new Conv2D("conv", 64, 64, ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}),
            1, null, w, bias, Activation.RELU);
        m = Model.sequential("conv", new int[] {-1, 56, 56, 64}, List.of(conv));
        float[] x = new float[b * 56 * 56 * 64];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        in = Tensor.of(x, b, 56, 56, 64);
      } else {
        Path file = p[0].startsWith("/") ? Path.of(p[0]) : Path.of(System.getProperty("fixtures", "/work/wt/i15-lstm/compat-tests/src/test/resources/fixtures"), p[0], "k3.keras");
        int b = Integer.parseInt(p[1]), t = Integer.parseInt(p[2]), f = Integer.parseInt(p[3]);
        m = KerasModels.load(file);
        float[] x = new float[b * t * f];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        in = Tensor.of(x, b, t, f);
      }
      Tensor out = Tensor.zeros(m.predict(in).shape());
      long c0 = OS.getProcessCpuTime();
      while (OS.getProcessCpuTime() - c0 < warmCpu * 1e9) m.predict(in, out);
      double[] cpu = new double[rounds], wall = new double[rounds], th = new double[rounds];
      for (int k = 0; k < rounds; k++) {
        long cs = OS.getProcessCpuTime(), ws = System.nanoTime(), ts = T.getCurrentThreadCpuTime();
        int n = 0;
        do { m.predict(in, out); n++; } while (OS.getProcessCpuTime() - cs < roundCpu * 1e9);
        cpu[k] = (OS.getProcessCpuTime() - cs) / 1e3 / n;
        th[k] = (T.getCurrentThreadCpuTime() - ts) / 1e3 / n;
        wall[k] = (System.nanoTime() - ws) / 1e3 / n;
      }
      Arrays.sort(cpu); Arrays.sort(wall); Arrays.sort(th);
      System.out.printf("%s thread_us median=%.1f min=%.1f max=%.1f proc_us median=%.1f wall_us median=%.1f load=%s%n", c,
          th[rounds / 2], th[0], th[rounds - 1], cpu[rounds / 2], wall[rounds / 2],
          new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).split(" ")[0]);
    }
  }
}
