import io.kerasj.internal.vectorization.*;
import java.lang.management.*;
/** ns per LSTM(20) b1 step pieces through Kernels.IMPL (thread CPU). */
public class Step {
  static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
  public static void main(String[] a) {
    int u = Integer.getInteger("u", 20), V = Kernels.IMPL.lanes();
    int r = u % V, cols = V > 1 ? 4 * (u - r) + (4 * r + V - 1) / V * V : 4 * u;
    int block = V > 1 ? V : Math.min(32, u);
    java.util.Random rnd = new java.util.Random(1);
    float[] w = new float[u * cols]; for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian() * 0.2f;
    PackedMatrix R = Kernels.pack(w, u, cols);
    float[] h = new float[u], c = new float[u], out = new float[u * 4], z = new float[cols * 16], proj = new float[cols * 16];
    for (int i = 0; i < proj.length; i++) proj[i] = (float) rnd.nextGaussian() * 0.5f;
    System.out.println(Kernels.IMPL.name() + " cols=" + cols);
    for (int round = 0; round < 4; round++) {
      int n = 2_000_000;
      long t0 = T.getCurrentThreadCpuTime();
      for (int s = 0; s < n; s++) { Kernels.IMPL.gemm(h, 0, u, 0, 1, R, z, 0, cols); }
      long t1 = T.getCurrentThreadCpuTime();
      for (int s = 0; s < n; s++) { System.arraycopy(proj, (s & 15) * cols, z, 0, cols); Kernels.lstmBlocks(z, 0, cols, 1, u, block, 0, u, c, h, out, 0, u); }
      long t2 = T.getCurrentThreadCpuTime();
      for (int s = 0; s < n; s++) { System.arraycopy(proj, (s & 15) * cols, z, 0, cols); Kernels.gemm(h, 0, u, 1, R, z, 0, cols); Kernels.lstmBlocks(z, 0, cols, 1, u, block, 0, u, c, h, out, 0, u); }
      long t3 = T.getCurrentThreadCpuTime();
      com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) T;
      long b0 = tm.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int s = 0; s < 100000; s++) { Kernels.gemm(h, 0, u, 1, R, z, 0, cols); Kernels.lstmBlocks(z, 0, cols, 1, u, block, 0, u, c, h, out, 0, u); }
      long b1 = tm.getThreadAllocatedBytes(Thread.currentThread().getId());
      System.out.printf("gemm %.1f ns  gates %.1f ns  step %.1f ns  alloc/step %.1f B%n", (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n, (b1 - b0) / 1e5);
    }
  }
}
