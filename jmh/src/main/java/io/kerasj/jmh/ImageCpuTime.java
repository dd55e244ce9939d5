package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CPU-time harness for A/B comparisons on a shared machine: the calling thread's CPU time per
 * {@link Model#predict(Tensor)} (ThreadMXBean), which the other jobs on the machine do not inflate
 * the way they inflate wall-clock time. Run with {@code -Dkerasj.threads=1}, so that all the work is
 * on the measured thread. Prints one line per case: median, min and max over the measured calls, in
 * ms, and GFLOP/s from the multiply-adds per image given on the command line.
 *
 * <p>It takes only kerasj's public API, so that it also runs, as a single source file, against
 * another build (a baseline) on the class path:
 *
 * <pre>
 * java -Dkerasj.threads=1 [--add-modules jdk.incubator.vector] -cp RUNTIME:LOADER:DEPS \
 *     jmh/src/main/java/io/kerasj/jmh/ImageCpuTime.java WARMUP CALLS DIR MODEL:BATCH:MACS ...
 * </pre>
 *
 * reading {@code DIR/MODEL.keras} and {@code DIR/MODEL_bBATCH.npy} (written by {@code
 * jmh/peers/images.py export}).
 */
public final class ImageCpuTime {
  private ImageCpuTime() {}

  public static void main(String[] args) throws Exception {
    int warmup = Integer.parseInt(args[0]);
    int calls = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<String> lines = new ArrayList<>();
    for (int a = 3; a < args.length; a++) {
      String[] p = args[a].split(":");
      Model model = KerasModels.load(dir.resolve(p[0] + ".keras"));
      Tensor x = Npy.read(dir.resolve(p[0] + "_b" + p[1] + ".npy"));
      double macs = p.length > 2 ? Double.parseDouble(p[2]) * Integer.parseInt(p[1]) : 0;
      for (int i = 0; i < warmup; i++) {
        model.predict(x);
      }
      double[] ms = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = mx.getCurrentThreadCpuTime();
        model.predict(x);
        ms[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      double median = ms[calls / 2];
      lines.add(String.format(Locale.ROOT, "%s b%s\tmedian %.2f ms\tmin %.2f\tmax %.2f\t%.1f GFLOP/s", p[0], p[1],
          median, ms[0], ms[calls - 1], macs == 0 ? 0 : 2 * macs / median / 1e6));
      System.out.println(lines.get(lines.size() - 1));
    }
  }
}
