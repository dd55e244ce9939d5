package io.kerasj.internal.vectorization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The portable implementation, used when the Vector API is not readable: plain loops written so
 * that HotSpot's auto-vectorizer (C2's SuperWord, JDK 17 and later) turns their inner loops into
 * SIMD code.
 *
 * <p>SuperWord vectorizes a loop over several {@code float[]} only when it can prove the stores
 * do not overlap later loads, which it does by comparing index expressions: every array in an
 * inner loop here is indexed by the loop variable alone. Weights are packed as one array per
 * panel row ({@link PackedMatrix#rows}), and the rows of {@code c} being computed are copied into
 * per-thread accumulator arrays, so the inner loop is {@code acc[j] = fma(x, row[j], acc[j])} over
 * a long run of columns. Each pass of that loop takes several panel rows (four rows of {@code a}
 * by two panel rows in rows4; two by four in rows2, over runs of 192 columns or more; one by four
 * in row1): the partial sum stays in a register between them, which divides the loads and stores
 * per multiply-add, and the loop body stays small enough for JDK 17's unroller to vectorize it.
 *
 * <p>Every element of {@code c} is its products added one after the other in {@code p} order with
 * {@link Math#fma}, as in {@code PanamaKernels}, and {@link #tanh} and {@link #sigmoid} are the
 * Vector API formulas for one lane ({@link FastMath#tanhFma}): the two implementations give the
 * same bits, whatever the batch. Without hardware FMA ({@link FastMath#FMA} false) plain
 * multiply-add and {@link FastMath}'s plain formulas are used instead.
 */
public final class ScalarKernels implements VectorKernels {
  /** Width of the column panels of the row layout: long inner loops, and a block of rows in L2. */
  static final int NR = Math.max(16, Integer.getInteger("kerasj.scalar.nr", 512));
  /** Panel rows per pass over the rows of {@code a}: {@code KC × NR} floats stay in L2 meanwhile. */
  static final int KC = Math.max(2, Integer.getInteger("kerasj.scalar.kc", 256));

  // Four accumulator rows per thread (distinct arrays: see the class comment).
  private static final ThreadLocal<float[][]> ACC = ThreadLocal.withInitial(() -> new float[][] {
      new float[NR], new float[NR], new float[NR], new float[NR]});

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public PackedMatrix pack(float[] b, int k, int n) {
    return PackedMatrix.pack(b, k, n, 0, NR);
  }

  @Override
  public void gemm(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
                   float[] c, int cOff, int ldc) {
    final float[][] rows = b.rows;
    if (rows == null || transposed(to - from, colTo - colFrom, b.k)) {
      gemmPanels(a, aOff, lda, from, to, colFrom, colTo, b, c, cOff, ldc);
      return;
    }
    final int k = b.k;
    final int rw = b.rowWidth;
    final float[][] acc = ACC.get();
    final float[] acc0 = acc[0];
    final float[] acc1 = acc[1];
    final float[] acc2 = acc[2];
    final float[] acc3 = acc[3];
    for (int q = colFrom / rw, j0 = q * rw; j0 < colTo; q++, j0 += rw) {
      final int lo = Math.max(colFrom, j0) - j0;
      final int hi = Math.min(colTo, j0 + rw) - j0;
      final int len = hi - lo;
      for (int p0 = 0; p0 < k; p0 += KC) {
        final int kc = Math.min(KC, k - p0);
        final int r0 = q * k + p0;
        int i = from;
        if (ROWS2 != null && len >= ROWS2_MIN_COLS) {
          final int k4 = kc & ~3;
          for (; i + 2 <= to; i += 2) {
            final int ci = cOff + i * ldc + j0 + lo;
            System.arraycopy(c, ci, acc0, lo, len);
            System.arraycopy(c, ci + ldc, acc1, lo, len);
            rows2(a, aOff + i * lda + p0, lda, rows, r0, k4, acc0, acc1, lo, hi);
            if (k4 < kc) {
              rows2Tail(a, aOff + i * lda + p0 + k4, lda, rows, r0 + k4, kc - k4, acc0, acc1, lo, hi);
            }
            System.arraycopy(acc0, lo, c, ci, len);
            System.arraycopy(acc1, lo, c, ci + ldc, len);
          }
        }
        for (; i + 4 <= to; i += 4) {
          final int ci = cOff + i * ldc + j0 + lo;
          System.arraycopy(c, ci, acc0, lo, len);
          System.arraycopy(c, ci + ldc, acc1, lo, len);
          System.arraycopy(c, ci + 2 * ldc, acc2, lo, len);
          System.arraycopy(c, ci + 3 * ldc, acc3, lo, len);
          rows4(a, aOff + i * lda + p0, lda, rows, r0, kc, acc0, acc1, acc2, acc3, lo, hi);
          System.arraycopy(acc0, lo, c, ci, len);
          System.arraycopy(acc1, lo, c, ci + ldc, len);
          System.arraycopy(acc2, lo, c, ci + 2 * ldc, len);
          System.arraycopy(acc3, lo, c, ci + 3 * ldc, len);
        }
        for (; i < to; i++) {
          final int ci = cOff + i * ldc + j0 + lo;
          System.arraycopy(c, ci, acc0, lo, len);
          row1(a, aOff + i * lda + p0, rows, r0, kc, acc0, lo, hi);
          System.arraycopy(acc0, lo, c, ci, len);
        }
      }
    }
  }

  // A right-hand operand packed at run time over a workspace buffer (attention's Q·Kᵀ and A·V, a
  // convolution's patches) has only the panel layout, whose rows the auto-vectorizer cannot pair
  // with accumulator rows (see the class comment): products of many rows go transposed (gemmT),
  // the few-row ones stay scalar here. Same madd order over p as the row kernels, so the same bits.
  static void gemmPanels(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo,
                                 PackedMatrix b, float[] c, int cOff, int ldc) {
    if (to - from >= T_MIN_ROWS && b.k >= 4) {
      gemmT(a, aOff, lda, from, to, colFrom, colTo, b, c, cOff, ldc);
      return;
    }
    final float[] d = b.data;
    final int k = b.k;
    final int nr = b.nr;
    for (int i = from; i < to; i++) {
      final int ai = aOff + i * lda;
      final int ci = cOff + i * ldc;
      for (int q = colFrom / nr, j0 = q * nr; j0 < colTo; q++, j0 += nr) {
        final int lo = Math.max(colFrom, j0);
        final int hi = Math.min(colTo, j0 + nr);
        final int panel = q * k * nr - j0;
        for (int p = 0; p < k; p++) {
          final float x = a[ai + p];
          final int bp = panel + p * nr;
          for (int j = lo; j < hi; j++) {
            c[ci + j] = madd(x, d[bp + j], c[ci + j]);
          }
        }
      }
    }
  }

  /**
   * Rows of {@code a} (and of {@code c}) per tile of the transposed product: its inner loops'
   * length. Long enough that rows2 runs there (ROWS2_MIN_COLS) on loops whose profile C2 unrolls.
   */
  static final int TM = Math.max(16, Integer.getInteger("kerasj.scalar.tm", 512));
  /** Rows of {@code b} per pass of the transposed product. */
  static final int TK = 128;
  /** Columns of {@code c} per tile of the transposed product. */
  static final int TN = 128;
  /** Largest {@code bᵀ} (floats, k × TN) transposed once per call rather than once per tile of rows. */
  static final int BT_MAX = 256 * 1024;
  /** Products of at least this many rows, narrower than {@link #T_MAX_COLS}, go transposed. */
  static final int T_MIN_ROWS = Math.max(1, Integer.getInteger("kerasj.scalar.tMinRows", 64));
  /**
   * Weights with fewer rows stay on the row kernels: the transposed product moves every element of
   * its tile of c twice, which a short k does not pay back (an LSTM's projection of 1 feature).
   */
  static final int T_MIN_K = Math.max(1, Integer.getInteger("kerasj.scalar.tMinK", 32));
  /**
   * Column ranges this wide or wider are long enough for the row kernels' inner loops (at 128
   * columns the row kernels ran a 128 × 32 by 32 × 128 product, attention's scores, 2x as fast as
   * the transposed product, whose transposes a short k does not pay back); for many rows, up to
   * {@link #T_WIDE_MAX_COLS}, see {@link #T_WIDE_MIN_ROWS}.
   */
  static final int T_MAX_COLS = Integer.getInteger("kerasj.scalar.tMaxCols", 128);

  /**
   * From this many rows, column ranges narrower than {@link #T_WIDE_MAX_COLS} go transposed too: on
   * them JDK 17 runs rows4 (rows2 would be compiled scalar, see {@link #ROWS2_MIN_COLS}) and JDK
   * 25 rows2 on loops of 128, 40-45 GFLOP/s, against 53-57 transposed on tiles of 512 rows
   * (jmh/results/2026-11-30-s21-t128). Tiles of 256 rows were no faster than rows4, of 128 slower.
   */
  static final int T_WIDE_MIN_ROWS = Math.max(1, Integer.getInteger("kerasj.scalar.tWideMinRows", 384));
  /** Column ranges this wide run rows2 on loops long enough, on every JDK measured. */
  static final int T_WIDE_MAX_COLS = Integer.getInteger("kerasj.scalar.tWideMaxCols", 192);

  // Whether gemm runs a product of rows × cols × k (b in rows) transposed.
  static boolean transposed(int rows, int cols, int k) {
    return k >= T_MIN_K && (rows >= T_MIN_ROWS && cols < T_MAX_COLS
        || rows >= T_WIDE_MIN_ROWS && cols < T_WIDE_MAX_COLS);
  }

  private static final class Transposed {
    final float[][] aT = new float[TK][TM];
    final float[][] cT = new float[TN][TM];
    float[] bT = new float[TN * TK];

    float[] bT(int size) {
      if (bT.length < size) {
        bT = new float[size];
      }
      return bT;
    }
  }

  private static final ThreadLocal<Transposed> TRANSPOSED = ThreadLocal.withInitial(Transposed::new);

  // The product transposed, cᵀ += bᵀ·aᵀ, for narrow b (a convolution's 64 filters) and for b in
  // panels: the rows of a become the inner loops' columns (TM long whatever b's width), tiles of a
  // and c are transposed into per-thread row arrays, and b's entries are the broadcast scalars. The
  // same row kernels then run with the roles of a and b swapped; fma(x, y, acc) == fma(y, x, acc),
  // so each element of c is still its products added in p order: the same bits as the other paths.
  // bᵀ is made once per call and column tile when it is small (BT_MAX), not once per tile of rows.
  static void gemmT(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
                    float[] c, int cOff, int ldc) {
    final Transposed s = TRANSPOSED.get();
    final float[][] aT = s.aT;
    final float[][] cT = s.cT;
    final int k = b.k;
    final boolean whole = (long) k * TN <= BT_MAX;
    final int ldb = whole ? k : TK;
    final float[] bT = s.bT(whole ? k * TN : TK * TN);
    for (int j0 = colFrom; j0 < colTo; j0 += TN) {
      final int nt = Math.min(TN, colTo - j0);
      if (whole) {
        transposeB(b, 0, k, j0, nt, bT, k);
      }
      // Tiles of equal length: 768 rows as 384 + 384, not 512 + 256 (short loops, see T_WIDE_MIN_ROWS).
      final int tiles = (to - from + TM - 1) / TM;
      final int tm = (to - from + tiles - 1) / tiles;
      for (int i0 = from; i0 < to; i0 += tm) {
        final int mt = Math.min(tm, to - i0);
        final int a0 = aOff + i0 * lda;
        final int c0 = cOff + i0 * ldc + j0;
        transposeTile(c, c0, ldc, mt, nt, cT, false);
        for (int p0 = 0; p0 < k; p0 += TK) {
          final int kc = Math.min(TK, k - p0);
          transposeTile(a, a0 + p0, lda, mt, kc, aT, false);
          final int b0;
          if (whole) {
            b0 = p0;
          } else {
            transposeB(b, p0, kc, j0, nt, bT, TK);
            b0 = 0;
          }
          int j = 0;
          if (ROWS2 != null && mt >= ROWS2_MIN_COLS) {
            final int k4 = kc & ~3;
            for (; j + 2 <= nt; j += 2) {
              rows2(bT, j * ldb + b0, ldb, aT, 0, k4, cT[j], cT[j + 1], 0, mt);
              if (k4 < kc) {
                rows2Tail(bT, j * ldb + b0 + k4, ldb, aT, k4, kc - k4, cT[j], cT[j + 1], 0, mt);
              }
            }
          }
          for (; j + 4 <= nt; j += 4) {
            rows4(bT, j * ldb + b0, ldb, aT, 0, kc, cT[j], cT[j + 1], cT[j + 2], cT[j + 3], 0, mt);
          }
          for (; j < nt; j++) {
            row1(bT, j * ldb + b0, aT, 0, kc, cT[j], 0, mt);
          }
        }
        transposeTile(c, c0, ldc, mt, nt, cT, true);
      }
    }
  }

  // t[j][i] = m[off + i·ld + j] for rows i < rows and columns j < cols (back: the other way), eight
  // columns at a time down all the rows: each line of m is read (written) in one or two passes,
  // and the eight rows of t are written (read) along their length.
  private static void transposeTile(float[] m, int off, int ld, int rows, int cols, float[][] t, boolean back) {
    int j = 0;
    for (; j + 8 <= cols; j += 8) {
      final float[] t0 = t[j];
      final float[] t1 = t[j + 1];
      final float[] t2 = t[j + 2];
      final float[] t3 = t[j + 3];
      final float[] t4 = t[j + 4];
      final float[] t5 = t[j + 5];
      final float[] t6 = t[j + 6];
      final float[] t7 = t[j + 7];
      if (back) {
        for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
          m[mi] = t0[i];
          m[mi + 1] = t1[i];
          m[mi + 2] = t2[i];
          m[mi + 3] = t3[i];
          m[mi + 4] = t4[i];
          m[mi + 5] = t5[i];
          m[mi + 6] = t6[i];
          m[mi + 7] = t7[i];
        }
      } else {
        for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
          t0[i] = m[mi];
          t1[i] = m[mi + 1];
          t2[i] = m[mi + 2];
          t3[i] = m[mi + 3];
          t4[i] = m[mi + 4];
          t5[i] = m[mi + 5];
          t6[i] = m[mi + 6];
          t7[i] = m[mi + 7];
        }
      }
    }
    for (; j < cols; j++) {
      final float[] tj = t[j];
      if (back) {
        for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
          m[mi] = tj[i];
        }
      } else {
        for (int i = 0, mi = off + j; i < rows; i++, mi += ld) {
          tj[i] = m[mi];
        }
      }
    }
  }

  // bT[j·ldb + p] = b[p0 + p, j0 + j] from whichever layout b has, reading b along its rows.
  private static void transposeB(PackedMatrix b, int p0, int kc, int j0, int nt, float[] bT, int ldb) {
    final int k = b.k;
    final float[][] rows = b.rows;
    final float[] d = b.data;
    final int w = rows != null ? b.rowWidth : b.nr;
    for (int jb = j0, je = j0 + nt; jb < je; ) {
      final int q = jb / w;
      final int jEnd = Math.min(je, (q + 1) * w);
      final int t0 = (jb - j0) * ldb;
      for (int p = 0; p < kc; p++) {
        final float[] src;
        final int s0;
        if (rows != null) {
          src = rows[q * k + p0 + p];
          s0 = jb - q * w;
        } else {
          src = d;
          s0 = (int) (((long) q * k + p0 + p) * w + (jb - (long) q * w));
        }
        for (int j = 0, t = t0 + p, n = jEnd - jb; j < n; j++, t += ldb) {
          bT[t] = src[s0 + j];
        }
      }
      jb = jEnd;
    }
  }

  /** {@code x·y + acc}: one rounding with hardware FMA (the Vector API kernels' arithmetic), else two. */
  private static float madd(float x, float y, float acc) {
    return FastMath.FMA ? Math.fma(x, y, acc) : x * y + acc;
  }

  // Four rows of a against panel rows [r0, r0 + kc), two panel rows per pass over the columns.
  private static void rows4(float[] a, int a0, int lda, float[][] rows, int r0, int kc,
                            float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    final int a1 = a0 + lda;
    final int a2 = a1 + lda;
    final int a3 = a2 + lda;
    int p = 0;
    for (; p + 2 <= kc; p += 2) {
      final float x00 = a[a0 + p];
      final float x01 = a[a0 + p + 1];
      final float x10 = a[a1 + p];
      final float x11 = a[a1 + p + 1];
      final float x20 = a[a2 + p];
      final float x21 = a[a2 + p + 1];
      final float x30 = a[a3 + p];
      final float x31 = a[a3 + p + 1];
      final float[] b0 = rows[r0 + p];
      final float[] b1 = rows[r0 + p + 1];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j];
        final float v1 = b1[j];
        c0[j] = madd(x01, v1, madd(x00, v0, c0[j]));
        c1[j] = madd(x11, v1, madd(x10, v0, c1[j]));
        c2[j] = madd(x21, v1, madd(x20, v0, c2[j]));
        c3[j] = madd(x31, v1, madd(x30, v0, c3[j]));
      }
    }
    if (p < kc) {
      final float x0 = a[a0 + p];
      final float x1 = a[a1 + p];
      final float x2 = a[a2 + p];
      final float x3 = a[a3 + p];
      final float[] b0 = rows[r0 + p];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j];
        c0[j] = madd(x0, v0, c0[j]);
        c1[j] = madd(x1, v0, c1[j]);
        c2[j] = madd(x2, v0, c2[j]);
        c3[j] = madd(x3, v0, c3[j]);
      }
    }
  }

  /**
   * {@link #rows2Kernel}, called through a handle C2 cannot see through (a field that is not final):
   * compiled on its own, never inlined into a caller. Inlined into its caller (branch i12-scalar,
   * jmh/results/2026-11-30-scalar-gemm), C2 compiled its loop scalar, at a third of the speed for
   * the rest of the run, once some other product had run first (32×256×64, or one with k not a
   * multiple of 4: ResNet50's first convolution); rows4 did not have that problem but does half the
   * multiply-adds per load and store of an accumulator. On its own it also needs a profile of long
   * loops (see {@link #ROWS2_MIN_COLS}). Null (rows4 everywhere) with {@code
   * -Dkerasj.scalar.rows2=false}.
   */
  private static MethodHandle ROWS2 = rows2Handle();

  /**
   * rows2 runs only over this many columns or more, so that C2 compiles it from a profile of long
   * loops: JDK 17 compiled it scalar (12 GFLOP/s instead of 45-55), and kept it so, when the first
   * products it saw were 128 columns wide; from 192 on it was vectorized whatever came first
   * (GemmCpuTime sequences, JDK 17 and 25). Narrower ranges take rows4. (jmh/results/2026-11-30-i13-scalar:
   * on JDK 17 the limit lies between 144 and 160 columns, and a constant trip count of 128 or a copy
   * of rows2 of its own for 128-column runs is compiled scalar too; with {@code -XX:LoopMaxUnroll=8}
   * rows2 is scalar at any width while rows4 is not. Loops of 2 rows × 2 panel rows or 4 × 2
   * vectorized at 128 columns, 2 × 3, 2 × 4, 3 × 4 and 4 × 4 did not.) On JDK 25 rows2 is
   * vectorized from 128 columns, whatever ran first: there the limit is 128 (the Transformer's
   * 128-column products, one thread: 10-13% less CPU, ResNet50 and MobileNetV2 after or before it
   * no slower). JDKs from 18 to 24 were not measured and keep 192.
   */
  static final int ROWS2_MIN_COLS = Integer.getInteger("kerasj.scalar.rows2MinCols",
      Runtime.version().feature() >= 25 ? 128 : 192);

  private static MethodHandle rows2Handle() {
    if (!Boolean.parseBoolean(System.getProperty("kerasj.scalar.rows2", "true"))) {
      return null;
    }
    try {
      return MethodHandles.lookup().findStatic(ScalarKernels.class, "rows2Kernel", MethodType.methodType(void.class,
          float[].class, int.class, int.class, float[][].class, int.class, int.class, float[].class, float[].class,
          int.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static void rows2(float[] a, int a0, int lda, float[][] rows, int r0, int kc,
                            float[] c0, float[] c1, int lo, int hi) {
    try {
      ROWS2.invokeExact(a, a0, lda, rows, r0, kc, c0, c1, lo, hi);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  // Two rows of a against panel rows [r0, r0 + kc), kc a multiple of 4 (the rest: rows2Tail), four
  // panel rows per pass over the columns: eight multiply-adds per two accumulator loads and stores
  // (rows4 needs four of each), and no larger body that C2 vectorizes (see the class comment).
  // Each element still gets its products in p order: the same bits as rows4 and the Vector API.
  private static void rows2Kernel(float[] a, int a0, int lda, float[][] rows, int r0, int kc,
                                  float[] c0, float[] c1, int lo, int hi) {
    final int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      final float x00 = a[a0 + p];
      final float x01 = a[a0 + p + 1];
      final float x02 = a[a0 + p + 2];
      final float x03 = a[a0 + p + 3];
      final float x10 = a[a1 + p];
      final float x11 = a[a1 + p + 1];
      final float x12 = a[a1 + p + 2];
      final float x13 = a[a1 + p + 3];
      final float[] b0 = rows[r0 + p];
      final float[] b1 = rows[r0 + p + 1];
      final float[] b2 = rows[r0 + p + 2];
      final float[] b3 = rows[r0 + p + 3];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j];
        final float v1 = b1[j];
        final float v2 = b2[j];
        final float v3 = b3[j];
        c0[j] = madd(x03, v3, madd(x02, v2, madd(x01, v1, madd(x00, v0, c0[j]))));
        c1[j] = madd(x13, v3, madd(x12, v2, madd(x11, v1, madd(x10, v0, c1[j]))));
      }
    }
  }

  // The last kc mod 4 panel rows after rows2: a second loop over the columns in rows2Kernel also
  // made C2 compile its main loop scalar (JDK 17), once a product with such a k had run.
  private static void rows2Tail(float[] a, int a0, int lda, float[][] rows, int r0, int kc,
                                float[] c0, float[] c1, int lo, int hi) {
    final int a1 = a0 + lda;
    for (int p = 0; p < kc; p++) {
      final float x0 = a[a0 + p];
      final float x1 = a[a1 + p];
      final float[] b0 = rows[r0 + p];
      for (int j = lo; j < hi; j++) {
        final float v0 = b0[j];
        c0[j] = madd(x0, v0, c0[j]);
        c1[j] = madd(x1, v0, c1[j]);
      }
    }
  }

  // One row of a against panel rows [r0, r0 + kc), four panel rows per pass over the columns.
  private static void row1(float[] a, int a0, float[][] rows, int r0, int kc, float[] c0, int lo, int hi) {
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      final float x0 = a[a0 + p];
      final float x1 = a[a0 + p + 1];
      final float x2 = a[a0 + p + 2];
      final float x3 = a[a0 + p + 3];
      final float[] b0 = rows[r0 + p];
      final float[] b1 = rows[r0 + p + 1];
      final float[] b2 = rows[r0 + p + 2];
      final float[] b3 = rows[r0 + p + 3];
      for (int j = lo; j < hi; j++) {
        c0[j] = madd(x3, b3[j], madd(x2, b2[j], madd(x1, b1[j], madd(x0, b0[j], c0[j]))));
      }
    }
    for (; p < kc; p++) {
      final float x0 = a[a0 + p];
      final float[] b0 = rows[r0 + p];
      for (int j = lo; j < hi; j++) {
        c0[j] = madd(x0, b0[j], c0[j]);
      }
    }
  }

  /** Columns may split at any multiple of 16 (a 64-byte cache line of c). */
  @Override
  public int columnGrain(PackedMatrix b) {
    return 16;
  }

  /**
   * Column chunks narrower than the 2×4 kernel's runs ({@link #ROWS2_MIN_COLS}) fall to rows4 on
   * short loops, or to the transposed product, which transposes all of {@code a} for every chunk
   * (a Transformer's 128 × 512 by 512 × 128 product in 16-column chunks: each of 8 chunks moved
   * 128 × 512 floats to do 16 columns of work). When there are rows enough for every thread, whole
   * rows are faster; b is then read by every chunk, so only a b that stays in L2 ({@link
   * #ROW_SPLIT_MAX_FLOATS}) is split so (a Dense(1000) on 1024 features, 4 MB, keeps the column
   * split, as do recurrent kernels split in wide chunks).
   */
  @Override
  public boolean splitByRows(int m, PackedMatrix b, int threads, int chunks) {
    return m >= 16 * threads && b.n < (long) ROWS2_MIN_COLS * chunks && (long) b.k * b.n <= ROW_SPLIT_MAX_FLOATS;
  }

  /**
   * Chunks of at least {@link #T_WIDE_MIN_ROWS} rows (of {@link #TM} when there are rows enough)
   * for the products that go transposed for their rows alone (128-191 columns): cut in 8 chunks of
   * 256 rows, a Transformer's 2048-row products at batch 16 would run rows4 on every chunk.
   */
  @Override
  public int rowChunks(int m, PackedMatrix b, int chunks) {
    if (b.rows == null || b.n < T_MAX_COLS || m < 2 * T_WIDE_MIN_ROWS || !transposed(m, b.n, b.k)) {
      return chunks;
    }
    return Math.max(2, Math.min(chunks, m / TM));
  }

  /** Largest b (floats) that {@link #splitByRows} lets every chunk read: 512 KB, half an L2 of 1 MB. */
  static final long ROW_SPLIT_MAX_FLOATS = Long.getLong("kerasj.scalar.rowSplitMaxFloats", 128 * 1024);

  // Each output is its bias (or 0) plus its products in p order, like PanamaKernels' narrow product.
  @Override
  public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n,
                           float[] out, int outOff) {
    final int width = w.length / k;
    for (int r = 0; r < rows; r++) {
      final int o = outOff + r * n;
      final int ar = aOff + r * k;
      for (int j = 0; j < n; j++) {
        float s = bias == null ? 0f : bias[j];
        for (int p = 0, wp = j; p < k; p++, wp += width) {
          s = madd(a[ar + p], w[wp], s);
        }
        out[o + j] = s;
      }
    }
  }

  /**
   * Values per block of the exponential's two passes ({@link #expSum}, {@link #softmaxColumns}):
   * the two scratch arrays (16 KB) stay in L1.
   */
  private static final int EXP_BLOCK = 2048;

  private static final ThreadLocal<float[][]> EXP_SCRATCH = ThreadLocal.withInitial(
      () -> new float[][] {new float[EXP_BLOCK], new float[EXP_BLOCK]});

  @Override
  public float expSum(float[] a, int off, int len, float shift) {
    return expSumAny(a, off, len, shift);
  }

  // normal: every a[i] − shift is in [−80, 0], so 2^k is one normal float (scale2kNormal). Two
  // methods, not one with both loops: compiled together, C2 left one of the first passes scalar
  // (expSum 2.5× slower on JDK 25: jmh/results/2026-11-30-s21-exp).
  private static float expSum(float[] a, int off, int len, float shift, boolean normal) {
    return normal ? expSumNormal(a, off, len, shift) : expSumAny(a, off, len, shift);
  }

  private static float expSumAny(float[] a, int off, int len, float shift) {
    if (!FastMath.FMA) {
      return expSumPlain(a, off, len, shift);
    }
    // FastMath.expFma in two passes over blocks: SuperWord vectorizes the first (the reduction and
    // the polynomial, most of the arithmetic) but not the float-bits reinterpretations of the
    // scaling by 2^k, left to the second. Each value is expFma's, the sums as in expSumPlain.
    final float[][] scratch = EXP_SCRATCH.get();
    final float[] u = scratch[0];
    final float[] t = scratch[1];
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    final int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += EXP_BLOCK) {
      final int n = Math.min(EXP_BLOCK, end4 - b0);
      // (In scratch arrays indexed by j alone: see the class comment.)
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        final float xc = Math.min(Math.max(u[j] - shift, FastMath.EXP_LO), FastMath.EXP_HI);
        final float y = Math.fma(xc, FastMath.LOG2E, FastMath.ROUND_MAGIC);
        t[j] = y;
        u[j] = FastMath.expReducedFma(xc, y - FastMath.ROUND_MAGIC);
      }
      for (int j = 0; j < n; j += 4) {
        final float e0 = scale2k(u[j], t[j]);
        final float e1 = scale2k(u[j + 1], t[j + 1]);
        final float e2 = scale2k(u[j + 2], t[j + 2]);
        final float e3 = scale2k(u[j + 3], t[j + 3]);
        a[b0 + j] = e0;
        a[b0 + j + 1] = e1;
        a[b0 + j + 2] = e2;
        a[b0 + j + 3] = e3;
        s0 += e0;
        s1 += e1;
        s2 += e2;
        s3 += e3;
      }
    }
    for (int i = end4, end = off + len; i < end; i++) {
      final float e = FastMath.expFma(a[i] - shift);
      a[i] = e;
      s0 += e;
    }
    return (s0 + s1) + (s2 + s3);
  }

  // expSumAny without the clamp and with the one-factor scaling. A copy, not a flag on expSumAny:
  // with both first passes in one method C2 (JDK 25) compiled the clamped one scalar, 5.2 ns a value
  // (jmh/results/2026-11-30-s21-exp).
  private static float expSumNormal(float[] a, int off, int len, float shift) {
    if (!FastMath.FMA) {
      return expSumPlain(a, off, len, shift);
    }
    final float[][] scratch = EXP_SCRATCH.get();
    final float[] u = scratch[0];
    final float[] t = scratch[1];
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    final int end4 = off + (len & ~3);
    for (int b0 = off; b0 < end4; b0 += EXP_BLOCK) {
      final int n = Math.min(EXP_BLOCK, end4 - b0);
      // (In scratch arrays indexed by j alone: see the class comment.)
      System.arraycopy(a, b0, u, 0, n);
      expReducedNormal(u, t, n, shift);
      for (int j = 0; j < n; j += 4) {
        final float e0 = scale2kNormal(u[j], t[j]);
        final float e1 = scale2kNormal(u[j + 1], t[j + 1]);
        final float e2 = scale2kNormal(u[j + 2], t[j + 2]);
        final float e3 = scale2kNormal(u[j + 3], t[j + 3]);
        a[b0 + j] = e0;
        a[b0 + j + 1] = e1;
        a[b0 + j + 2] = e2;
        a[b0 + j + 3] = e3;
        s0 += e0;
        s1 += e1;
        s2 += e2;
        s3 += e3;
      }
    }
    for (int i = end4, end = off + len; i < end; i++) {
      final float e = FastMath.expFma(a[i] - shift);
      a[i] = e;
      s0 += e;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@link #softmax} of each column of {@code a} ({@code rows × cols} from {@code off}, rows
   * contiguous), written to {@code out[r][0, cols)} (a is left holding the exponentials): for
   * attention's scores computed transposed on this path, so that every pass runs along rows of
   * {@code cols} values that SuperWord vectorizes. Each column gets the bits {@link #softmax} gives
   * the same values in a row: its scaling, maximum and exponentials value by value, its four partial
   * sums in the same order. At most {@link #COLUMNS_MAX} columns.
   */
  public static void softmaxColumns(float[] a, int off, int rows, int cols, float scale, float[][] out) {
    final int end = off + rows * cols;
    if (scale != 1f) {
      for (int i = off; i < end; i++) {
        a[i] *= scale;
      }
    }
    final float[][] cs = COLUMN_SCRATCH.get();
    final float[] mx = cs[0];
    final float[] u = cs[1];
    final float[] s0 = cs[2];
    final float[] s1 = cs[3];
    final float[] s2 = cs[4];
    final float[] s3 = cs[5];
    final float[] mn = cs[6];
    java.util.Arrays.fill(mx, 0, cols, Float.NEGATIVE_INFINITY);
    java.util.Arrays.fill(mn, 0, cols, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(s0, 0, cols, 0f);
    java.util.Arrays.fill(s1, 0, cols, 0f);
    java.util.Arrays.fill(s2, 0, cols, 0f);
    java.util.Arrays.fill(s3, 0, cols, 0f);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(a, off + r * cols, u, 0, cols);
      for (int i = 0; i < cols; i++) {
        mx[i] = Math.max(mx[i], u[i]);
        mn[i] = Math.min(mn[i], u[i]);
      }
    }
    // Columns spanning at most 80 (false with NaN or infinities): every x − max is in [−80, 0], so
    // 2^k is one normal float and p·2^k the two-factor product's bits (see scale2kNormal).
    boolean narrow = true;
    for (int i = 0; i < cols; i++) {
      narrow &= mx[i] - mn[i] <= 80f;
    }
    // The shift by the maximum row by row, the exponentials over the whole matrix: a vectorized
    // loop runs its first and last few values scalar (alignment, unrolling remainder), which on a
    // row of 128 cost as much as the rest; the subtraction is cheap there, the exponential is not.
    for (int r = 0; r < rows; r++) {
      final int o = off + r * cols;
      System.arraycopy(a, o, u, 0, cols);
      for (int i = 0; i < cols; i++) {
        u[i] -= mx[i];
      }
      System.arraycopy(u, 0, a, o, cols);
    }
    if (FastMath.FMA) {
      if (narrow) {
        expFmaInPlaceNormal(a, off, end);
      } else {
        expFmaInPlace(a, off, end);
      }
    } else {
      for (int i = off; i < end; i++) {
        a[i] = FastMath.exp(a[i]);
      }
    }
    final int rows4 = rows & ~3;
    for (int r = 0; r < rows; r++) {
      final float[] sum = r >= rows4 ? s0 : (r & 3) == 0 ? s0 : (r & 3) == 1 ? s1 : (r & 3) == 2 ? s2 : s3;
      System.arraycopy(a, off + r * cols, u, 0, cols);
      for (int i = 0; i < cols; i++) {
        sum[i] += u[i];
      }
    }
    for (int i = 0; i < cols; i++) {
      mx[i] = 1f / ((s0[i] + s1[i]) + (s2[i] + s3[i]));
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(a, off + r * cols, u, 0, cols);
      final float[] dst = out[r];
      for (int i = 0; i < cols; i++) {
        dst[i] = u[i] * mx[i];
      }
    }
  }

  // a[i] = FastMath.expFma(a[i]) on [from, to), as expSum's passes: the scaling by 2^k in a loop of
  // its own, so that it alone runs scalar (SuperWord does not vectorize the float-bits moves; an
  // exact float-only 2^k vectorizes but costs more: jmh/results/2026-11-30-s21-exp).
  private static void expFmaInPlace(float[] a, int from, int to) {
    final float[][] scratch = EXP_SCRATCH.get();
    final float[] u = scratch[0];
    final float[] t = scratch[1];
    for (int b0 = from; b0 < to; b0 += EXP_BLOCK) {
      final int n = Math.min(EXP_BLOCK, to - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        final float xc = Math.min(Math.max(u[j], FastMath.EXP_LO), FastMath.EXP_HI);
        final float y = Math.fma(xc, FastMath.LOG2E, FastMath.ROUND_MAGIC);
        t[j] = y;
        u[j] = FastMath.expReducedFma(xc, y - FastMath.ROUND_MAGIC);
      }
      for (int j = 0; j < n; j++) {
        u[j] = scale2k(u[j], t[j]);
      }
      System.arraycopy(u, 0, a, b0, n);
    }
  }

  // expFmaInPlace for values in [−80, 0]: no clamp, the one-factor scaling (a method of its own,
  // as expSumNormal).
  private static void expFmaInPlaceNormal(float[] a, int from, int to) {
    final float[][] scratch = EXP_SCRATCH.get();
    final float[] u = scratch[0];
    final float[] t = scratch[1];
    for (int b0 = from; b0 < to; b0 += EXP_BLOCK) {
      final int n = Math.min(EXP_BLOCK, to - b0);
      System.arraycopy(a, b0, u, 0, n);
      expReducedNormal(u, t, n, 0f);
      for (int j = 0; j < n; j++) {
        u[j] = scale2kNormal(u[j], t[j]);
      }
      System.arraycopy(u, 0, a, b0, n);
    }
  }

  /** Widest {@code cols} of {@link #softmaxColumns}. */
  public static final int COLUMNS_MAX = NR;

  private static final ThreadLocal<float[][]> COLUMN_SCRATCH = ThreadLocal.withInitial(() -> new float[7][COLUMNS_MAX]);

  // p·2^k for y = k + ROUND_MAGIC, as FastMath.expFma scales (two factors: k may be below −126).
  private static float scale2k(float p, float y) {
    final int k = Float.floatToRawIntBits(y) - FastMath.ROUND_MAGIC_BITS;
    final int k1 = k >> 1;
    return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
  }

  // expFma's first pass for values whose x − shift is known to lie in [−80, 0]: there the clamp to
  // [EXP_LO, EXP_HI] is the identity, and its Java-semantics min and max are about half the cost
  // of the vectorized pass.
  private static void expReducedNormal(float[] u, float[] t, int n, float shift) {
    for (int j = 0; j < n; j++) {
      final float x = u[j] - shift;
      final float y = Math.fma(x, FastMath.LOG2E, FastMath.ROUND_MAGIC);
      t[j] = y;
      u[j] = FastMath.expReducedFma(x, y - FastMath.ROUND_MAGIC);
    }
  }

  // scale2k for k in [−126, 127]: 2^k is then one normal float, and p·2^k rounded once is the
  // two-factor product (p·2^k1 is exact). The bits (k + 127) << 23 are y's bits << 23 plus
  // 127 << 23, as ROUND_MAGIC_BITS << 23 is 0 in int: half the integer operations. (Also
  // FastMath.sigmoidFma's scaling, k in [−126, 128], 2^128 as +inf.)
  private static float scale2kNormal(float p, float y) {
    return p * Float.intBitsToFloat((Float.floatToRawIntBits(y) << 23) + 0x3F800000);
  }

  private static float expSumPlain(float[] a, int off, int len, float shift) {
    // Four partial sums: independent chains, and closer to the vector path's lane-wise order.
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = off;
    for (int end = off + (len & ~3); i < end; i += 4) {
      float e0 = exp(a[i] - shift);
      float e1 = exp(a[i + 1] - shift);
      float e2 = exp(a[i + 2] - shift);
      float e3 = exp(a[i + 3] - shift);
      a[i] = e0;
      a[i + 1] = e1;
      a[i + 2] = e2;
      a[i + 3] = e3;
      s0 += e0;
      s1 += e1;
      s2 += e2;
      s3 += e3;
    }
    for (int end = off + len; i < end; i++) {
      float e = exp(a[i] - shift);
      a[i] = e;
      s0 += e;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The Vector API kernels' exponential with hardware FMA (the same bits), else {@link FastMath#exp}. */
  private static float exp(float x) {
    return FastMath.FMA ? FastMath.expFma(x) : FastMath.exp(x);
  }

  // Each pass is its own loop over the row, so that SuperWord vectorizes the scaling, the maximum
  // and the normalization (of the exponentials only the first pass of expSum: SuperWord does not
  // vectorize float-to-bits reinterpretations).
  @Override
  public void softmax(float[] a, int off, int len, float scale) {
    final int end = off + len;
    if (scale != 1f) {
      for (int i = off; i < end; i++) {
        a[i] *= scale;
      }
    }
    float max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    for (int i = off; i < end; i++) {
      max = Math.max(max, a[i]);
      min = Math.min(min, a[i]);
    }
    // (false with NaN or infinities)
    final float inv = 1f / expSum(a, off, len, max, max - min <= 80f);
    for (int i = off; i < end; i++) {
      a[i] *= inv;
    }
  }

  @Override
  public void layerNormRows(float[] a, int off, int rows, int n, float epsilon, float[] gamma, float[] beta,
                            Norm norm) {
    final boolean rms = norm == Norm.RMS;
    for (int r = 0; r < rows; r++) {
      final int o = off + r * n;
      // Four partial sums: independent chains (the vector path sums one per lane).
      // RMS: no mean; the second pass sums the squares.
      float m0 = 0f;
      float m1 = 0f;
      float m2 = 0f;
      float m3 = 0f;
      int i = o;
      final int end = o + n;
      for (int e4 = rms ? o : o + (n & ~3); i < e4; i += 4) {
        m0 += a[i];
        m1 += a[i + 1];
        m2 += a[i + 2];
        m3 += a[i + 3];
      }
      for (; i < end && !rms; i++) {
        m0 += a[i];
      }
      final float mean = rms ? 0f : ((m0 + m1) + (m2 + m3)) / n;
      float v0 = 0f;
      float v1 = 0f;
      float v2 = 0f;
      float v3 = 0f;
      i = o;
      for (int e4 = o + (n & ~3); i < e4; i += 4) {
        final float d0 = a[i] - mean;
        final float d1 = a[i + 1] - mean;
        final float d2 = a[i + 2] - mean;
        final float d3 = a[i + 3] - mean;
        v0 = madd(d0, d0, v0);
        v1 = madd(d1, d1, v1);
        v2 = madd(d2, d2, v2);
        v3 = madd(d3, d3, v3);
      }
      for (; i < end; i++) {
        final float d = a[i] - mean;
        v0 = madd(d, d, v0);
      }
      final float var = ((v0 + v1) + (v2 + v3)) / n;
      final float inv = (float) (1.0 / Math.sqrt((double) var + epsilon));
      final float c = norm == Norm.LAYER ? mean : 0f;
      for (int j = 0; j < n; j++) {
        final float w = gamma == null ? inv : inv * gamma[j];
        a[o + j] = madd(a[o + j] - c, w, beta == null ? 0f : beta[j]);
      }
    }
  }

  @Override
  public void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
    for (int i = 0; i < n; i++) {
      c[cOff + i] += a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void tanh(float[] a, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      a[i] = FastMath.FMA ? FastMath.tanhFma(a[i]) : FastMath.tanh(a[i]);
    }
  }

  // FastMath.sigmoidFma in three passes over blocks, as expSum: only the scaling by 2^k (one
  // normal float or +inf there: scale2kNormal's bits) runs scalar; the reduction, the polynomial
  // and the division vectorize.
  @Override
  public void sigmoid(float[] a, int off, int len) {
    if (!FastMath.FMA) {
      for (int i = off, end = off + len; i < end; i++) {
        a[i] = FastMath.sigmoid(a[i]);
      }
      return;
    }
    final float[][] scratch = EXP_SCRATCH.get();
    final float[] u = scratch[0];
    final float[] t = scratch[1];
    for (int b0 = off, end = off + len; b0 < end; b0 += EXP_BLOCK) {
      final int n = Math.min(EXP_BLOCK, end - b0);
      System.arraycopy(a, b0, u, 0, n);
      for (int j = 0; j < n; j++) {
        final float x = Math.min(Math.max(-u[j], FastMath.SIG_LO), FastMath.SIG_HI);
        final float y = Math.fma(x, FastMath.LOG2E, FastMath.ROUND_MAGIC);
        t[j] = y;
        u[j] = FastMath.expReducedFma(x, y - FastMath.ROUND_MAGIC);
      }
      for (int j = 0; j < n; j++) {
        u[j] = scale2kNormal(u[j], t[j]);
      }
      for (int j = 0; j < n; j++) {
        u[j] = 1f / (u[j] + 1f);
      }
      System.arraycopy(u, 0, a, b0, n);
    }
  }
}
