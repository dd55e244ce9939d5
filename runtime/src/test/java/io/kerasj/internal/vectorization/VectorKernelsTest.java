package io.kerasj.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        {6, 1, 47}, {2, 129, 17}, {1, 20, 128}, {1, 21, 200}, {1, 3, 520}, {1, 64, 96}, {1, 5, 2048},
        // many rows of a narrow product: the scalar kernels' transposed product (tiles of rows and of k)
        {64, 3, 64}, {65, 130, 17}, {300, 257, 5}, {257, 20, 255}, {70, 9, 300},
        // many rows, 128 to 191 columns: transposed too, in tiles of equal length
        {384, 33, 128}, {1100, 130, 150}};
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
  void scalarExpSumIsExpFmaValueByValueInFourPartialSums() {
    assumeTrue(FastMath.FMA, "the two-pass exponentials are for hardware FMA");
    Random rnd = new Random(13);
    ScalarKernels scalar = new ScalarKernels();
    // blocks of 2048 and their tails; values whose exponentials are subnormal or 0 (k below -126)
    for (int len : new int[] {1, 3, 4, 5, 50, 128, 255, 256, 257, 600, 1029, 2047, 2048, 2049, 4101}) {
      float[] x = new float[len + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rnd.nextGaussian() * (i % 5 == 0 ? 40 : 4));
      }
      x[2] = -95f;
      float shift = 1.25f;
      float[] e = x.clone();
      float sum = scalar.expSum(e, 2, len, shift);
      float[] s = new float[4];
      for (int i = 0; i < len; i++) {
        float want = FastMath.expFma(x[2 + i] - shift);
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(e[2 + i]), "len " + len + " at " + i);
        s[i < (len & ~3) ? i % 4 : 0] += want;
      }
      assertEquals((s[0] + s[1]) + (s[2] + s[3]), sum, 0f, "len " + len);
      assertEquals(x[0], e[0]);
      assertEquals(x[1], e[1]);
      assertEquals(x[len + 2], e[len + 2]);
    }
  }

  @Test
  void scalarSoftmaxIsExpFmaValueByValue() {
    assumeTrue(FastMath.FMA, "the two-pass exponentials are for hardware FMA");
    Random rnd = new Random(29);
    ScalarKernels scalar = new ScalarKernels();
    // rows spanning up to 80 (2^k one normal float) and wider ones (subnormal and zero exponentials)
    for (int len : new int[] {1, 3, 4, 7, 128, 2049}) {
      for (float span : new float[] {10f, 80f, 80.01f, 200f}) {
        float[] x = new float[len + 3];
        for (int i = 0; i < x.length; i++) {
          x[i] = (rnd.nextFloat() - 0.5f) * span;
        }
        if (len > 1) {
          x[2] = span / 2;
          x[3] = -span / 2;
        }
        float[] e = x.clone();
        scalar.softmax(e, 2, len, 1f);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
          max = Math.max(max, x[2 + i]);
        }
        float[] want = new float[len];
        float[] s = new float[4];
        for (int i = 0; i < len; i++) {
          want[i] = FastMath.expFma(x[2 + i] - max);
          s[i < (len & ~3) ? i % 4 : 0] += want[i];
        }
        float inv = 1f / ((s[0] + s[1]) + (s[2] + s[3]));
        for (int i = 0; i < len; i++) {
          assertEquals(Float.floatToRawIntBits(want[i] * inv), Float.floatToRawIntBits(e[2 + i]),
              "len " + len + " span " + span + " at " + i);
        }
      }
    }
  }

  @Test
  void scalarSigmoidIsSigmoidFmaValueByValue() {
    assumeTrue(FastMath.FMA, "the three-pass sigmoid is for hardware FMA");
    Random rnd = new Random(31);
    ScalarKernels scalar = new ScalarKernels();
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
        -Float.MIN_VALUE, 87.3f, -87.3f, 88.4f, -88.4f, 88.8f, -88.8f, 89f, -89f, 90f, -90f, 104f, -104f, 1e30f, -1e30f};
    for (int len : new int[] {1, 5, 128, 2048, 2051, 4100}) {
      float[] x = new float[len + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 7 == 0 ? special[(i / 7) % special.length] : (float) (rnd.nextGaussian() * (i % 3 == 0 ? 50 : 4));
      }
      float[] s = x.clone();
      scalar.sigmoid(s, 2, len);
      for (int i = 0; i < len; i++) {
        assertEquals(Float.floatToRawIntBits(FastMath.sigmoidFma(x[2 + i])), Float.floatToRawIntBits(s[2 + i]),
            "len " + len + " at " + i + ": " + x[2 + i]);
      }
      assertEquals(x[1], s[1]);
      assertEquals(x[len + 2], s[len + 2]);
    }
  }

  @Test
  void scalarSoftmaxColumnsIsSoftmaxOfEachColumnBitForBit() {
    Random rnd = new Random(23);
    ScalarKernels scalar = new ScalarKernels();
    // more than one block of the exponentials (2048 values); columns within the one-factor 2^k
    // range (spans up to 80) and columns whose range reaches the subnormal and zero exponentials,
    // infinities and NaN
    int[][] shapes = {{128, 128}, {5, 3}, {37, 64}, {1, 130}, {67, 1}, {33, 100}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int cols = shape[1];
      for (float scale : new float[] {1f, 0.17677669f, -1f}) {
        boolean wide = scale == 0.17677669f;
        float[] a = new float[rows * cols + 5];
        for (int i = 0; i < a.length; i++) {
          a[i] = wide ? (float) (rnd.nextGaussian() * (i % 3 == 0 ? 60 : 4)) : rnd.nextFloat() * 80f - 40f;
        }
        if (!wide && rows > 1) {
          a[2 + cols] = -40f;
          a[2] = 40f;
        }
        if (wide && rows * cols > 40) {
          a[9] = Float.POSITIVE_INFINITY;
          a[20] = Float.NEGATIVE_INFINITY;
          a[33] = Float.NaN;
        }
        float[][] out = new float[rows][cols];
        float[] s = a.clone();
        ScalarKernels.softmaxColumns(s, 2, rows, cols, scale, out);
        for (int c = 0; c < cols; c++) {
          float[] col = new float[rows];
          for (int r = 0; r < rows; r++) {
            col[r] = a[2 + r * cols + c];
          }
          scalar.softmax(col, 0, rows, scale);
          for (int r = 0; r < rows; r++) {
            assertEquals(Float.floatToRawIntBits(col[r]), Float.floatToRawIntBits(out[r][c]),
                rows + "x" + cols + " scale " + scale + " at " + r + "," + c + ": " + col[r] + " vs " + out[r][c]);
          }
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
  void streamingProductsSplitInFewChunksAreTheSerialBits() {
    Random rnd = new Random(4);
    // Recurrent steps at batch 1–2 over kernels beyond L2: split by the stream rule, one or two
    // chunks per thread, odd widths included.
    int[][] shapes = {{1, 512, 2048}, {1, 256, 1024}, {2, 384, 1152}, {1, 768, 768}, {1, 300, 1000}};
    for (int[] sh : shapes) {
      int m = sh[0];
      int k = sh[1];
      int n = sh[2];
      assertTrue(2L * m * k * n < Kernels.PARALLEL_MIN_FLOPS && Kernels.worthSplitting(m, k, n),
          java.util.Arrays.toString(sh));
      float[] a = rand(rnd, m * k);
      PackedMatrix b = Kernels.pack(rand(rnd, k * n), k, n);
      float[] c1 = rand(rnd, m * n);
      float[] c2 = c1.clone();
      Kernels.IMPL.gemm(a, 0, k, 0, m, b, c1, 0, n);
      Kernels.gemm(a, 0, k, m, b, c2, 0, n);
      for (int i = 0; i < c1.length; i++) {
        assertEquals(c1[i], c2[i], 0f, java.util.Arrays.toString(sh) + " at " + i);
      }
    }
    assertFalse(Kernels.worthSplitting(1, 128, 512), "an L2-resident kernel stays on the caller");
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

  @Test
  void parallelProductsOfATransformerAreTheSerialBits() {
    Random rnd = new Random(21);
    // A Transformer's products at batch 1 and 16 (QKV, FFN1, FFN2 / out projection), split by rows or
    // by columns depending on the kernels: each output must keep its products in p order, from c.
    int[][] shapes = {{128, 128, 384}, {128, 128, 512}, {128, 512, 128}, {2048, 128, 384}, {2048, 512, 128},
        {2048, 128, 128}};
    for (int[] sh : shapes) {
      int m = sh[0];
      int k = sh[1];
      int n = sh[2];
      float[] a = rand(rnd, m * k);
      PackedMatrix b = Kernels.pack(rand(rnd, k * n), k, n);
      float[] bias = rand(rnd, n);
      float[] serial = new float[m * n];
      Kernels.fillRows(serial, 0, m, n, bias);
      Kernels.IMPL.gemm(a, 0, k, 0, m, b, serial, 0, n);
      for (int rep = 0; rep < 2; rep++) {
        float[] c = new float[m * n];
        Kernels.affine(a, 0, m, b, bias, c, 0);
        for (int i = 0; i < c.length; i++) {
          assertEquals(Float.floatToRawIntBits(serial[i]), Float.floatToRawIntBits(c[i]),
              java.util.Arrays.toString(sh) + " at " + i);
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

  /**
   * The scalar and the Vector API kernels give the same bits, on every path of both (one to eight
   * rows and more, one to four panels, tails of every width, k blocks, column ranges, narrow
   * outputs, activations at special values): which kernels run, or a switch between them in
   * warm-up mode, changes no result.
   */
  @Test
  void scalarAndVectorApiKernelsGiveTheSameBits() {
    List<VectorKernels> impls = implementations();
    assumeTrue(impls.size() == 2 && FastMath.FMA, "needs the Vector API (the test-panama execution) and FMA");
    VectorKernels s = impls.get(0);
    VectorKernels v = impls.get(1);
    Random rnd = new Random(17);
    int[] ms = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 17, 32, 33};
    int[] ks = {1, 2, 3, 5, 20, 21, 64, 257, 300, 520};
    int[] ns = {1, 5, 15, 16, 17, 20, 31, 32, 33, 80, 100, 128, 200, 520, 1100};
    for (int trial = 0; trial < 160; trial++) {
      int m = ms[rnd.nextInt(ms.length)];
      int k = ks[rnd.nextInt(ks.length)];
      int n = ns[rnd.nextInt(ns.length)];
      float[] a = rand(rnd, m * k);
      float[] b = rand(rnd, k * n);
      float[] c = rand(rnd, m * n);
      float[] cs = c.clone();
      float[] cv = c.clone();
      s.gemm(a, 0, k, 0, m, s.pack(b, k, n), cs, 0, n);
      v.gemm(a, 0, k, 0, m, v.pack(b, k, n), cv, 0, n);
      assertSameBits(cs, cv, s.name() + " vs " + v.name() + " gemm m=" + m + " k=" + k + " n=" + n);
      // a column range, as ParallelGemm gives each thread (grains of both)
      int grain = 32;
      int j0 = grain * rnd.nextInt(Math.max(1, n / grain));
      int j1 = Math.min(n, j0 + grain * (1 + rnd.nextInt(3)));
      float[] rs = c.clone();
      float[] rv = c.clone();
      s.gemm(a, 0, k, 0, m, j0, j1, s.pack(b, k, n), rs, 0, n);
      v.gemm(a, 0, k, 0, m, j0, j1, v.pack(b, k, n), rv, 0, n);
      assertSameBits(rs, rv, "gemm columns [" + j0 + ", " + j1 + ") m=" + m + " k=" + k + " n=" + n);
    }
    int lanes = v.lanes();
    for (int n = 1; n <= 2 * lanes; n++) {
      int width = (n + lanes - 1) / lanes * lanes;
      for (int rows : new int[] {1, 3, 4, 5, 9}) {
        for (int k : new int[] {1, 7, 20}) {
          float[] a = rand(rnd, rows * k);
          float[] w = rand(rnd, k * width);
          float[] bias = n % 2 == 0 ? null : rand(rnd, width);
          float[] os = new float[rows * n];
          float[] ov = new float[rows * n];
          s.affineNarrow(a, 0, rows, k, w, bias, n, os, 0);
          v.affineNarrow(a, 0, rows, k, w, bias, n, ov, 0);
          assertSameBits(os, ov, "affineNarrow n=" + n + " rows=" + rows + " k=" + k);
        }
      }
    }
    float[] x = new float[4099];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextGaussian() * (i % 5 == 0 ? 30 : 3));
    }
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
        -Float.MIN_VALUE, 1e-30f, 7.9053f, -7.9053f, 88f, -88f, -87.3f, 89f, -104f, Float.MAX_VALUE};
    System.arraycopy(special, 0, x, 1, special.length);
    for (int len : new int[] {1, 15, 16, 17, x.length - 1}) {
      float[] ts = x.clone();
      float[] tv = x.clone();
      s.tanh(ts, 1, len);
      v.tanh(tv, 1, len);
      assertSameBits(ts, tv, "tanh len=" + len);
      float[] ss = x.clone();
      float[] sv = x.clone();
      s.sigmoid(ss, 1, len);
      v.sigmoid(sv, 1, len);
      assertSameBits(ss, sv, "sigmoid len=" + len);
    }
  }

  /**
   * The scalar kernels' transposed product (many rows, a narrow or a run-time-packed right-hand
   * operand) and the LSTM gates give the same bits as the other path.
   */
  @Test
  void transposedProductsAndLstmGatesGiveTheSameBits() {
    List<VectorKernels> impls = implementations();
    assumeTrue(impls.size() == 2 && FastMath.FMA, "needs the Vector API (the test-panama execution) and FMA");
    VectorKernels s = impls.get(0);
    VectorKernels v = impls.get(1);
    Random rnd = new Random(23);
    int[] ms = {63, 64, 65, 100, 257, 300};
    int[] ks = {1, 3, 20, 129, 300};
    int[] ns = {1, 5, 17, 64, 80, 130, 255, 300};
    for (int trial = 0; trial < 40; trial++) {
      int m = ms[rnd.nextInt(ms.length)];
      int k = ks[rnd.nextInt(ks.length)];
      int n = ns[rnd.nextInt(ns.length)];
      float[] a = rand(rnd, m * k);
      float[] b = rand(rnd, k * n);
      float[] c = rand(rnd, m * n);
      String what = " m=" + m + " k=" + k + " n=" + n;
      float[] cs = c.clone();
      float[] cv = c.clone();
      s.gemm(a, 0, k, 0, m, s.pack(b, k, n), cs, 0, n);
      v.gemm(a, 0, k, 0, m, v.pack(b, k, n), cv, 0, n);
      assertSameBits(cs, cv, "packed gemm" + what);
      // operands packed at run time (PackedMatrix.over), whole and a column range
      PackedMatrix ps = PackedMatrix.over(new float[PackedMatrix.floats(k, n, Integer.MAX_VALUE)], k, n, Integer.MAX_VALUE);
      PackedMatrix pv = PackedMatrix.over(new float[PackedMatrix.floats(k, n, v.panelWidth())], k, n, v.panelWidth());
      ps.fill(b, 0, n, 1);
      pv.fill(b, 0, n, 1);
      cs = c.clone();
      cv = c.clone();
      s.gemm(a, 0, k, 0, m, ps, cs, 0, n);
      v.gemm(a, 0, k, 0, m, pv, cv, 0, n);
      assertSameBits(cs, cv, "run-time packed gemm" + what);
      int j0 = 32 * rnd.nextInt(1 + (n - 1) / 32);
      int j1 = Math.min(n, j0 + 32 * (1 + rnd.nextInt(3)));
      cs = c.clone();
      cv = c.clone();
      s.gemm(a, 0, k, 5, m, j0, j1, ps, cs, 0, n);
      v.gemm(a, 0, k, 5, m, j0, j1, pv, cv, 0, n);
      assertSameBits(cs, cv, "run-time packed gemm rows [5, m) columns [" + j0 + ", " + j1 + ")" + what);
    }
    // 128 to 191 columns of many rows (the scalar kernels transpose these too): tiles of equal
    // length, k not a multiple of 4, a bᵀ too large to be made once per call, column ranges
    int[][] wide = {{384, 128, 128}, {400, 131, 150}, {1100, 64, 191}, {600, 2100, 130}, {513, 300, 300}};
    for (int[] sh : wide) {
      int m = sh[0];
      int k = sh[1];
      int n = sh[2];
      float[] a = rand(rnd, m * k);
      float[] b = rand(rnd, k * n);
      float[] c = rand(rnd, m * n);
      String what = " m=" + m + " k=" + k + " n=" + n;
      float[] cs = c.clone();
      float[] cv = c.clone();
      s.gemm(a, 0, k, 0, m, s.pack(b, k, n), cs, 0, n);
      v.gemm(a, 0, k, 0, m, v.pack(b, k, n), cv, 0, n);
      assertSameBits(cs, cv, "packed gemm" + what);
      int j0 = n > 160 ? 32 : 0;
      int j1 = Math.min(n, j0 + 160);
      cs = c.clone();
      cv = c.clone();
      s.gemm(a, 0, k, 3, m, j0, j1, s.pack(b, k, n), cs, 0, n);
      v.gemm(a, 0, k, 3, m, j0, j1, v.pack(b, k, n), cv, 0, n);
      assertSameBits(cs, cv, "packed gemm rows [3, m) columns [" + j0 + ", " + j1 + ")" + what);
    }
    int lanes = v.lanes();
    for (int w = lanes; w <= 64; w += lanes) {
      for (int units : new int[] {1, w / 2, w - 1, w}) {
        if (units < 1) {
          continue;
        }
        assertLstmGatesSameBits(impls, rnd, 4 * w, w, units, "lstmGates w=" + w + " units=" + units);
      }
    }
    // A partial block (LSTMCell's last block on the Vector API path): w = units below the lane
    // count, its 4w gate columns padded to whole vectors.
    for (int w = 1; w < lanes; w++) {
      assertLstmGatesSameBits(impls, rnd, (4 * w + lanes - 1) / lanes * lanes, w, w,
          "lstmGates partial block w=units=" + w);
    }
    // Rows of blocks of one vector of units (LSTMCell on the Vector API path), whole and by runs of
    // 32 units (threads sharing a step): the same bits as the scalar kernels' block by block.
    for (int units : new int[] {1, lanes - 1, lanes, lanes + 4, 20, 2 * lanes + 3, 36, 64, 100}) {
      int r = units % lanes;
      int cols = 4 * (units - r) + (4 * r + lanes - 1) / lanes * lanes;
      int rows = 3;
      int zStride = cols + 5;
      int outStride = units + 3;
      for (int from = 0; from < units; from += 32) {
        for (int to : new int[] {Math.min(units, from + 32), units}) {
          float[] z = new float[2 + rows * zStride];
          for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rnd.nextGaussian() * 4);
          }
          float[] c = rand(rnd, rows * units);
          float[] h0 = rand(rnd, rows * units);
          float[][] got = new float[2][];
          for (int impl = 0; impl < 2; impl++) {
            float[] zz = z.clone();
            float[] cc = c.clone();
            float[] h = h0.clone();
            float[] out = new float[1 + rows * outStride];
            impls.get(impl).lstmBlocks(zz, 2, zStride, rows, units, lanes, from, to, cc, h, out, 1, outStride);
            got[impl] = concat(cc, h, out);
          }
          assertSameBits(got[0], got[1], "lstmBlocks units=" + units + " [" + from + ", " + to + ")");
        }
      }
    }
  }

  // lstmGates on random gate pre-activations (zCols of them after 3 floats of offset) and cell
  // states, on both implementations: the same bits in c, h and the output.
  private static void assertLstmGatesSameBits(List<VectorKernels> impls, Random rnd, int zCols, int w, int units,
                                              String what) {
    float[] z = new float[3 + zCols];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (rnd.nextGaussian() * 4);
    }
    float[] c = rand(rnd, units + 7);
    float[][] got = new float[2][];
    for (int impl = 0; impl < 2; impl++) {
      float[] zz = z.clone();
      float[] cc = c.clone();
      float[] h = new float[units + 2];
      float[] out = new float[units + 4];
      impls.get(impl).lstmGates(zz, 3, w, units, cc, 7, h, 2, out, 4);
      got[impl] = concat(cc, h, out);
    }
    assertSameBits(got[0], got[1], what);
  }

  private static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] r = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, r, o, p.length);
      o += p.length;
    }
    return r;
  }

  /**
   * Warm-up mode ({@code -Dkerasj.vector=warmup}) starts on the scalar kernels, switches to the
   * Vector API kernels once its thread has seen them compiled, and a product gives the same bits
   * before and after.
   */
  @Test
  void warmUpModeSwitchesToTheVectorApiKernels() throws InterruptedException {
    List<VectorKernels> impls = implementations();
    assumeTrue(impls.size() == 2 && FastMath.FMA, "needs the Vector API (the test-panama execution) and FMA");
    Kernels.Switching sw = new Kernels.Switching(impls.get(0), impls.get(1));
    Random rnd = new Random(23);
    int m = 9;
    int k = 70;
    int n = 300;
    float[] a = rand(rnd, m * k);
    PackedMatrix b = sw.pack(rand(rnd, k * n), k, n);
    float[] first = new float[m * n];
    sw.gemm(a, 0, k, 0, m, b, first, 0, n);
    String before = sw.describe();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (sw.current != impls.get(1) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(impls.get(1), sw.current, "no switch after 120 s: " + sw.describe() + " (before: " + before + ")");
    assertTrue(sw.describe().startsWith(impls.get(1).name() + " (after scalar for the first "), sw.describe());
    float[] then = new float[m * n];
    sw.gemm(a, 0, k, 0, m, b, then, 0, n);
    assertSameBits(first, then, "before and after the switch");
    System.out.println("warm-up mode: " + sw.describe());
  }

  private static void assertSameBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        assertEquals(want[i], got[i], 0f, what + " at " + i);
        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " at " + i);
      }
    }
  }
}
