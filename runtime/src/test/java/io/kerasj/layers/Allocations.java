package io.kerasj.layers;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.lang.management.ManagementFactory;

/** What the workspace tests share: the bytes one {@code predict(x, out)} call allocates. */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * The JUnit tag of every test that counts allocated bytes. They run on the scalar kernels only
   * (runtime/pom.xml excludes the tag from the Vector API execution): what they check is our buffer
   * reuse, and with the Vector API the count also depends on whether C2 kept each vector in
   * registers, which it does not always do. Seen on JDK 25 after the rest of the suite (1 run in 3):
   * PanamaKernels.affineNarrow compiled with its vector operations left to the Java fallback, which
   * boxes every vector, 96-136 B per time step, still after 500 more rounds of warm-up; seen on JDK
   * 17 in a fresh JVM: multi-head attention boxing ~43 kB per call after a minute of warm-up. The
   * Vector API kernels' steady-state allocation is what JMH's gc profiler reports
   * (gc.alloc.rate.norm in the jmh results).
   */
  public static final String TAG = "allocation";

  private Allocations() {}

  /**
   * The fewest bytes this thread allocated over 5 calls, after {@code warmUp} calls: until C2 has
   * compiled them, the vector kernels box their vectors.
   */
  public static long bytesPerCall(Model m, Tensor x, Tensor out, int warmUp) {
    for (int i = 0; i < warmUp; i++) {
      m.predict(x, out);
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      m.predict(x, out);
      best = Math.min(best, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
    return best;
  }
}
