package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The heap a model load needs, beside {@link ImageLoadBenchmark}'s times: for each file, after a
 * full collection, the heap pools' peak usage is reset, the model is loaded from the path (as
 * users call it), and the sum of the pools' peaks minus the heap in use before is printed with the
 * heap the loaded model retains. The sum of per-pool peaks can only overstate the true peak (the
 * pools peak at different moments), so it is an upper bound. {@code jmh/peers/run-images.sh} also
 * runs it under {@code -Xmx} of twice the weights, the bound, to show the load fits.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.kerasj.jmh.LoadHeap WEIGHT_BYTES FILE...}; prints
 * one tab-separated line per file: file, peak bytes over the baseline, retained bytes, their
 * ratios to the weights.
 */
public final class LoadHeap {
  private LoadHeap() {}

  /** Measures each file in turn. */
  public static void main(String[] args) throws IOException {
    long weights = Long.parseLong(args[0]);
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    for (int i = 1; i < args.length; i++) {
      long before = settledUsed(heap);
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      Model m = KerasModels.load(Path.of(args[i]));
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - before;
      long retained = settledUsed(heap) - before;
      System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.2f\t%.2f\t%s%n", args[i], peak, retained, (double) peak / weights,
          (double) retained / weights, m.name());
    }
  }

  private static long settledUsed(List<MemoryPoolMXBean> heap) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }
}
