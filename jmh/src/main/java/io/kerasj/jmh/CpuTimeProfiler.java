package io.kerasj.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time the whole benchmark process spends per operation ({@code cpu.process.norm}, µs/op),
 * every thread included (kerasj's worker threads, ONNX Runtime's native threads, GC and JIT).
 * On a machine shared with other jobs the wall-clock score counts the time the benchmark waits for
 * a core; the CPU time does not, so ratios of CPU times compare the work each runtime does. Use
 * with {@code -prof io.kerasj.jmh.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long start;

  @Override
  public String getDescription() {
    return "process CPU time per operation (all threads)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    start = OS.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                     IterationResult result) {
    long cpu = OS.getProcessCpuTime() - start;
    long ops = result.getMetadata().getMeasuredOps();
    if (start < 0 || ops <= 0) {
      return List.of(); // the JVM cannot measure process CPU time, or the iteration ran no operation
    }
    return List.of(new ScalarResult("cpu.process.norm", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG));
  }
}
