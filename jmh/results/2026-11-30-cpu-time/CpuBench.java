import io.kerasj.KernelInfo;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Steady-state process CPU time per predict call (all threads, spin-waits included) and wall time. */
public class CpuBench {
  static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    double warmCpu = Double.parseDouble(System.getProperty("warm", "1.5"));
    double roundCpu = Double.parseDouble(System.getProperty("round", "0.4"));
    int rounds = Integer.getInteger("rounds", 5);
    System.out.println("# kernels: " + KernelInfo.current().description());
    for (String c : args) {
      String[] p = c.split(":");
      Path file = p[0].startsWith("/") ? Path.of(p[0]) : Path.of("/work/wt/i15-perf/compat-tests/src/test/resources/fixtures", p[0], "k3.keras");
      int b = Integer.parseInt(p[1]), t = Integer.parseInt(p[2]), f = Integer.parseInt(p[3]);
      Model m = KerasModels.load(file);
      Random r = new Random(7);
      float[] x = new float[b * t * f];
      for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
      Tensor in = Tensor.of(x, b, t, f);
      Tensor out = Tensor.zeros(m.predict(in).shape());
      long c0 = OS.getProcessCpuTime();
      while (OS.getProcessCpuTime() - c0 < warmCpu * 1e9) m.predict(in, out);
      double[] cpu = new double[rounds], wall = new double[rounds];
      for (int k = 0; k < rounds; k++) {
        long cs = OS.getProcessCpuTime(), ws = System.nanoTime();
        int n = 0;
        do { m.predict(in, out); n++; } while (OS.getProcessCpuTime() - cs < roundCpu * 1e9);
        cpu[k] = (OS.getProcessCpuTime() - cs) / 1e3 / n;
        wall[k] = (System.nanoTime() - ws) / 1e3 / n;
      }
      Arrays.sort(cpu); Arrays.sort(wall);
      System.out.printf("%s cpu_us median=%.1f min=%.1f max=%.1f wall_us median=%.1f min=%.1f load=%s%n", c,
          cpu[rounds / 2], cpu[0], cpu[rounds - 1], wall[rounds / 2], wall[0],
          new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).split(" ")[0]);
    }
  }
}
