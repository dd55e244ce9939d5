package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.lang.management.ManagementFactory;

/**
 * The CPU-time harness of ab.sh (compile with {@code javac -cp jmh/target/benchmarks.jar}): calls
 * {@code predict} on a benchmark case for the given seconds in rounds of 0.3 s and prints the median
 * and range of the CPU time per call over the second half of the rounds (the first half is warm-up),
 * and the median wall time. CPU time: the calling thread's with {@code -Dh.thread=true} (use with
 * {@code -Dkerasj.threads=1}), else the whole process'.
 *
 * <p>args: {@code model:batch:steps seconds}
 */
public class Harness {
  static final boolean THREAD = Boolean.getBoolean("h.thread");
  static final java.lang.management.ThreadMXBean TM = ManagementFactory.getThreadMXBean();
  public static void main(String[] args) {
    String[] p = args[0].split(":");
    double secs = Double.parseDouble(args[1]);
    Model m = Bench.model(p[0]);
    Tensor[] xs = Bench.inputs(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long end = System.nanoTime() + (long) (secs * 1e9);
    int rounds = 0;
    java.util.List<Double> cpu = new java.util.ArrayList<>();
    java.util.List<Double> wall = new java.util.ArrayList<>();
    while (System.nanoTime() < end) {
      long c0 = THREAD ? TM.getCurrentThreadCpuTime() : os.getProcessCpuTime(), w0 = System.nanoTime();
      int n = 0;
      do {
        Object o = xs.length == 1 ? m.predict(xs[0]) : m.predictAll(xs).get(0);
        n++;
      } while (System.nanoTime() - w0 < 300_000_000L);
      cpu.add(((THREAD ? TM.getCurrentThreadCpuTime() : os.getProcessCpuTime()) - c0) / 1e3 / n);
      wall.add((System.nanoTime() - w0) / 1e3 / n);
      rounds++;
    }
    int skip = cpu.size() / 2;
    var c = new java.util.ArrayList<>(cpu.subList(skip, cpu.size()));
    var w = new java.util.ArrayList<>(wall.subList(skip, wall.size()));
    java.util.Collections.sort(c);
    java.util.Collections.sort(w);
    System.out.printf("%s %s cpu median %.0f us [%.0f..%.0f] wall median %.0f us (%d rounds)%n", args[0],
        io.kerasj.internal.vectorization.Kernels.name(), c.get(c.size() / 2), c.get(0), c.get(c.size() - 1),
        w.get(w.size() / 2), c.size());
  }
}
