package io.kerasj.layers;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.lang.management.ManagementFactory;

/** What the workspace tests share: the bytes one {@code predict(x, out)} call allocates. */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

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
