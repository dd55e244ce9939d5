import io.kerasj.internal.vectorization.*;
import java.util.Random;
public class GB {
  public static void main(String[] x) {
    int M = Integer.parseInt(x[0]), K = Integer.parseInt(x[1]), N = Integer.parseInt(x[2]);
    VectorKernels impl = Kernels.IMPL;
    Random r = new Random(1);
    float[] b = new float[K * N]; for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
    float[] a = new float[M * K]; for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
    float[] c = new float[M * N];
    PackedMatrix pb; if (x.length > 3) { pb = Kernels.packedOver(new float[Kernels.packedFloats(K, N)], K, N); pb.fill(b, 0, N, 1); } else pb = impl.pack(b, K, N);
    var TB = java.lang.management.ManagementFactory.getThreadMXBean();
    int it = (int) Math.max(1, 2e9 / (2.0 * M * K * N));
    for (int rep = 0; rep < 8; rep++) {
      long t0 = TB.getCurrentThreadCpuTime();
      for (int n = 0; n < it; n++) impl.gemm(a, 0, K, 0, M, pb, c, 0, N);
      double s = (TB.getCurrentThreadCpuTime() - t0) / 1e9;
      if (rep >= 4) System.out.printf("%s %dx%dx%d %.1f GFLOP/s%n", impl.name(), M, K, N, 2.0 * M * K * N * it / s / 1e9);
    }
  }
}
