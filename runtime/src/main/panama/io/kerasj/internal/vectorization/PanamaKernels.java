package io.kerasj.internal.vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorKernels} on the JDK Vector API ({@code jdk.incubator.vector}). Loaded only
 * reflectively by {@link Kernels}, after checking that the module is readable; no other class
 * names a vector type.
 *
 * <p>The product uses panels two vectors wide: a 4-row micro-kernel keeps 8 accumulators in
 * registers for the whole {@code k} loop, reading each packed panel row once per 4 rows of
 * {@code a} (netlib's {@code sgemvN} / BLIS-style register blocking). With 512-bit vectors (32
 * registers) rows go 8 at a time over one panel, or up to 6 at a time over two panels
 * ({@code kernel6x4}, 24 accumulators, fewer broadcasts per FMA). The activations evaluate
 * {@link FastMath}'s formulas lane-wise, with FMA.
 */
public final class PanamaKernels implements VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  // Per thread, the lanes sumLanes adds one by one.
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[V]);

  /**
   * The sum of v's lanes, added in one fixed order. Not {@code reduceLanes(ADD)}: its order is
   * unspecified, and it differs between C2's intrinsic and the Java code the same method runs
   * before C2 compiles it; a row of a batch then differed in its last bit from the same row alone,
   * depending on the JIT's state (BatchInvarianceTest on JDK 25). Stored and added left to right,
   * it gives the same bits however it runs. (Extracting the lanes with {@code lane(i)} made the
   * attention kernels box their vectors, ~1 MB per Transformer call: C2 did not inline it.)
   */
  private static float sumLanes(FloatVector v, float[] lanes) {
    v.intoArray(lanes, 0);
    float s = lanes[0];
    for (int i = 1; i < V; i++) {
      s += lanes[i];
    }
    return s;
  }

  private static final int NR = 2 * V;
  // 512-bit vectors come with 32 registers: room for the 8-row micro-kernel's 16 accumulators.
  private static final boolean WIDE = V >= 16 && !Boolean.getBoolean("kerasj.gemm.narrow");
  // Blocking of the product (see gemm): k in blocks of KC rows of a panel, rows of a in blocks of MC.
  private static final int KC = Math.max(1, Integer.getInteger("kerasj.gemm.kc", 256));
  private static final int MC = Math.max(8, Integer.getInteger("kerasj.gemm.mc", 256));

  PanamaKernels() {
    if (S.vectorBitSize() < 128) {
      throw new UnsupportedOperationException("preferred vector size " + S.vectorBitSize() + " bits");
    }
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  @Override
  public int lanes() {
    return V;
  }

  @Override
  public int panelWidth() {
    return NR;
  }

  @Override
  public PackedMatrix pack(float[] b, int k, int n) {
    return PackedMatrix.pack(b, k, n, NR, 0);
  }

  @Override
  public void gemm(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
                   float[] c, int cOff, int ldc) {
    if (b.data == null) {
      throw new IllegalArgumentException("matrix not packed for the Vector API kernels");
    }
    if (b.nr != NR) {
      // An operand packed at run time narrower than a panel (a short attention key or value).
      ScalarKernels.gemmPanels(a, aOff, lda, from, to, colFrom, colTo, b, c, cOff, ldc);
      return;
    }
    final int k = b.k;
    final int n = b.n;
    final float[] bd = b.data;
    final int q0 = colFrom / NR;
    final int q1 = (colTo + NR - 1) / NR;
    if (to - from < 8) {
      // Few rows (a batch-1 step): nothing to block for; kept apart so that this hot, tiny path
      // compiles on its own (JDK 17's C2 then keeps all its vectors in registers).
      smallGemm(a, aOff, lda, from, to, q0, q1, k, n, bd, c, cOff, ldc);
      return;
    }
    // Rows in blocks of MC (their part of a stays in L2 while every panel passes by), k in blocks
    // of KC (a panel's block, KC·NR floats, stays in L1 while all row groups of the block use it).
    for (int i0 = from; i0 < to; i0 += MC) {
      final int i1 = Math.min(to, i0 + MC);
      // A short last block: no reuse, no blocking. A block of at most four 8-row groups (a
      // recurrent step's batch) reuses a panel's k block only that often, and one pass over k keeps
      // c in registers throughout: LSTM(512) at batch 32 (k = 512) ran 5-10% faster so on Zen 4.
      final int kcMax = i1 - i0 < 8 || (i1 - i0 <= 32 && k <= 1024) ? k : KC;
      for (int q = q0; q < q1; q++) {
        final int j0 = q * NR;
        final int panel = q * k * NR;
        if (n - j0 < NR) {
          tailPanel(a, aOff, lda, i0, i1, k, bd, panel, n - j0, c, cOff + j0, ldc);
          continue;
        }
        if (WIDE && q + 1 < q1 && n - j0 >= 2 * NR && i1 - i0 >= 6) {
          // Two panels at once in groups of up to 6 rows (pairRows). Their k block is half as deep as one panel's, so
          // that the two blocks together stay in L1 as one did.
          final int ps = k * NR;
          final int kcPair = kcMax == k ? k : Math.max(1, kcMax / 2);
          for (int p0 = 0; p0 < k; p0 += kcPair) {
            final int kc = Math.min(kcPair, k - p0);
            final int bp = panel + p0 * NR;
            pairRows(a, aOff + p0, lda, i0, i1, kc, bd, bp, ps, c, cOff + j0, ldc);
          }
          q++;
          continue;
        }
        for (int p0 = 0; p0 < k; p0 += kcMax) {
          final int kc = Math.min(kcMax, k - p0);
          final int bp = panel + p0 * NR;
          int i = i0;
          if (WIDE) {
            for (; i + 8 <= i1; i += 8) {
              kernel8x2(a, aOff + i * lda + p0, lda, kc, bd, bp, c, cOff + i * ldc + j0, ldc);
            }
          }
          for (; i + 4 <= i1; i += 4) {
            kernel4x2(a, aOff + i * lda + p0, lda, kc, bd, bp, c, cOff + i * ldc + j0, ldc);
          }
          for (; i < i1; i++) {
            kernel1x2(a, aOff + i * lda + p0, kc, bd, bp, c, cOff + i * ldc + j0);
          }
        }
      }
    }
  }

  private static void smallGemm(float[] a, int aOff, int lda, int from, int to, int q0, int q1, int k, int n,
                                float[] bd, float[] c, int cOff, int ldc) {
    final int jEnd = Math.min(n, q1 * NR);
    for (int q = q0; q < q1; q++) {
      final int j0 = q * NR;
      final int w = Math.min(NR, n - j0);
      final int panel = q * k * NR;
      if (w == NR && to - from == 1) {
        // One row (a recurrent step at batch 1): take up to four panels at once, so that eight
        // independent accumulator chains keep both FMA ports busy instead of waiting on latency.
        if (j0 + 4 * NR <= jEnd) {
          row4Panels(a, aOff + from * lda, k, bd, panel, c, cOff + from * ldc + j0);
          q += 3;
          continue;
        }
        if (j0 + 2 * NR + V <= jEnd && jEnd < j0 + 3 * NR && jEnd == n) {
          // Two panels and a narrower last one (LSTM(20): 80 columns) in one loop of 5 chains.
          final int a0 = aOff + from * lda;
          final int c0 = cOff + from * ldc + j0;
          row2PanelsVector(a, a0, k, bd, panel, c, c0);
          tailVectors(a, a0, 0, 0, 1, k, bd, panel + 2 * k * NR, V, jEnd - j0 - 2 * NR, c, c0 + 2 * NR, 0);
          q += 2;
          continue;
        }
        if (j0 + 2 * NR <= jEnd) {
          row2Panels(a, aOff + from * lda, k, bd, panel, c, cOff + from * ldc + j0);
          q += 1;
          continue;
        }
        kernel1x2(a, aOff + from * lda, k, bd, panel, c, cOff + from * ldc + j0);
      } else if (w == NR) {
        int i = from;
        for (; i + 4 <= to; i += 4) {
          kernel4x2(a, aOff + i * lda, lda, k, bd, panel, c, cOff + i * ldc + j0, ldc);
        }
        for (; i < to; i++) {
          kernel1x2(a, aOff + i * lda, k, bd, panel, c, cOff + i * ldc + j0);
        }
      } else {
        tailPanel(a, aOff, lda, from, to, k, bd, panel, w, c, cOff + j0, ldc);
      }
    }
  }

  // Rows [from, to) of the last panel, w < NR columns wide: row groups on its first vector when it
  // has one (a recurrent step of a cell whose columns end in half a panel), then the partial vector.
  private static void tailPanel(float[] a, int aOff, int lda, int from, int to, int k, float[] bd, int panel, int w,
                                float[] c, int cOff, int ldc) {
    int i = from;
    if (w >= V) {
      if (WIDE) {
        for (; i + 8 <= to; i += 8) {
          kernel8x1(a, aOff + i * lda, lda, k, bd, panel, c, cOff + i * ldc, ldc);
        }
      }
      for (; i + 4 <= to; i += 4) {
        kernel4x1(a, aOff + i * lda, lda, k, bd, panel, c, cOff + i * ldc, ldc);
      }
      for (; i < to; i++) {
        kernel1x1(a, aOff + i * lda, k, bd, panel, c, cOff + i * ldc);
      }
      tailVectors(a, aOff, lda, from, to, k, bd, panel, V, w, c, cOff, ldc);
      return;
    }
    tailVectors(a, aOff, lda, from, to, k, bd, panel, 0, w, c, cOff, ldc);
  }

  /** Per thread, four rows' columns of the panel's last, partial vector (see tailVectors). */
  private static final ThreadLocal<float[]> TAIL_LANES = ThreadLocal.withInitial(() -> new float[4 * V]);

  // Columns [j, w) of the last panel, w − j ≤ V, for rows [from, to): full vectors over the panel's
  // padding (a panel's rows are NR floats apart and its last vector lies inside them), four rows at
  // a time so that four chains hide the FMA latency. The c values go through a per-thread array
  // (the row kernels' c, rows V apart), as the vector's lanes past w are not c's. Each column still
  // takes its products in p order with one fma each from its value in c: the same bits as one
  // scalar fma after the other. (Scalar columns, one row at a time, took ~8% of an
  // encoder–decoder's time: Dense(1000)'s last 8 columns and attention's 50-key scores.)
  private static void tailVectors(float[] a, int aOff, int lda, int from, int to, int k, float[] bd, int panel, int j,
                                  int w, float[] c, int cOff, int ldc) {
    final int cols = w - j;
    if (cols <= 0) {
      return;
    }
    final float[] t = TAIL_LANES.get();
    final int bp0 = panel + j;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      final int c0 = cOff + i * ldc + j;
      for (int r = 0; r < 4; r++) {
        System.arraycopy(c, c0 + r * ldc, t, r * V, cols);
      }
      kernel4x1(a, aOff + i * lda, lda, k, bd, bp0, t, 0, V);
      for (int r = 0; r < 4; r++) {
        System.arraycopy(t, r * V, c, c0 + r * ldc, cols);
      }
    }
    for (; i < to; i++) {
      final int c0 = cOff + i * ldc + j;
      System.arraycopy(c, c0, t, 0, cols);
      kernel1x1(a, aOff + i * lda, k, bd, bp0, t, 0);
      System.arraycopy(t, 0, c, c0, cols);
    }
  }

  // 8 rows × the first vector of a panel (8 chains).
  private static void kernel8x1(float[] a, int a0, int lda, int k, float[] bd, int panel,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int a4 = a3 + lda;
    final int a5 = a4 + lda;
    final int a6 = a5 + lda;
    final int a7 = a6 + lda;
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    FloatVector acc4 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
    FloatVector acc5 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
    FloatVector acc6 = FloatVector.fromArray(S, c, c0 + 6 * ldc);
    FloatVector acc7 = FloatVector.fromArray(S, c, c0 + 7 * ldc);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      acc0 = b0.fma(FloatVector.broadcast(S, a[a0 + p]), acc0);
      acc1 = b0.fma(FloatVector.broadcast(S, a[a1 + p]), acc1);
      acc2 = b0.fma(FloatVector.broadcast(S, a[a2 + p]), acc2);
      acc3 = b0.fma(FloatVector.broadcast(S, a[a3 + p]), acc3);
      acc4 = b0.fma(FloatVector.broadcast(S, a[a4 + p]), acc4);
      acc5 = b0.fma(FloatVector.broadcast(S, a[a5 + p]), acc5);
      acc6 = b0.fma(FloatVector.broadcast(S, a[a6 + p]), acc6);
      acc7 = b0.fma(FloatVector.broadcast(S, a[a7 + p]), acc7);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + ldc);
    acc2.intoArray(c, c0 + 2 * ldc);
    acc3.intoArray(c, c0 + 3 * ldc);
    acc4.intoArray(c, c0 + 4 * ldc);
    acc5.intoArray(c, c0 + 5 * ldc);
    acc6.intoArray(c, c0 + 6 * ldc);
    acc7.intoArray(c, c0 + 7 * ldc);
  }

  // 4 rows × the first vector of a panel (4 chains).
  private static void kernel4x1(float[] a, int a0, int lda, int k, float[] bd, int panel,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      acc0 = b0.fma(FloatVector.broadcast(S, a[a0 + p]), acc0);
      acc1 = b0.fma(FloatVector.broadcast(S, a[a1 + p]), acc1);
      acc2 = b0.fma(FloatVector.broadcast(S, a[a2 + p]), acc2);
      acc3 = b0.fma(FloatVector.broadcast(S, a[a3 + p]), acc3);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + ldc);
    acc2.intoArray(c, c0 + 2 * ldc);
    acc3.intoArray(c, c0 + 3 * ldc);
  }

  // One row × two panels and the first vector of the third (5 chains).
  private static void row2PanelsVector(float[] a, int a0, int k, float[] bd, int panel, float[] c, int c0) {
    final int ps = k * NR;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + NR);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + NR + V);
    FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * NR);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = FloatVector.fromArray(S, bd, bp).fma(x, c00);
      c01 = FloatVector.fromArray(S, bd, bp + V).fma(x, c01);
      c10 = FloatVector.fromArray(S, bd, bp + ps).fma(x, c10);
      c11 = FloatVector.fromArray(S, bd, bp + ps + V).fma(x, c11);
      c20 = FloatVector.fromArray(S, bd, bp + 2 * ps).fma(x, c20);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + V);
    c10.intoArray(c, c0 + NR);
    c11.intoArray(c, c0 + NR + V);
    c20.intoArray(c, c0 + 2 * NR);
  }

  // Rows [from, to) of two panels, at least 6: in groups of 6 rows, or fewer (at least 3) where 6
  // would leave a short group (32 rows, an LSTM step at batch 32, are 6+6+5+5+5+5: a last group
  // of 2 took 9% of the time for 6% of the work).
  private static void pairRows(float[] a, int aOff, int lda, int from, int to, int k, float[] bd, int bp, int ps,
                               float[] c, int cOff, int ldc) {
    int i = from;
    while (i < to) {
      final int r = to - i;
      final int groups = (r + 5) / 6;
      final int h = (r + groups - 1) / groups; // rows of this group: r spread evenly, at most 6
      final int ai = aOff + i * lda;
      final int ci = cOff + i * ldc;
      switch (h) {
        case 6:
          kernel6x4(a, ai, lda, k, bd, bp, ps, c, ci, ldc);
          break;
        case 5:
          kernel5x4(a, ai, lda, k, bd, bp, ps, c, ci, ldc);
          break;
        case 4:
          kernel4x4(a, ai, lda, k, bd, bp, ps, c, ci, ldc);
          break;
        case 3:
          kernel3x4(a, ai, lda, k, bd, bp, ps, c, ci, ldc);
          break;
        default: // h is at least 3 for the 6 rows or more given here; kept for safety
          for (int r2 = 0; r2 < h; r2++) {
            kernel1x2(a, ai + r2 * lda, k, bd, bp, c, ci + r2 * ldc);
            kernel1x2(a, ai + r2 * lda, k, bd, bp + ps, c, ci + r2 * ldc + NR);
          }
          break;
      }
      i += h;
    }
  }

  // 6 rows × two panels (4 vectors): 24 accumulators, for targets with 32 vector registers. Per k
  // step four panel vectors and six broadcasts serve 24 FMAs: half the broadcasts per FMA of the
  // 8×2 kernel. On Zen 4 the 32×512·512×2048 product of an LSTM(512) step at batch 32 ran at
  // 103–110 GFLOP/s on one core with it, against 84–99 with 8×2 (interleaved, thread CPU).
  // {@code ps} is the distance between the two panels (k of the whole matrix × NR).
  private static void kernel6x4(float[] a, int a0, int lda, int k, float[] bd, int panel, int ps,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int a4 = a3 + lda;
    final int a5 = a4 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    final int c3 = c2 + ldc;
    final int c4 = c3 + ldc;
    final int c5 = c4 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * V);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * V);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * V);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + V);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * V);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * V);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + V);
    FloatVector acc42 = FloatVector.fromArray(S, c, c4 + 2 * V);
    FloatVector acc43 = FloatVector.fromArray(S, c, c4 + 3 * V);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + V);
    FloatVector acc52 = FloatVector.fromArray(S, c, c5 + 2 * V);
    FloatVector acc53 = FloatVector.fromArray(S, c, c5 + 3 * V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector b2 = FloatVector.fromArray(S, bd, bp + ps);
      FloatVector b3 = FloatVector.fromArray(S, bd, bp + ps + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = b0.fma(x, acc00);
      acc01 = b1.fma(x, acc01);
      acc02 = b2.fma(x, acc02);
      acc03 = b3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = b0.fma(x, acc10);
      acc11 = b1.fma(x, acc11);
      acc12 = b2.fma(x, acc12);
      acc13 = b3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = b0.fma(x, acc20);
      acc21 = b1.fma(x, acc21);
      acc22 = b2.fma(x, acc22);
      acc23 = b3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = b0.fma(x, acc30);
      acc31 = b1.fma(x, acc31);
      acc32 = b2.fma(x, acc32);
      acc33 = b3.fma(x, acc33);
      x = FloatVector.broadcast(S, a[a4 + p]);
      acc40 = b0.fma(x, acc40);
      acc41 = b1.fma(x, acc41);
      acc42 = b2.fma(x, acc42);
      acc43 = b3.fma(x, acc43);
      x = FloatVector.broadcast(S, a[a5 + p]);
      acc50 = b0.fma(x, acc50);
      acc51 = b1.fma(x, acc51);
      acc52 = b2.fma(x, acc52);
      acc53 = b3.fma(x, acc53);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc02.intoArray(c, c0 + 2 * V);
    acc03.intoArray(c, c0 + 3 * V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc12.intoArray(c, c1 + 2 * V);
    acc13.intoArray(c, c1 + 3 * V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc22.intoArray(c, c2 + 2 * V);
    acc23.intoArray(c, c2 + 3 * V);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + V);
    acc32.intoArray(c, c3 + 2 * V);
    acc33.intoArray(c, c3 + 3 * V);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + V);
    acc42.intoArray(c, c4 + 2 * V);
    acc43.intoArray(c, c4 + 3 * V);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + V);
    acc52.intoArray(c, c5 + 2 * V);
    acc53.intoArray(c, c5 + 3 * V);
  }

  // 5, 4 and 3 rows × two panels: the groups of pairRows when the rows are not a multiple of 6.
  private static void kernel5x4(float[] a, int a0, int lda, int k, float[] bd, int panel, int ps,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int a4 = a3 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    final int c3 = c2 + ldc;
    final int c4 = c3 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * V);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * V);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * V);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + V);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * V);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * V);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + V);
    FloatVector acc42 = FloatVector.fromArray(S, c, c4 + 2 * V);
    FloatVector acc43 = FloatVector.fromArray(S, c, c4 + 3 * V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector b2 = FloatVector.fromArray(S, bd, bp + ps);
      FloatVector b3 = FloatVector.fromArray(S, bd, bp + ps + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = b0.fma(x, acc00);
      acc01 = b1.fma(x, acc01);
      acc02 = b2.fma(x, acc02);
      acc03 = b3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = b0.fma(x, acc10);
      acc11 = b1.fma(x, acc11);
      acc12 = b2.fma(x, acc12);
      acc13 = b3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = b0.fma(x, acc20);
      acc21 = b1.fma(x, acc21);
      acc22 = b2.fma(x, acc22);
      acc23 = b3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = b0.fma(x, acc30);
      acc31 = b1.fma(x, acc31);
      acc32 = b2.fma(x, acc32);
      acc33 = b3.fma(x, acc33);
      x = FloatVector.broadcast(S, a[a4 + p]);
      acc40 = b0.fma(x, acc40);
      acc41 = b1.fma(x, acc41);
      acc42 = b2.fma(x, acc42);
      acc43 = b3.fma(x, acc43);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc02.intoArray(c, c0 + 2 * V);
    acc03.intoArray(c, c0 + 3 * V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc12.intoArray(c, c1 + 2 * V);
    acc13.intoArray(c, c1 + 3 * V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc22.intoArray(c, c2 + 2 * V);
    acc23.intoArray(c, c2 + 3 * V);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + V);
    acc32.intoArray(c, c3 + 2 * V);
    acc33.intoArray(c, c3 + 3 * V);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + V);
    acc42.intoArray(c, c4 + 2 * V);
    acc43.intoArray(c, c4 + 3 * V);
  }

  private static void kernel4x4(float[] a, int a0, int lda, int k, float[] bd, int panel, int ps,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    final int c3 = c2 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * V);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * V);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * V);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + V);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * V);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector b2 = FloatVector.fromArray(S, bd, bp + ps);
      FloatVector b3 = FloatVector.fromArray(S, bd, bp + ps + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = b0.fma(x, acc00);
      acc01 = b1.fma(x, acc01);
      acc02 = b2.fma(x, acc02);
      acc03 = b3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = b0.fma(x, acc10);
      acc11 = b1.fma(x, acc11);
      acc12 = b2.fma(x, acc12);
      acc13 = b3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = b0.fma(x, acc20);
      acc21 = b1.fma(x, acc21);
      acc22 = b2.fma(x, acc22);
      acc23 = b3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = b0.fma(x, acc30);
      acc31 = b1.fma(x, acc31);
      acc32 = b2.fma(x, acc32);
      acc33 = b3.fma(x, acc33);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc02.intoArray(c, c0 + 2 * V);
    acc03.intoArray(c, c0 + 3 * V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc12.intoArray(c, c1 + 2 * V);
    acc13.intoArray(c, c1 + 3 * V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc22.intoArray(c, c2 + 2 * V);
    acc23.intoArray(c, c2 + 3 * V);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + V);
    acc32.intoArray(c, c3 + 2 * V);
    acc33.intoArray(c, c3 + 3 * V);
  }

  private static void kernel3x4(float[] a, int a0, int lda, int k, float[] bd, int panel, int ps,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * V);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * V);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * V);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector b2 = FloatVector.fromArray(S, bd, bp + ps);
      FloatVector b3 = FloatVector.fromArray(S, bd, bp + ps + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = b0.fma(x, acc00);
      acc01 = b1.fma(x, acc01);
      acc02 = b2.fma(x, acc02);
      acc03 = b3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = b0.fma(x, acc10);
      acc11 = b1.fma(x, acc11);
      acc12 = b2.fma(x, acc12);
      acc13 = b3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = b0.fma(x, acc20);
      acc21 = b1.fma(x, acc21);
      acc22 = b2.fma(x, acc22);
      acc23 = b3.fma(x, acc23);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc02.intoArray(c, c0 + 2 * V);
    acc03.intoArray(c, c0 + 3 * V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc12.intoArray(c, c1 + 2 * V);
    acc13.intoArray(c, c1 + 3 * V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc22.intoArray(c, c2 + 2 * V);
    acc23.intoArray(c, c2 + 3 * V);
  }

  // 8 rows × 2 vectors: 16 accumulators, for targets with 32 vector registers (AVX-512). Per k
  // step two panel vectors serve 16 FMAs, half the panel traffic of the 4-row kernel.
  private static void kernel8x2(float[] a, int a0, int lda, int k, float[] bd, int panel,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int a4 = a3 + lda;
    final int a5 = a4 + lda;
    final int a6 = a5 + lda;
    final int a7 = a6 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    final int c3 = c2 + ldc;
    final int c4 = c3 + ldc;
    final int c5 = c4 + ldc;
    final int c6 = c5 + ldc;
    final int c7 = c6 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + V);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + V);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + V);
    FloatVector acc60 = FloatVector.fromArray(S, c, c6);
    FloatVector acc61 = FloatVector.fromArray(S, c, c6 + V);
    FloatVector acc70 = FloatVector.fromArray(S, c, c7);
    FloatVector acc71 = FloatVector.fromArray(S, c, c7 + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = b0.fma(x, acc00);
      acc01 = b1.fma(x, acc01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = b0.fma(x, acc10);
      acc11 = b1.fma(x, acc11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = b0.fma(x, acc20);
      acc21 = b1.fma(x, acc21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = b0.fma(x, acc30);
      acc31 = b1.fma(x, acc31);
      x = FloatVector.broadcast(S, a[a4 + p]);
      acc40 = b0.fma(x, acc40);
      acc41 = b1.fma(x, acc41);
      x = FloatVector.broadcast(S, a[a5 + p]);
      acc50 = b0.fma(x, acc50);
      acc51 = b1.fma(x, acc51);
      x = FloatVector.broadcast(S, a[a6 + p]);
      acc60 = b0.fma(x, acc60);
      acc61 = b1.fma(x, acc61);
      x = FloatVector.broadcast(S, a[a7 + p]);
      acc70 = b0.fma(x, acc70);
      acc71 = b1.fma(x, acc71);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + V);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + V);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + V);
    acc60.intoArray(c, c6);
    acc61.intoArray(c, c6 + V);
    acc70.intoArray(c, c7);
    acc71.intoArray(c, c7 + V);
  }

  // 4 rows × 2 vectors; the k loop reads two panel vectors and four scalars of a per step.
  private static void kernel4x2(float[] a, int a0, int lda, int k, float[] bd, int panel,
                                float[] c, int c0, int ldc) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    final int c1 = c0 + ldc;
    final int c2 = c1 + ldc;
    final int c3 = c2 + ldc;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + V);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + V);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bd, bp);
      FloatVector b1 = FloatVector.fromArray(S, bd, bp + V);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
      acc00 = b0.fma(x0, acc00);
      acc01 = b1.fma(x0, acc01);
      acc10 = b0.fma(x1, acc10);
      acc11 = b1.fma(x1, acc11);
      acc20 = b0.fma(x2, acc20);
      acc21 = b1.fma(x2, acc21);
      acc30 = b0.fma(x3, acc30);
      acc31 = b1.fma(x3, acc31);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + V);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + V);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + V);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + V);
  }

  // One row × four consecutive panels (8 vectors of c); panel q+1 starts k·NR floats after q.
  private static void row4Panels(float[] a, int a0, int k, float[] bd, int panel, float[] c, int c0) {
    final int ps = k * NR;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + NR);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + NR + V);
    FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * NR);
    FloatVector c21 = FloatVector.fromArray(S, c, c0 + 2 * NR + V);
    FloatVector c30 = FloatVector.fromArray(S, c, c0 + 3 * NR);
    FloatVector c31 = FloatVector.fromArray(S, c, c0 + 3 * NR + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = FloatVector.fromArray(S, bd, bp).fma(x, c00);
      c01 = FloatVector.fromArray(S, bd, bp + V).fma(x, c01);
      c10 = FloatVector.fromArray(S, bd, bp + ps).fma(x, c10);
      c11 = FloatVector.fromArray(S, bd, bp + ps + V).fma(x, c11);
      c20 = FloatVector.fromArray(S, bd, bp + 2 * ps).fma(x, c20);
      c21 = FloatVector.fromArray(S, bd, bp + 2 * ps + V).fma(x, c21);
      c30 = FloatVector.fromArray(S, bd, bp + 3 * ps).fma(x, c30);
      c31 = FloatVector.fromArray(S, bd, bp + 3 * ps + V).fma(x, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + V);
    c10.intoArray(c, c0 + NR);
    c11.intoArray(c, c0 + NR + V);
    c20.intoArray(c, c0 + 2 * NR);
    c21.intoArray(c, c0 + 2 * NR + V);
    c30.intoArray(c, c0 + 3 * NR);
    c31.intoArray(c, c0 + 3 * NR + V);
  }

  // One row × two consecutive panels (4 chains). Like every kernel here, each element of c sums
  // its products in p order, one FMA after the other, so that a row's result is the same whichever
  // kernel (and so whichever batch size or position in the batch) computes it.
  private static void row2Panels(float[] a, int a0, int k, float[] bd, int panel, float[] c, int c0) {
    final int ps = k * NR;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + V);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + NR);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + NR + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = FloatVector.fromArray(S, bd, bp).fma(x, c00);
      c01 = FloatVector.fromArray(S, bd, bp + V).fma(x, c01);
      c10 = FloatVector.fromArray(S, bd, bp + ps).fma(x, c10);
      c11 = FloatVector.fromArray(S, bd, bp + ps + V).fma(x, c11);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + V);
    c10.intoArray(c, c0 + NR);
    c11.intoArray(c, c0 + NR + V);
  }

  // One row × one panel (2 chains): a batch-1 step of a small layer, and the rows left over by the
  // 8- and 4-row kernels.
  private static void kernel1x2(float[] a, int a0, int k, float[] bd, int panel, float[] c, int c0) {
    FloatVector c0v = FloatVector.fromArray(S, c, c0);
    FloatVector c1v = FloatVector.fromArray(S, c, c0 + V);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c0v = FloatVector.fromArray(S, bd, bp).fma(x, c0v);
      c1v = FloatVector.fromArray(S, bd, bp + V).fma(x, c1v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + V);
  }

  // One row × the first vector of a panel (one chain): the rows the 8- and 4-row kernels leave.
  private static void kernel1x1(float[] a, int a0, int k, float[] bd, int panel, float[] c, int c0) {
    FloatVector acc = FloatVector.fromArray(S, c, c0);
    for (int p = 0, bp = panel; p < k; p++, bp += NR) {
      acc = FloatVector.fromArray(S, bd, bp).fma(FloatVector.broadcast(S, a[a0 + p]), acc);
    }
    acc.intoArray(c, c0);
  }

  /**
   * Column chunks of fewer than two panels run the 8×2 kernel instead of 6×4, and each column chunk
   * streams all of {@code a} again: a Transformer's products at batch 16 (2048 rows of 128 or 512)
   * split into eight column chunks read 1-4 MB of {@code a} eight times, from L3, and two threads
   * spent ~1.3× one thread's CPU on them. When there are rows for every thread, {@code a} is at
   * least as tall as {@code b} is wide (or the chunks are narrower than two panels) and {@code b}
   * stays in L2 ({@link #ROW_SPLIT_MAX_FLOATS}), whole rows are split instead. A recurrent step
   * (32 rows of a 2048-column kernel) and the projection of a large recurrent kernel keep the
   * column split. Each output still starts from c and takes its products in p order: same bits.
   */
  @Override
  public boolean splitByRows(int m, PackedMatrix b, int threads, int chunks) {
    return ROW_SPLIT && m >= 16 * threads && (long) b.k * b.n <= ROW_SPLIT_MAX_FLOATS
        && (m >= b.n || b.n < 2L * NR * chunks);
  }

  private static final boolean ROW_SPLIT = !Boolean.getBoolean("kerasj.panama.columnSplitOnly");

  /** Largest b (floats) that {@link #splitByRows} lets every chunk read: 512 KB, half of a 1 MB L2. */
  static final long ROW_SPLIT_MAX_FLOATS = Long.getLong("kerasj.panama.rowSplitMaxFloats", 128 * 1024);

  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

  // Narrow outputs (a Dense(10) head over every time step): each row is computed in whole vectors
  // on zero-padded weights and stored as whole vectors. A store spills past its row into the next
  // rows' heads, which their own later stores overwrite (rows go in order and nothing is
  // accumulated from out); only a store that would cross the end of the output goes lane by lane.
  @Override
  public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n,
                           float[] out, int outOff) {
    final int end = outOff + rows * n;
    if (n > V) {
      final FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, 0);
      final FloatVector b1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, V);
      for (int r = 0; r < rows; r++) {
        FloatVector acc0 = b0;
        FloatVector acc1 = b1;
        final int ar = aOff + r * k;
        for (int p = 0, wp = 0; p < k; p++, wp += 2 * V) {
          FloatVector x = FloatVector.broadcast(S, a[ar + p]);
          acc0 = FloatVector.fromArray(S, w, wp).fma(x, acc0);
          acc1 = FloatVector.fromArray(S, w, wp + V).fma(x, acc1);
        }
        final int o = outOff + r * n;
        acc0.intoArray(out, o);
        storeUpTo(acc1, out, o + V, Math.min(end, o + n + V));
      }
      return;
    }
    final FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, 0);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      FloatVector acc0 = b0;
      FloatVector acc1 = b0;
      FloatVector acc2 = b0;
      FloatVector acc3 = b0;
      final int a0 = aOff + r * k;
      for (int p = 0, wp = 0; p < k; p++, wp += V) {
        FloatVector wv = FloatVector.fromArray(S, w, wp);
        acc0 = wv.fma(FloatVector.broadcast(S, a[a0 + p]), acc0);
        acc1 = wv.fma(FloatVector.broadcast(S, a[a0 + k + p]), acc1);
        acc2 = wv.fma(FloatVector.broadcast(S, a[a0 + 2 * k + p]), acc2);
        acc3 = wv.fma(FloatVector.broadcast(S, a[a0 + 3 * k + p]), acc3);
      }
      final int o = outOff + r * n;
      storeUpTo(acc0, out, o, end);
      storeUpTo(acc1, out, o + n, end);
      storeUpTo(acc2, out, o + 2 * n, end);
      storeUpTo(acc3, out, o + 3 * n, end);
    }
    for (; r < rows; r++) {
      FloatVector acc = b0;
      final int ar = aOff + r * k;
      for (int p = 0, wp = 0; p < k; p++, wp += V) {
        acc = FloatVector.fromArray(S, w, wp).fma(FloatVector.broadcast(S, a[ar + p]), acc);
      }
      storeUpTo(acc, out, outOff + r * n, end);
    }
  }

  // Stores v at off, but no lane at or beyond end.
  private static void storeUpTo(FloatVector v, float[] out, int off, int end) {
    if (off + V <= end) {
      v.intoArray(out, off);
    } else {
      for (int j = 0; off + j < end; j++) {
        out[off + j] = v.lane(j);
      }
    }
  }

  // FastMath.exp lane-wise. k is rounded with FastMath's magic-number add rather than an F2I
  // conversion: JDK 17's C2 does not intrinsify that conversion and boxes every vector (~100 B
  // per element); adds and reinterpretations compile to plain instructions on JDK 17 and later.
  private static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(FastMath.EXP_LO).min(FastMath.EXP_HI);
    FloatVector y = xc.fma(FloatVector.broadcast(S, FastMath.LOG2E), FloatVector.broadcast(S, FastMath.ROUND_MAGIC));
    FloatVector fk = y.sub(FastMath.ROUND_MAGIC);
    IntVector k = y.reinterpretAsInts().sub(FastMath.ROUND_MAGIC_BITS);
    FloatVector r = fk.fma(FloatVector.broadcast(S, -FastMath.LN2_HI), xc);
    r = fk.fma(FloatVector.broadcast(S, -FastMath.LN2_LO), r);
    FloatVector z = r.mul(r);
    FloatVector p = r.fma(FloatVector.broadcast(S, FastMath.P0), FloatVector.broadcast(S, FastMath.P1));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P2));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P3));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P4));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P5));
    p = p.fma(z, r.add(1f));
    IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
    IntVector k2 = k.sub(k1);
    FloatVector s1 = (FloatVector) k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = (FloatVector) k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
  }

  // FastMath.tanh lane-wise: no exp and no blend, so the whole function stays a short
  // straight line that C2 inlines and keeps in registers (the exp-based form with two blends did
  // not inline reliably and then boxed its vectors).
  private static FloatVector tanh(FloatVector a) {
    FloatVector x = a.min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
    FloatVector q = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
    q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
    q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
    return x.mul(p.div(q));
  }

  // FastMath.sigmoid lane-wise: one clamp, one scale factor, no blend.
  private static FloatVector sigmoid(FloatVector x) {
    FloatVector a = x.neg().max(FastMath.SIG_LO).min(FastMath.SIG_HI);
    FloatVector y = a.fma(FloatVector.broadcast(S, FastMath.LOG2E), FloatVector.broadcast(S, FastMath.ROUND_MAGIC));
    FloatVector fk = y.sub(FastMath.ROUND_MAGIC);
    IntVector k = y.reinterpretAsInts().sub(FastMath.ROUND_MAGIC_BITS);
    FloatVector r = fk.fma(FloatVector.broadcast(S, -FastMath.LN2_HI), a);
    r = fk.fma(FloatVector.broadcast(S, -FastMath.LN2_LO), r);
    FloatVector z = r.mul(r);
    FloatVector p = r.fma(FloatVector.broadcast(S, FastMath.P0), FloatVector.broadcast(S, FastMath.P1));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P2));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P3));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P4));
    p = p.fma(r, FloatVector.broadcast(S, FastMath.P5));
    p = p.fma(z, r.add(1f));
    FloatVector e = p.mul((FloatVector) k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    return ONE.div(e.add(1f));
  }

  @Override
  public float expSum(float[] a, int off, int len, float shift) {
    FloatVector sum = FloatVector.zero(S);
    FloatVector sh = FloatVector.broadcast(S, shift);
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += V) {
      FloatVector e = exp(FloatVector.fromArray(S, a, off + i).sub(sh));
      e.intoArray(a, off + i);
      sum = sum.add(e);
    }
    float s = sumLanes(sum, LANES.get());
    for (; i < len; i++) {
      float e = FastMath.expFma(a[off + i] - shift);
      a[off + i] = e;
      s += e;
    }
    return s;
  }

  @Override
  public void softmax(float[] a, int off, int len, float scale) {
    final int bound = S.loopBound(len);
    FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    if (scale != 1f) {
      for (; i < bound; i += V) {
        FloatVector x = FloatVector.fromArray(S, a, off + i).mul(scale);
        x.intoArray(a, off + i);
        mx = mx.max(x);
      }
      for (int j = i; j < len; j++) {
        a[off + j] *= scale;
      }
    } else {
      for (; i < bound; i += V) {
        mx = mx.max(FloatVector.fromArray(S, a, off + i));
      }
    }
    float max = mx.reduceLanes(VectorOperators.MAX);
    for (; i < len; i++) {
      max = Math.max(max, a[off + i]);
    }
    final float inv = 1f / expSum(a, off, len, max);
    i = 0;
    for (; i < bound; i += V) {
      FloatVector.fromArray(S, a, off + i).mul(inv).intoArray(a, off + i);
    }
    for (; i < len; i++) {
      a[off + i] *= inv;
    }
  }

  @Override
  public void layerNormRows(float[] a, int off, int rows, int n, float epsilon, float[] gamma, float[] beta,
                            Norm norm) {
    final boolean rms = norm == Norm.RMS;
    final int bound = S.loopBound(n);
    final float[] lanes = LANES.get();
    for (int r = 0; r < rows; r++) {
      final int o = off + r * n;
      FloatVector acc;
      int i;
      float mean = 0f; // RMS: no mean; the second pass sums the squares
      if (!rms) {
        acc = FloatVector.zero(S);
        for (i = 0; i < bound; i += V) {
          acc = acc.add(FloatVector.fromArray(S, a, o + i));
        }
        float sum = sumLanes(acc, lanes);
        for (; i < n; i++) {
          sum += a[o + i];
        }
        mean = sum / n;
      }
      final FloatVector mv = FloatVector.broadcast(S, mean);
      acc = FloatVector.zero(S);
      for (i = 0; i < bound; i += V) {
        FloatVector d = FloatVector.fromArray(S, a, o + i).sub(mv);
        acc = d.fma(d, acc);
      }
      float sq = sumLanes(acc, lanes);
      for (; i < n; i++) {
        final float d = a[o + i] - mean;
        sq = Math.fma(d, d, sq);
      }
      final float var = sq / n;
      final float inv = (float) (1.0 / Math.sqrt((double) var + epsilon));
      final float c = norm == Norm.LAYER ? mean : 0f;
      final FloatVector cv = FloatVector.broadcast(S, c);
      final FloatVector iv = FloatVector.broadcast(S, inv);
      for (i = 0; i < bound; i += V) {
        FloatVector w = gamma == null ? iv : iv.mul(FloatVector.fromArray(S, gamma, i));
        FloatVector b = beta == null ? FloatVector.zero(S) : FloatVector.fromArray(S, beta, i);
        FloatVector.fromArray(S, a, o + i).sub(cv).fma(w, b).intoArray(a, o + i);
      }
      for (; i < n; i++) {
        final float w = gamma == null ? inv : inv * gamma[i];
        a[o + i] = Math.fma(a[o + i] - c, w, beta == null ? 0f : beta[i]);
      }
    }
  }

  @Override
  public void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), FloatVector.fromArray(S, c, cOff + i))
          .intoArray(c, cOff + i);
    }
    for (; i < n; i++) {
      c[cOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i]);
    }
  }

  // Lane numbers, for the mask of a vector that holds the last sigmoid gate and the tanh gate.
  private static final float[] IOTA = new float[V];

  static {
    for (int i = 0; i < V; i++) {
      IOTA[i] = i;
    }
  }

  @Override
  public void lstmGates(float[] z, int zOff, int w, int units, float[] c, int cOff, float[] h, int hOff,
                        float[] out, int outOff) {
    if (w % V == 0) {
      gateSigmoid(z, zOff, 3 * w);
      tanh(z, zOff + 3 * w, w);
      lstmCellOutput(z, zOff, w, units, c, cOff, h, hOff, out, outOff);
    } else if (w < V) {
      gateSigmoidTanh(z, zOff, 4 * w, 3 * w);
      lstmUnits(z, zOff, w, 0, units, c, cOff, h, hOff, out, outOff);
    } else {
      VectorKernels.super.lstmGates(z, zOff, w, units, c, cOff, h, hOff, out, outOff);
    }
  }

  @Override
  public void lstmBlocks(float[] z, int zOff, int zStride, int rows, int units, int block, int from, int to,
                         float[] c, float[] h, float[] out, int outOff, int outStride) {
    if (block != V) {
      VectorKernels.super.lstmBlocks(z, zOff, zStride, rows, units, block, from, to, c, h, out, outOff, outStride);
      return;
    }
    final int r = units % V;
    final int full = to == units ? units - r : to; // units [from, full) are in whole blocks
    if (full < to && 4 * r <= V && full - V >= from) {
      // The partial block's gates fill one vector: it runs with the last whole block, in registers.
      for (int b = 0; b < rows; b++) {
        final int zb = zOff + b * zStride;
        final int s = b * units;
        final int ob = outOff + b * outStride;
        for (int j = from; j < full - V; j += V) {
          lstmBlock(z, zb + 4 * j, c, s + j, h, out, ob + j);
        }
        lstmBlockTail(z, zb + 4 * (full - V), r, c, s + full - V, h, out, ob + full - V);
      }
      return;
    }
    // A partial block's tanh(c) runs on the row's last vector of c, in a second pass over the rows:
    // read right after its units' scalar stores, that vector load would wait for them to retire.
    final boolean tailVector = full < to && units - V >= from;
    for (int b = 0; b < rows; b++) {
      final int zb = zOff + b * zStride;
      final int s = b * units;
      final int ob = outOff + b * outStride;
      if (full < to) {
        final int zt = zb + 4 * full;
        gateSigmoidTanh(z, zt, 4 * r, 3 * r);
        if (tailVector) {
          for (int m = 0; m < r; m++) {
            c[s + full + m] = z[zt + r + m] * c[s + full + m] + z[zt + m] * z[zt + 3 * r + m];
          }
        } else {
          lstmUnits(z, zt, r, 0, r, c, s + full, h, s + full, out, ob + full);
        }
      }
      for (int j = from; j < full; j += V) {
        lstmBlock(z, zb + 4 * j, c, s + j, h, out, ob + j);
      }
    }
    if (tailVector) {
      for (int b = 0; b < rows; b++) {
        final int zt = zOff + b * zStride + 4 * full;
        final int s = b * units;
        // tanh(c) lands in the last whole block's g columns, used up by now.
        lstmTailOutput(z, zt, r, c, s + units - V, zt - V, h, s + full, out, outOff + b * outStride + full);
      }
    }
  }

  // Per partial block width r (4r ≤ V): the lane permutations that bring its i, f, o and g (lanes
  // [0, r), [r, 2r), ...) to lanes [V − r, V), and the one that moves the last whole block's lanes
  // [r, V) to [0, V − r). The partial block's units are then the last r lanes of a vector whose other
  // lanes are the whole block's last V − r units: c, h and out are stored whole, no lane alone.
  private static final VectorShuffle<Float>[][] TAIL = tailShuffles();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[][] tailShuffles() {
    VectorShuffle<Float>[][] t = new VectorShuffle[V / 4 + 1][];
    for (int r = 1; 4 * r <= V; r++) {
      t[r] = new VectorShuffle[5];
      for (int g = 0; g < 5; g++) {
        int[] idx = new int[V];
        for (int l = 0; l < V; l++) {
          idx[l] = g == 4 ? (l < V - r ? l + r : l) : (l < V - r ? 0 : g * r + l - (V - r));
        }
        t[r][g] = VectorShuffle.fromArray(S, idx, 0);
      }
    }
    return t;
  }

  // lstmBlock for the last whole block (gates at zj, units at cj of c and h, oj of out) and the
  // partial block of r units after it (4r ≤ V, gates in the one vector at zj + 4V), whose c, h and
  // out are stored as the V units ending the row (see TAIL). tanh written out as in lstmBlock.
  private static void lstmBlockTail(float[] z, int zj, int r, float[] c, int cj, float[] h, float[] out, int oj) {
    final int zt = zj + 4 * V;
    final int w = cj + r; // the row's last V units
    final VectorShuffle<Float>[] sh = TAIL[r];
    final VectorMask<Float> tail = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (float) (V - r));
    final VectorMask<Float> sig = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.LT, (float) (3 * r));
    final FloatVector cOld = FloatVector.fromArray(S, c, w);
    for (int q = zj; q <= zt; q += V) {
      FloatVector x = FloatVector.fromArray(S, z, q).min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
      FloatVector x2 = x.mul(x);
      FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
      FloatVector d = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
      d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
      d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
      FloatVector t = x.mul(p.div(d));
      // i, f, o of the whole block, then g; the partial block: sigmoid below lane 3r.
      (q < zj + 3 * V ? t.fma(0.5f, 0.5f) : q == zt ? t.fma(0.5f, 0.5f).blend(t, sig.not()) : t).intoArray(z, q);
    }
    final FloatVector ta = FloatVector.fromArray(S, z, zt);
    final FloatVector cb = FloatVector.fromArray(S, z, zj + V).mul(FloatVector.fromArray(S, c, cj))
        .add(FloatVector.fromArray(S, z, zj).mul(FloatVector.fromArray(S, z, zj + 3 * V)));
    final FloatVector ct = ta.rearrange(sh[1]).mul(cOld).add(ta.rearrange(sh[0]).mul(ta.rearrange(sh[3])));
    final FloatVector cw = cb.rearrange(sh[4]).blend(ct, tail);
    cb.intoArray(c, cj);
    cw.intoArray(c, w);
    final FloatVector ow = FloatVector.fromArray(S, z, zj + 2 * V).rearrange(sh[4]).blend(ta.rearrange(sh[2]), tail);
    // tanh(cw): its lanes [0, V − r) are the whole block's last units again, so one tanh serves both.
    FloatVector x = cw.min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
    FloatVector d = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
    final FloatVector hw = ow.mul(x.mul(p.div(d)));
    // The whole block's first r units are not in the window: their h from tanh of cb.
    x = cb.min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
    x2 = x.mul(x);
    p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
    d = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
    final FloatVector hb = FloatVector.fromArray(S, z, zj + 2 * V).mul(x.mul(p.div(d)));
    hb.intoArray(h, cj);
    hb.intoArray(out, oj);
    hw.intoArray(h, w);
    hw.intoArray(out, oj + r);
  }

  // One whole block of V units in one method: its four gate vectors (sigmoid as ½·tanh + ½ for i, f,
  // o), then the cell update and output with tanh(c) in registers. tanh is written out, twice,
  // rather than called: a call to tanh(FloatVector) from here is not inlined (C2's node-count
  // cutoff) and boxes its vectors, 64 bytes each (see lstmCellOutput).
  private static void lstmBlock(float[] z, int zj, float[] c, int cj, float[] h, float[] out, int oj) {
    for (int q = zj; q < zj + 4 * V; q += V) {
      FloatVector x = FloatVector.fromArray(S, z, q).min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
      FloatVector x2 = x.mul(x);
      FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
      FloatVector d = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
      d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
      d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
      FloatVector t = x.mul(p.div(d));
      (q < zj + 3 * V ? t.fma(0.5f, 0.5f) : t).intoArray(z, q);
    }
    FloatVector cv = FloatVector.fromArray(S, z, zj + V).mul(FloatVector.fromArray(S, c, cj))
        .add(FloatVector.fromArray(S, z, zj).mul(FloatVector.fromArray(S, z, zj + 3 * V)));
    cv.intoArray(c, cj);
    FloatVector x = cv.min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
    FloatVector d = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
    d = d.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
    FloatVector hv = FloatVector.fromArray(S, z, zj + 2 * V).mul(x.mul(p.div(d)));
    hv.intoArray(h, cj);
    hv.intoArray(out, oj);
  }

  // h = o·tanh(c) for the r units of a partial block whose gates are at z[zt...] and whose c ends the
  // V values of c at cv; tanh(c) goes through z[t ... t + V).
  private static void lstmTailOutput(float[] z, int zt, int r, float[] c, int cv, int t, float[] h, int hOff,
                                     float[] out, int outOff) {
    // tanh, written out (see lstmCellOutput)
    FloatVector x = FloatVector.fromArray(S, c, cv).min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
    p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
    FloatVector q = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
    q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
    q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
    x.mul(p.div(q)).intoArray(z, t);
    final int t0 = t + V - r;
    for (int m = 0; m < r; m++) {
      float hj = z[zt + 2 * r + m] * z[t0 + m];
      h[hOff + m] = hj;
      out[outOff + m] = hj;
    }
  }

  // The cell update and output on activated gates, on whole vectors with tanh(c) in registers.
  // tanh is written out here rather than called: this loop is parsed after the activations' loops
  // in lstmGates, when C2 has reached its inlining node-count cutoff and would no longer inline a
  // call to tanh(FloatVector) (whose vectors then get boxed); the Vector API's own methods are
  // force-inlined past the cutoff.
  private static void lstmCellOutput(float[] z, int zOff, int w, int units, float[] c, int cOff, float[] h, int hOff,
                                     float[] out, int outOff) {
    final int zf = zOff + w;
    final int zo = zOff + 2 * w;
    final int zg = zOff + 3 * w;
    int j = 0;
    for (int bound = S.loopBound(units); j < bound; j += V) {
      FloatVector cv = FloatVector.fromArray(S, z, zf + j).mul(FloatVector.fromArray(S, c, cOff + j))
          .add(FloatVector.fromArray(S, z, zOff + j).mul(FloatVector.fromArray(S, z, zg + j)));
      cv.intoArray(c, cOff + j);
      // tanh(cv), as tanh(FloatVector)
      FloatVector x = cv.min(FastMath.TANH_CLAMP).max(-FastMath.TANH_CLAMP);
      FloatVector x2 = x.mul(x);
      FloatVector p = x2.fma(FloatVector.broadcast(S, FastMath.TA13), FloatVector.broadcast(S, FastMath.TA11));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA9));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA7));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA5));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA3));
      p = p.fma(x2, FloatVector.broadcast(S, FastMath.TA1));
      FloatVector q = x2.fma(FloatVector.broadcast(S, FastMath.TB6), FloatVector.broadcast(S, FastMath.TB4));
      q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB2));
      q = q.fma(x2, FloatVector.broadcast(S, FastMath.TB0));
      FloatVector hv = FloatVector.fromArray(S, z, zo + j).mul(x.mul(p.div(q)));
      hv.intoArray(h, hOff + j);
      hv.intoArray(out, outOff + j);
    }
    lstmUnits(z, zOff, w, j, units, c, cOff, h, hOff, out, outOff);
  }

  // Units [from, units) of lstmCellOutput one by one (FastMath.tanhFma is tanh(FloatVector) on one lane).
  private static void lstmUnits(float[] z, int zOff, int w, int from, int units, float[] c, int cOff, float[] h,
                                int hOff, float[] out, int outOff) {
    for (int j = from; j < units; j++) {
      float cj = z[zOff + w + j] * c[cOff + j] + z[zOff + j] * z[zOff + 3 * w + j];
      c[cOff + j] = cj;
      float hj = z[zOff + 2 * w + j] * FastMath.tanhFma(cj);
      h[hOff + j] = hj;
      out[outOff + j] = hj;
    }
  }

  // The n values from off in whole vectors (padding after them included), the gate sigmoid (see
  // lstmGates: ½·tanh + ½ of halved pre-activations) below off + sig and tanh from there: the gates
  // of a partial LSTM block, whose 4w columns fill fewer vectors than its gates would one by one.
  // One tanh per vector, the sigmoid lanes blended in (tanh's −0 stays −0, as in the scalar kernels).
  private static void gateSigmoidTanh(float[] a, int off, int n, int sig) {
    final FloatVector lanes = FloatVector.fromArray(S, IOTA, 0);
    for (int v0 = 0; v0 < n; v0 += V) {
      FloatVector t = tanh(FloatVector.fromArray(S, a, off + v0));
      t.fma(0.5f, 0.5f).blend(t, lanes.compare(VectorOperators.GE, (float) (sig - v0))).intoArray(a, off + v0);
    }
  }

  // The gate sigmoid of lstmGates, ½·tanh(x) + ½, on len values (a multiple of V) from off.
  private static void gateSigmoid(float[] a, int off, int len) {
    for (int i = 0; i < len; i += V) {
      tanh(FloatVector.fromArray(S, a, off + i)).fma(0.5f, 0.5f).intoArray(a, off + i);
    }
  }

  @Override
  public void tanh(float[] a, int off, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += V) {
      tanh(FloatVector.fromArray(S, a, off + i)).intoArray(a, off + i);
    }
    for (; i < len; i++) {
      a[off + i] = FastMath.tanhFma(a[off + i]);
    }
  }

  @Override
  public void sigmoid(float[] a, int off, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += V) {
      sigmoid(FloatVector.fromArray(S, a, off + i)).intoArray(a, off + i);
    }
    for (; i < len; i++) {
      a[off + i] = FastMath.sigmoidFma(a[off + i]);
    }
  }
}
