package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Mixed-sequence CPU harness: args SECONDS case... ; case = transformer:1:128 | encdec:1:50 | img:ResNet50 | lstm:1:100.
 * Per case, calls for SECONDS (first half warm-up), then per-call wall / process CPU / calling-thread CPU, median [min-max]. */
public class M {
  public static void main(String[] args) throws Exception {
    double secs = Double.parseDouble(args[0]);
    var tm = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int a = 1; a < args.length; a++) {
      String[] p = args[a].split(":");
      Model m;
      Tensor[] xs;
      if (p[0].equals("img")) {
        Path dir = Bench.work().resolve("images");
        m = KerasModels.load(dir.resolve(p[1] + ".keras"));
        xs = new Tensor[] {Npy.read(dir.resolve(p[1] + "_b1.npy"))};
      } else {
        m = Bench.model(p[0]);
        xs = Bench.inputs(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      }
      java.util.List<double[]> v = new java.util.ArrayList<>();
      long end = System.nanoTime() + (long) (secs * 1e9);
      while (System.nanoTime() < end) {
        long w0 = System.nanoTime(), p0 = os.getProcessCpuTime(), t0 = tm.getCurrentThreadCpuTime();
        Object o = xs.length == 1 ? m.predict(xs[0]) : m.predictAll(xs).get(0);
        v.add(new double[] {(System.nanoTime() - w0) / 1e3, (os.getProcessCpuTime() - p0) / 1e3,
            (tm.getCurrentThreadCpuTime() - t0) / 1e3});
      }
      var r = v.subList(v.size() / 2, v.size());
      StringBuilder sb = new StringBuilder(args[a]);
      String[] names = {"wall", "proc", "thread"};
      for (int k = 0; k < 3; k++) {
        double[] x = new double[r.size()];
        for (int i = 0; i < x.length; i++) x[i] = r.get(i)[k];
        Arrays.sort(x);
        sb.append(String.format(Locale.ROOT, "\t%s %.0f [%.0f-%.0f]", names[k], x[x.length / 2], x[0], x[x.length - 1]));
      }
      double sp = 0; for (double[] e : r) sp += e[1];
      sb.append(String.format(Locale.ROOT, "\tprocMean %.0f", sp / r.size()));
      sb.append("\tn=").append(r.size());
      System.out.println(sb);
    }
  }
}
