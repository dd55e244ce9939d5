package io.kerasj.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every {@link VectorKernels} implementation that can load in this JVM, against a double-precision
 * reference and against each other, on odd sizes (tails of every width). The suite runs twice
 * (see runtime/pom.xml): without the Vector API, and with {@code --add-modules
 * jdk.incubator.vector}, where {@code kerasj.test.expectPanama} makes a silent fallback a failure.
 */
class VectorKernelsTest {
  static List<VectorKernels> implementations() {
    List<VectorKernels> all = new ArrayList<>();
    all.add(new ScalarKernels());
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        all.add((VectorKernels) Class.forName("io.kerasj.internal.vectorization.PanamaKernels").getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return all;
  }

  @Test
  void panamaIsInUseWhenExpected() {
    boolean expect = Boolean.getBoolean("kerasj.test.expectPanama");
    System.out.println("kernels in use: " + Kernels.name() + ", expectPanama=" + expect);
    if (expect) {
      assertTrue(Kernels.name().startsWith("panama"), "expected the Panama kernels, got " + Kernels.name());
      assertEquals(2, implementations().size());
    } else {
      assertEquals("scalar", Kernels.name());
    }
  }

  @Test
  void gemmMatchesReferenceOnOddShapes() {
    Random rnd = new Random(7);
    int[][] shapes = {{1, 1, 1}, {1, 20, 80}, {3, 20, 60}, {5, 17, 33}, {4, 7, 31}, {9, 13, 100}, {32, 64, 256},
        {6, 1, 47}, {2, 129, 17}, {1, 20, 128}, {1, 21, 200}, {1, 3, 520}, {1, 64, 96}, {1, 5, 2048}};
    for (VectorKernels impl : implementations()) {
      for (int[] sh : shapes) {
        int m = sh[0];
        int k = sh[1];
        int n = sh[2];
        int lda = k + 3;
        int ldc = n + 5;
        float[] a = rand(rnd, 2 + m * lda);
        float[] b = rand(rnd, k * n);
        float[] c = rand(rnd, 1 + m * ldc);
        float[] c0 = c.clone();
        PackedMatrix pb = impl.pack(b, k, n);
        assertEquals(java.util.Arrays.toString(b), java.util.Arrays.toString(pb.unpack()));
        impl.gemm(a, 2, lda, 0, m, pb, c, 1, ldc);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double want = c0[1 + i * ldc + j];
            for (int p = 0; p < k; p++) {
              want += (double) a[2 + i * lda + p] * b[p * n + j];
            }
            assertEquals(want, c[1 + i * ldc + j], 1e-5 * (1 + k), impl.name() + " " + java.util.Arrays.toString(sh));
          }
          // padding between rows is untouched
          for (int j = n; j < ldc && 1 + i * ldc + j < c.length; j++) {
            assertEquals(c0[1 + i * ldc + j], c[1 + i * ldc + j], impl.name() + " wrote past a row");
          }
        }
        assertEquals(c0[0], c[0]);
      }
    }
  }

  @Test
  void activationsAgreeAcrossImplementations() {
    List<VectorKernels> impls = implementations();
    Random rnd = new Random(11);
    for (int len : new int[] {1, 3, 15, 16, 17, 20, 33, 80, 257}) {
      float[] x = new float[len + 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rnd.nextGaussian() * (i % 3 == 0 ? 8 : 1));
      }
      x[1] = 0.625f;
      float[] t0 = null;
      float[] s0 = null;
      for (VectorKernels impl : impls) {
        float[] t = x.clone();
        impl.tanh(t, 1, len);
        float[] s = x.clone();
        impl.sigmoid(s, 1, len);
        assertEquals(x[0], t[0]);
        assertEquals(x[len + 1], t[len + 1]);
        if (t0 == null) {
          t0 = t;
          s0 = s;
          continue;
        }
        for (int i = 1; i <= len; i++) {
          // Scalar uses separate multiply and add, Panama FMA. tanh's rational is within 6.1 ulp of
          // exact either way (FastMathTest); near saturation the two roundings differ by a few ulps.
          assertTrue(FastMathTest.ulps(t[i], t0[i]) <= 8, impl.name() + " tanh " + x[i] + ": " + t[i] + " vs " + t0[i]);
          assertTrue(FastMathTest.ulps(s[i], s0[i]) <= 4, impl.name() + " sigmoid " + x[i] + ": " + s[i] + " vs " + s0[i]);
        }
      }
    }
  }

  @Test
  void parallelGemmMatchesSerial() {
    Random rnd = new Random(3);
    int m = 64;
    int k = 256;
    int n = 512;
    float[] a = rand(rnd, m * k);
    PackedMatrix b = Kernels.pack(rand(rnd, k * n), k, n);
    float[] c1 = new float[m * n];
    float[] c2 = new float[m * n];
    Kernels.IMPL.gemm(a, 0, k, 0, m, b, c1, 0, n);
    assertTrue(2L * m * k * n >= Kernels.PARALLEL_MIN_FLOPS);
    Kernels.gemm(a, 0, k, m, b, c2, 0, n);
    for (int i = 0; i < c1.length; i++) {
      assertEquals(c1[i], c2[i], 0f);
    }
  }

  @Test
  void columnRangesMatchWholeProduct() {
    Random rnd = new Random(5);
    int[][] shapes = {{1, 9, 100}, {8, 33, 97}, {17, 300, 130}, {32, 512, 256}, {13, 5, 64}};
    for (VectorKernels impl : implementations()) {
      for (int[] sh : shapes) {
        int m = sh[0];
        int k = sh[1];
        int n = sh[2];
        float[] a = rand(rnd, m * k);
        PackedMatrix b = impl.pack(rand(rnd, k * n), k, n);
        float[] whole = rand(rnd, m * n);
        float[] parts = whole.clone();
        impl.gemm(a, 0, k, 0, m, b, whole, 0, n);
        int grain = impl.columnGrain(b);
        // columns in uneven runs of grains, rows in two parts
        for (int j0 = 0, step = 1; j0 < n; j0 += step * grain, step++) {
          int j1 = Math.min(n, j0 + step * grain);
          impl.gemm(a, 0, k, 0, m / 2, j0, j1, b, parts, 0, n);
          impl.gemm(a, 0, k, m / 2, m, j0, j1, b, parts, 0, n);
        }
        for (int i = 0; i < whole.length; i++) {
          assertEquals(whole[i], parts[i], 1e-5f * (1 + k), impl.name() + " " + java.util.Arrays.toString(sh) + " at " + i);
        }
      }
    }
  }

  @Test
  void parallelGemmMatchesSerialOnManyShapesInARow() {
    Random rnd = new Random(9);
    // by column panels, by rows (few panels, many rows), odd sizes and tails; back to back, so that
    // a late worker of one job meets the next
    int[][] shapes = {{32, 512, 2048}, {3200, 128, 20}, {1, 1000, 4000}, {999, 77, 131}, {64, 256, 512},
        {400, 600, 33}, {7, 1100, 1100}};
    for (int round = 0; round < 3; round++) {
      for (int[] sh : shapes) {
        int m = sh[0];
        int k = sh[1];
        int n = sh[2];
        assertTrue(2L * m * k * n >= Kernels.PARALLEL_MIN_FLOPS, java.util.Arrays.toString(sh));
        float[] a = rand(rnd, m * k);
        PackedMatrix b = Kernels.pack(rand(rnd, k * n), k, n);
        float[] c1 = rand(rnd, m * n);
        float[] c2 = c1.clone();
        Kernels.IMPL.gemm(a, 0, k, 0, m, b, c1, 0, n);
        for (int rep = 0; rep < 3; rep++) {
          float[] c3 = c2.clone();
          Kernels.gemm(a, 0, k, m, b, c3, 0, n);
          for (int i = 0; i < c1.length; i++) {
            assertEquals(c1[i], c3[i], 1e-5f * (1 + k), java.util.Arrays.toString(sh) + " at " + i);
          }
        }
      }
    }
  }

  static float[] rand(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextFloat() * 2 - 1;
    }
    return a;
  }

  @Test
  void affineNarrowMatchesReferenceAndStaysInItsRows() {
    Random rnd = new Random(11);
    for (VectorKernels impl : implementations()) {
      int v = impl.lanes();
      for (int n : new int[] {1, 3, v - 1, v, v + 1, 2 * v - 1, 2 * v}) {
        if (n < 1 || n > 2 * v) {
          continue;
        }
        int width = (n + v - 1) / v * v;
        for (int rows : new int[] {1, 2, 3, 4, 5, 9, 100}) {
          for (int k : new int[] {1, 7, 20}) {
            float[] a = rand(rnd, 3 + rows * k);
            float[] w = rand(rnd, k * n);
            float[] bias = rnd.nextBoolean() ? rand(rnd, n) : null;
            float[] pw = new float[k * width];
            for (int p = 0; p < k; p++) {
              System.arraycopy(w, p * n, pw, p * width, n);
            }
            float[] pb = bias == null ? null : java.util.Arrays.copyOf(bias, width);
            float[] out = rand(rnd, 2 + rows * n + 40);
            float[] before = out.clone();
            impl.affineNarrow(a, 3, rows, k, pw, pb, n, out, 2);
            for (int r = 0; r < rows; r++) {
              for (int j = 0; j < n; j++) {
                double want = bias == null ? 0 : bias[j];
                for (int p = 0; p < k; p++) {
                  want += (double) a[3 + r * k + p] * w[p * n + j];
                }
                assertEquals(want, out[2 + r * n + j], 1e-5 * (1 + k), impl.name() + " n=" + n + " rows=" + rows);
              }
            }
            for (int i = 0; i < out.length; i++) {
              if (i < 2 || i >= 2 + rows * n) {
                assertEquals(before[i], out[i], impl.name() + " wrote outside its rows at " + i);
              }
            }
          }
        }
      }
    }
  }

  /**
   * A row's product does not depend on how many rows are computed with it nor on its position
   * among them (which of the 8-row, 4-row, one-row or multi-panel kernels computes it): a batch
   * job gets the same bits for a row whatever its batches (kerasj-spark relies on it).
   */
  @Test
  void gemmRowIsBitIdenticalWhateverTheBatch() {
    Random rnd = new Random(11);
    int[][] kn = {{1, 128}, {20, 80}, {20, 96}, {20, 128}, {21, 200}, {7, 33}, {300, 64}, {20, 2048}};
    for (VectorKernels impl : implementations()) {
      for (int[] sh : kn) {
        int k = sh[0];
        int n = sh[1];
        int rows = 19;
        float[] a = rand(rnd, rows * k);
        float[] bias = rand(rnd, n);
        PackedMatrix pb = impl.pack(rand(rnd, k * n), k, n);
        float[][] alone = new float[rows][];
        for (int r = 0; r < rows; r++) {
          float[] c = bias.clone();
          impl.gemm(a, r * k, k, 0, 1, pb, c, 0, n);
          alone[r] = c;
        }
        for (int m = 2; m <= rows; m++) {
          for (int from = 0; from + m <= rows; from += m) {
            float[] c = new float[m * n];
            for (int r = 0; r < m; r++) {
              System.arraycopy(bias, 0, c, r * n, n);
            }
            impl.gemm(a, from * k, k, 0, m, pb, c, 0, n);
            for (int r = 0; r < m; r++) {
              for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToRawIntBits(alone[from + r][j]), Float.floatToRawIntBits(c[r * n + j]),
                    () -> impl.name() + " k=" + k + " n=" + n + ": a row differs in a batch of its own");
              }
            }
          }
        }
      }
    }
  }

  /** tanh and sigmoid give an element the same bits wherever it sits in an array of any length. */
  @Test
  void activationIsBitIdenticalWhateverTheArrayLength() {
    Random rnd = new Random(13);
    float[] x = new float[300];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() * 4;
    }
    for (VectorKernels impl : implementations()) {
      float[] t = x.clone();
      float[] s = x.clone();
      impl.tanh(t, 0, t.length);
      impl.sigmoid(s, 0, s.length);
      for (int len = 1; len <= 70; len++) {
        for (int off = 0; off + len <= x.length; off += 37) {
          float[] tl = x.clone();
          float[] sl = x.clone();
          impl.tanh(tl, off, len);
          impl.sigmoid(sl, off, len);
          for (int i = 0; i < x.length; i++) {
            boolean in = i >= off && i < off + len;
            int l = len;
            int at = i;
            assertEquals(Float.floatToRawIntBits(in ? t[i] : x[i]), Float.floatToRawIntBits(tl[i]),
                () -> impl.name() + " tanh len=" + l + " at " + at);
            assertEquals(Float.floatToRawIntBits(in ? s[i] : x[i]), Float.floatToRawIntBits(sl[i]),
                () -> impl.name() + " sigmoid len=" + l + " at " + at);
          }
        }
      }
    }
  }
}
