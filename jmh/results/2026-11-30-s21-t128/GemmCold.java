package io.kerasj.jmh;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import io.kerasj.internal.vectorization.VectorKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The CPU-time harness for the kernels' matrix product alone ({@code c += a·b} on one thread, the
 * kernels {@link Kernels#IMPL} chose: the scalar ones, or the Vector API ones with {@code
 * --add-modules jdk.incubator.vector}), for A/B comparisons of the product on a shared machine:
 * the calling thread's CPU time (ThreadMXBean) per product, median, min and max over the measured
 * rounds, and GFLOP/s at the median. Each case is {@code M:K:N[:w|:r]}: {@code w} (the default) for
 * weights packed at load ({@link VectorKernels#pack}, a convolution's or a dense layer's kernel),
 * {@code r} for a right-hand operand packed at run time ({@link Kernels#runTimeOperand}, attention's
 * {@code Q·Kᵀ} and {@code A·V}). It takes no JMH type, so that it also runs as a single source file
 * against another build (a baseline) on the class path:
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp RUNTIME jmh/src/main/java/io/kerasj/jmh/GemmCpuTime.java \
 *     ROUNDS SECONDS_PER_ROUND M:K:N[:w|:r] ...
 * </pre>
 */
public final class GemmCold {
  private GemmCold() {}

  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    VectorKernels impl = Kernels.IMPL;
    Random random = new Random(42);
    for (int c = 2; c < args.length; c++) {
      String[] s = args[c].split(":");
      int m = Integer.parseInt(s[0]);
      int k = Integer.parseInt(s[1]);
      int n = Integer.parseInt(s[2]);
      boolean runTime = s.length > 3 && s[3].equals("r");
      float[][] as = new float[8][]; for (int q = 0; q < 8; q++) as[q] = random(random, m * k);
      float[] b = random(random, k * n);
      float[] out = new float[m * n];
      PackedMatrix packed;
      if (runTime) {
        packed = Kernels.runTimeOperand(k, n);
        packed.fill(b, 0, n, 1);
      } else {
        packed = impl.pack(b, k, n);
      }
      double flops = 2.0 * m * k * n;
      // Products per round: about SECONDS of work at 30 GFLOP/s, at least one.
      int reps = (int) Math.max(1, seconds * 30e9 / flops);
      double[] ms = new double[rounds];
      for (int r = -2; r < rounds; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          if (runTime) {
            packed.fill(b, 0, n, 1);
          }
          impl.gemm(as[i & 7], 0, k, 0, m, packed, out, 0, n);
        }
        if (r >= 0) {
          ms[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps;
        }
      }
      Arrays.sort(ms);
      double median = ms[rounds / 2];
      System.out.println(String.format(Locale.ROOT, "%s %s\t%dx%dx%d%s\tmedian %.4f ms\tmin %.4f\tmax %.4f\t%.1f GFLOP/s"
          + "\t(%.1f-%.1f)", impl.name(), args[c], m, k, n, runTime ? " run-time operand" : "", median, ms[0],
          ms[rounds - 1], flops / median / 1e6, flops / ms[rounds - 1] / 1e6, flops / ms[0] / 1e6));
    }
  }

  private static float[] random(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextFloat() - 0.5f;
    }
    return x;
  }
}
