import jdk.incubator.vector.*;
public class VK {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512; static final int V = 16, NR = 32;
  public static void main(String[] x) {
    int M = 32, K = 512, N = 2048; String v = x[0];
    float[] a = new float[M * K], bd = new float[K * N], c = new float[M * N];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() * 1e-3f;
    for (int i = 0; i < bd.length; i++) bd[i] = r.nextFloat();
    var TB = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < 10; rep++) {
      long t0 = TB.getCurrentThreadCpuTime(); int it = 60;
      for (int n = 0; n < it; n++) {
        for (int q = 0; q < N / NR; q += (v.equals("4x4") ? 2 : 1)) {
          int panel = q * K * NR;
          if (v.equals("8x2")) for (int i = 0; i < M; i += 8) k8x2(a, i * K, K, K, bd, panel, c, i * N + q * NR, N);
          else for (int i = 0; i < M; i += 4) k4x4(a, i * K, K, K, bd, panel, c, i * N + q * NR, N);
        }
      }
      double s = (TB.getCurrentThreadCpuTime() - t0) / 1e9;
      if (rep >= 5) System.out.printf("%s %.1f GFLOP/s%n", v, 2.0 * M * K * N * it / s / 1e9);
    }
  }
  static void k8x2(float[] a, int a0, int lda, int k, float[] bd, int panel, float[] c, int c0, int ldc) {
    FloatVector[] z = null;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0), acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c0 + ldc), acc11 = FloatVector.fromArray(S, c, c0 + ldc + V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c0 + 2 * ldc), acc21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c0 + 3 * ldc), acc31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + V);
    FloatVector acc40 = FloatVector.fromArray(S, c, c0 + 4 * ldc), acc41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + V);
    FloatVector acc50 = FloatVector.fromArray(S, c, c0 + 5 * ldc), acc51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + V);
    FloatVector acc60 = FloatVector.fromArray(S, c, c0 + 6 * ldc), acc61 = FloatVector.fromArray(S, c, c0 + 6 * ldc + V);
    FloatVector acc70 = FloatVector.fromArray(S, c, c0 + 7 * ldc), acc71 = FloatVector.fromArray(S, c, c0 + 7 * ldc + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp), b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]); acc00 = b0.fma(x, acc00); acc01 = b1.fma(x, acc01);
      x = FloatVector.broadcast(S, a[a0 + lda + p]); acc10 = b0.fma(x, acc10); acc11 = b1.fma(x, acc11);
      x = FloatVector.broadcast(S, a[a0 + 2 * lda + p]); acc20 = b0.fma(x, acc20); acc21 = b1.fma(x, acc21);
      x = FloatVector.broadcast(S, a[a0 + 3 * lda + p]); acc30 = b0.fma(x, acc30); acc31 = b1.fma(x, acc31);
      x = FloatVector.broadcast(S, a[a0 + 4 * lda + p]); acc40 = b0.fma(x, acc40); acc41 = b1.fma(x, acc41);
      x = FloatVector.broadcast(S, a[a0 + 5 * lda + p]); acc50 = b0.fma(x, acc50); acc51 = b1.fma(x, acc51);
      x = FloatVector.broadcast(S, a[a0 + 6 * lda + p]); acc60 = b0.fma(x, acc60); acc61 = b1.fma(x, acc61);
      x = FloatVector.broadcast(S, a[a0 + 7 * lda + p]); acc70 = b0.fma(x, acc70); acc71 = b1.fma(x, acc71);
    }
    acc00.intoArray(c, c0); acc01.intoArray(c, c0 + V); acc10.intoArray(c, c0 + ldc); acc11.intoArray(c, c0 + ldc + V);
    acc20.intoArray(c, c0 + 2 * ldc); acc21.intoArray(c, c0 + 2 * ldc + V); acc30.intoArray(c, c0 + 3 * ldc); acc31.intoArray(c, c0 + 3 * ldc + V);
    acc40.intoArray(c, c0 + 4 * ldc); acc41.intoArray(c, c0 + 4 * ldc + V); acc50.intoArray(c, c0 + 5 * ldc); acc51.intoArray(c, c0 + 5 * ldc + V);
    acc60.intoArray(c, c0 + 6 * ldc); acc61.intoArray(c, c0 + 6 * ldc + V); acc70.intoArray(c, c0 + 7 * ldc); acc71.intoArray(c, c0 + 7 * ldc + V);
  }
  // 4 rows x 2 consecutive panels (4 vectors)
  static void k4x4(float[] a, int a0, int lda, int k, float[] bd, int panel, float[] c, int c0, int ldc) {
    final int ps = k * NR;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0), acc01 = FloatVector.fromArray(S, c, c0 + V), acc02 = FloatVector.fromArray(S, c, c0 + 2 * V), acc03 = FloatVector.fromArray(S, c, c0 + 3 * V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c0 + ldc), acc11 = FloatVector.fromArray(S, c, c0 + ldc + V), acc12 = FloatVector.fromArray(S, c, c0 + ldc + 2 * V), acc13 = FloatVector.fromArray(S, c, c0 + ldc + 3 * V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c0 + 2 * ldc), acc21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + V), acc22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * V), acc23 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c0 + 3 * ldc), acc31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + V), acc32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * V), acc33 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp), b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector b2 = FloatVector.fromArray(S, bd, bp + ps), b3 = FloatVector.fromArray(S, bd, bp + ps + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]); acc00 = b0.fma(x, acc00); acc01 = b1.fma(x, acc01); acc02 = b2.fma(x, acc02); acc03 = b3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a0 + lda + p]); acc10 = b0.fma(x, acc10); acc11 = b1.fma(x, acc11); acc12 = b2.fma(x, acc12); acc13 = b3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a0 + 2 * lda + p]); acc20 = b0.fma(x, acc20); acc21 = b1.fma(x, acc21); acc22 = b2.fma(x, acc22); acc23 = b3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a0 + 3 * lda + p]); acc30 = b0.fma(x, acc30); acc31 = b1.fma(x, acc31); acc32 = b2.fma(x, acc32); acc33 = b3.fma(x, acc33);
    }
    acc00.intoArray(c, c0); acc01.intoArray(c, c0 + V); acc02.intoArray(c, c0 + 2 * V); acc03.intoArray(c, c0 + 3 * V);
    acc10.intoArray(c, c0 + ldc); acc11.intoArray(c, c0 + ldc + V); acc12.intoArray(c, c0 + ldc + 2 * V); acc13.intoArray(c, c0 + ldc + 3 * V);
    acc20.intoArray(c, c0 + 2 * ldc); acc21.intoArray(c, c0 + 2 * ldc + V); acc22.intoArray(c, c0 + 2 * ldc + 2 * V); acc23.intoArray(c, c0 + 2 * ldc + 3 * V);
    acc30.intoArray(c, c0 + 3 * ldc); acc31.intoArray(c, c0 + 3 * ldc + V); acc32.intoArray(c, c0 + 3 * ldc + 2 * V); acc33.intoArray(c, c0 + 3 * ldc + 3 * V);
  }
}
