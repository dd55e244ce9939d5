// Harness of jmh/results/2026-11-30-r50 (single source file, public API only): per predict, the wall
// time, the process CPU time (all threads, spinning included) and the calling thread CPU time.
// java -Dkerasj.threads=N [--add-modules jdk.incubator.vector] -cp RUNTIME:LOADER:DEPS Scale.java WARMUP CALLS DIR MODEL...
// reads DIR/MODEL.keras and DIR/MODEL_b1.npy (jmh/peers/images.py export).
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

// wall, process CPU, calling-thread CPU per predict; median [min-max]
public final class Scale {
  public static void main(String[] args) throws Exception {
    int warmup = Integer.parseInt(args[0]);
    int calls = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int a = 3; a < args.length; a++) {
      String name = args[a];
      Model model = KerasModels.load(dir.resolve(name + ".keras"));
      Tensor x = Npy.read(dir.resolve(name + "_b1.npy"));
      for (int i = 0; i < warmup; i++) model.predict(x);
      double[] w = new double[calls], p = new double[calls], t = new double[calls];
      for (int i = 0; i < calls; i++) {
        long w0 = System.nanoTime(), p0 = os.getProcessCpuTime(), t0 = mx.getCurrentThreadCpuTime();
        model.predict(x);
        t[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        p[i] = (os.getProcessCpuTime() - p0) / 1e6;
        w[i] = (System.nanoTime() - w0) / 1e6;
      }
      System.out.println(String.format(Locale.ROOT, "%s\twall %s\tproc %s\tthread %s", name, f(w), f(p), f(t)));
    }
  }
  static String f(double[] v) {
    double[] s = v.clone(); Arrays.sort(s);
    return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", s[s.length / 2], s[0], s[s.length - 1]);
  }
}
