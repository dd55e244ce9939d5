package io.kerasj.internal.vectorization;

/**
 * The few hot loops, behind one façade. Matrices are row-major {@code float[]} slices; weights keep
 * Keras' {@code (in, out)} orientation and are packed once at load ({@link #pack}) for the
 * product that reads them, which runs in axpy form: a broadcast of {@code a[i,p]} times a
 * contiguous panel row of {@code b}, no horizontal reductions.
 *
 * <p>The implementation is chosen once, Lucene-style, by {@code -Dkerasj.vector}:
 * <ul>
 * <li>{@code true} (default): {@code PanamaKernels} (JDK Vector API) when the module {@code
 * jdk.incubator.vector} is readable (run with {@code --add-modules jdk.incubator.vector}) on a
 * tested JDK, else {@link ScalarKernels}, and then one WARNING through {@link System.Logger} (logger
 * {@code io.kerasj}) saying so, with the flag and the cost;
 * <li>{@code false}: {@link ScalarKernels};
 * <li>{@code warmup}: {@link ScalarKernels} until the Vector API kernels have been compiled, then
 * those (for short-lived JVMs such as the command-line tool, where the Vector API's warm-up, about
 * a second of slow interpreted vector code, would cost more than it saves). A daemon thread runs
 * them on small made-up products meanwhile and switches when they are faster than the scalar
 * kernels. The two give the same bits (see {@link ScalarKernels}), so a switch in the middle of a
 * call changes no result. Weights are packed for both, which doubles their memory.
 * </ul>
 * Both need hardware FMA ({@link FastMath#FMA}); without it the scalar kernels run with plain
 * multiply-add. The choice is visible as {@link #name()} and {@link #description()}.
 */
public final class Kernels {
  private Kernels() {}

  /** Products smaller than this (2·m·k·n) run on the calling thread: a hand-over costs ~10–50 µs. */
  public static final long PARALLEL_MIN_FLOPS = Long.getLong("kerasj.parallelMinFlops", 8_000_000L);

  /**
   * Layer products (Dense, EinsumDense, attention projections: {@link #affine(float[], int, int,
   * AffineWeights, float[], int)}) of at least {@link #ROWS_MIN_ROWS} rows are split from this size
   * on: a Transformer's attention output projection at batch 1 (128 × 128 by 128 × 128, 4.2 MFLOP)
   * ran on the caller alone. Lowering {@link #PARALLEL_MIN_FLOPS} instead also split the products
   * inside recurrent time loops: the cells' chunked input projections and stacked cells' per-step
   * ones go through the other {@code affine}, which keeps {@link #PARALLEL_MIN_FLOPS} (with this
   * rule there, two stacked LSTMCell(64) at batch 64 ran 12.2 → 14.4 ms, a hand-over every chunk:
   * jmh/results/2026-11-30-s21-merged).
   */
  public static final long PARALLEL_MIN_ROWS_FLOPS = Long.getLong("kerasj.parallelMinRowsFlops", 2_000_000L);

  /** Rows a layer product needs for {@link #PARALLEL_MIN_ROWS_FLOPS}: 8 chunks of 8 rows on 2 threads. */
  public static final int ROWS_MIN_ROWS = Integer.getInteger("kerasj.parallelMinRows", 64);

  /**
   * A right-hand operand of at least this many floats (1 MB, Zen 4's L2) is read from L3 or memory
   * on every call, and a product of few rows over it is bound by that stream, not by its
   * multiply-adds: split by columns, each thread streams half of it. Recurrent steps at batch 1
   * (100 steps, one thread → two, scalar kernels): LSTM(256) 1.90 → 1.38 ms, LSTM(512) 7.4 → 4.7 ms,
   * GRU(384) 3.4 → 2.5 ms; with an L2-resident kernel (LSTM(128), SimpleRNN(384)) the hand-over per
   * step made them slower (jmh/results/2026-11-30-s22-stream).
   */
  public static final long STREAM_MIN_FLOATS = Long.getLong("kerasj.parallelMinStreamFloats", 1L << 18);

  /** The smallest product over a {@link #STREAM_MIN_FLOATS} operand that is split (LSTM(256) at batch 1). */
  public static final long STREAM_MIN_FLOPS = Long.getLong("kerasj.parallelMinStreamFlops", 1L << 19);

  /**
   * Whether a product of {@code m} rows by a {@code k × n} right-hand operand is worth a hand-over
   * to the threads: by its multiply-adds ({@link #PARALLEL_MIN_FLOPS}) or by the operand it streams
   * ({@link #STREAM_MIN_FLOATS}). Every threaded product and the recurrent layers' choice between
   * sharing steps and slicing the batch ({@code BatchSplit}) ask this.
   */
  public static boolean worthSplitting(long m, long k, long n) {
    long flops = 2L * m * k * n;
    return flops >= PARALLEL_MIN_FLOPS || flops >= STREAM_MIN_FLOPS && k * n >= STREAM_MIN_FLOATS;
  }

  /** How much slower the scalar kernels are, for the warning (jmh/results, README Performance). */
  static final String SCALAR_COST = "1.3-4x slower on recurrent layers";

  private static final ScalarKernels SCALAR = new ScalarKernels();
  private static String why;
  /** The Vector API kernels, or null when they cannot be used here. */
  private static final VectorKernels PANAMA = panama();
  /** The implementation in use; in warm-up mode a {@link Switching} one. */
  public static final VectorKernels IMPL = choose();

  // Sets `why` when the Vector API kernels cannot be used.
  private static VectorKernels panama() {
    if (!FastMath.FMA) {
      why = "no hardware FMA (Math.fma is a software routine on this CPU or JVM)";
      return null;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      why = "module jdk.incubator.vector not readable";
      return null;
    }
    if (Runtime.version().feature() < 17 || Runtime.version().feature() > 25) {
      why = "untested JDK " + Runtime.version().feature();
      return null;
    }
    try {
      // On the module path this module does not require the incubator module (it is optional):
      // read it now that it is known to be there. A no-op on the class path.
      Kernels.class.getModule().addReads(ModuleLayer.boot().findModule("jdk.incubator.vector").get());
      return (VectorKernels) Class.forName("io.kerasj.internal.vectorization.PanamaKernels")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      why = "PanamaKernels unusable: " + e;
      return null;
    }
  }

  private static VectorKernels choose() {
    String mode = System.getProperty("kerasj.vector", "true").trim().toLowerCase(java.util.Locale.ROOT);
    System.Logger log = System.getLogger("io.kerasj");
    VectorKernels chosen;
    if (mode.equals("false")) {
      chosen = SCALAR;
      why = "disabled by -Dkerasj.vector=false";
    } else if (PANAMA == null) {
      chosen = SCALAR;
      if (FastMath.FMA && why.startsWith("module")) {
        log.log(System.Logger.Level.WARNING, "kerasj runs on its scalar kernels, " + SCALAR_COST + " than with"
            + " the JDK Vector API: add the JVM option --add-modules jdk.incubator.vector (see the README, Java"
            + " quick start)");
      }
    } else if (mode.equals("warmup")) {
      chosen = new Switching(SCALAR, PANAMA);
      why = "scalar until the Vector API kernels are compiled (-Dkerasj.vector=warmup)";
    } else {
      chosen = PANAMA;
      why = "Vector API available";
    }
    log.log(System.Logger.Level.DEBUG, "kerasj kernels: " + chosen.name() + " (" + why + ")");
    return chosen;
  }

  /** The implementation in use, e.g. {@code "scalar"} or {@code "panama-512"}. */
  public static String name() {
    return IMPL.name();
  }

  /** Whether the Vector API kernels are the ones in use now. */
  public static boolean vectorApi() {
    return IMPL instanceof Switching ? ((Switching) IMPL).current == PANAMA : IMPL == PANAMA;
  }

  /** One line for logs and {@code --verbose}: the kernels in use and why. */
  public static String description() {
    if (IMPL instanceof Switching) {
      return ((Switching) IMPL).describe();
    }
    return IMPL.name() + " (" + why + ")";
  }

  /**
   * {@code units} rounded up to the element-wise kernels' vector width, so that a gate block
   * padded to it runs on whole vectors (1 on the scalar path: no padding).
   */
  public static int padUnits(int units) {
    int v = IMPL.lanes();
    return (units + v - 1) / v * v;
  }

  /**
   * Rearranges the gate blocks of a weight: each of {@code rows} rows holds {@code order.length}
   * blocks of {@code u} columns; destination block {@code j} is source block {@code order[j]},
   * zero-padded to {@code up} columns. Returns a new array.
   */
  public static float[] padBlocks(float[] w, int rows, int u, int up, int... order) {
    return interleaveBlocks(w, rows, u, up, up, order);
  }

  /**
   * {@link #padBlocks}, with the gates interleaved by runs of {@code unitBlock} units: run {@code
   * q} holds, for its units {@code [q·unitBlock, q·unitBlock + w_q)} ({@code w_q = min(unitBlock,
   * up − q·unitBlock)}), the {@code w_q} columns of each gate in {@code order}, so that a range of
   * columns covers whole units (a thread can compute a run's product and its gates alone). With
   * {@code unitBlock ≥ up} this is {@link #padBlocks}.
   */
  public static float[] interleaveBlocks(float[] w, int rows, int u, int up, int unitBlock, int... order) {
    int gates = order.length;
    float[] r = new float[rows * gates * up];
    for (int i = 0; i < rows; i++) {
      int dst = i * gates * up;
      for (int j0 = 0; j0 < up; j0 += unitBlock) {
        int wq = Math.min(unitBlock, up - j0);
        int real = Math.max(0, Math.min(wq, u - j0));
        for (int g = 0; g < gates; g++, dst += wq) {
          System.arraycopy(w, (i * gates + order[g]) * u + j0, r, dst, real);
        }
      }
    }
    return r;
  }

  /** Packs a {@code k × n} weight for {@link #gemm}. */
  public static PackedMatrix pack(float[] b, int k, int n) {
    return IMPL.pack(b, k, n);
  }

  /** The floats {@link #packedOver} needs for a {@code k × n} operand. */
  public static int packedFloats(int k, int n) {
    return PackedMatrix.floats(k, n, runTimePanel());
  }

  // Operands packed at run time get only the panel layout; the scalar kernels, which read no
  // panels of their own, take it as one full-width panel (Keras' row-major layout).
  private static int runTimePanel() {
    int w = IMPL.panelWidth();
    return w > 0 ? w : Integer.MAX_VALUE;
  }

  /**
   * A {@code k × n} right-hand operand for {@link #gemm}, laid out over {@code buffer} as {@link
   * #pack} would lay it out; fill it with {@link PackedMatrix#fill} (for products of two run-time
   * tensors, e.g. attention's {@code Q·Kᵀ} and {@code A·V}).
   */
  public static PackedMatrix packedOver(float[] buffer, int k, int n) {
    return PackedMatrix.over(buffer, k, n, runTimePanel());
  }

  /**
   * A {@code k × n} right-hand operand for {@link #gemm} with storage of its own, to be filled call
   * after call with {@link PackedMatrix#fill} (products of two run-time tensors, e.g. attention's
   * {@code Q·Kᵀ} and {@code A·V}, where the caller keeps one per thread): the panel layout for the
   * Vector API kernels, the row layout for the scalar ones (see {@link PackedMatrix#rowsFor}).
   */
  /** Whether run-time operands are in the row layout: the scalar kernels are in use. */
  public static boolean rowLayout() {
    return IMPL.panelWidth() <= 0;
  }

  public static PackedMatrix runTimeOperand(int k, int n) {
    // (In warm-up mode the panel layout: both kernels read it.)
    int w = IMPL.panelWidth();
    return w > 0 ? PackedMatrix.over(new float[PackedMatrix.floats(k, n, w)], k, n, w)
        : PackedMatrix.rowsFor(k, n, ScalarKernels.NR);
  }

  /**
   * A numerically stable softmax of {@code len} values in place: {@code exp(x − max) / Σ}, the
   * exponentials on the vector kernels, the normalization a multiplication by {@code 1/Σ} (as
   * TensorFlow's CPU kernel does). A row holding NaN comes out NaN.
   */
  public static void softmax(float[] a, int off, int len) {
    IMPL.softmax(a, off, len, 1f);
  }

  /** {@link #softmax(float[], int, int)} of {@code len} values each first multiplied by {@code scale}. */
  public static void softmax(float[] a, int off, int len, float scale) {
    IMPL.softmax(a, off, len, scale);
  }

  /** See {@link VectorKernels#layerNormRows}. */
  public static void layerNormRows(float[] a, int off, int rows, int n, float epsilon, float[] gamma, float[] beta,
                                   VectorKernels.Norm norm) {
    IMPL.layerNormRows(a, off, rows, n, epsilon, gamma, beta, norm);
  }

  /**
   * {@link #layerNormRows}, split by rows across threads when large enough ({@link ParallelRows}):
   * for a layer's call, not for the normalization inside a recurrent step, where a hand-over every
   * step would cost more than it saves under load.
   */
  public static void layerNormRowsParallel(float[] a, int off, int rows, int n, float epsilon, float[] gamma,
                                           float[] beta, VectorKernels.Norm norm) {
    // Three passes over each row (the mean, the variance, the output): ~6–18 ReLUs an element.
    if (ParallelRows.worth(rows, 8L * rows * n)) {
      ParallelRows.Args g = ParallelRows.args();
      g.a = a;
      g.off = off;
      g.n = n;
      g.f = epsilon;
      g.b = gamma;
      g.c = beta;
      g.o1 = norm;
      if (ParallelRows.tryRun(rows, LAYER_NORM_ROWS)) {
        return;
      }
    }
    IMPL.layerNormRows(a, off, rows, n, epsilon, gamma, beta, norm);
  }

  private static final ParallelRows.Body LAYER_NORM_ROWS = (g, from, to) ->
      IMPL.layerNormRows(g.a, g.off + from * g.n, to - from, g.n, g.f, g.b, g.c, (VectorKernels.Norm) g.o1);

  /**
   * TensorFlow's softmax over several axes, {@code exp(x − reduce_logsumexp(x))}, of {@code len}
   * values in place: the maximum (0 if not finite) taken out, the log of the sum of exponentials
   * added back in float, then every exponential taken again. Its rounding differs from {@link
   * #softmax}'s: a group of equal values near −1e9 comes out all ones, as in TensorFlow.
   */
  public static void logSumExpSoftmax(float[] a, int off, int len) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      max = Math.max(max, a[off + j]);
    }
    if (!Float.isFinite(max)) {
      max = 0f;
    }
    double sum = 0;
    for (int j = 0; j < len; j++) {
      sum += (float) Math.exp(a[off + j] - max);
    }
    float lse = (float) Math.log((float) sum) + max;
    for (int j = 0; j < len; j++) {
      a[off + j] = (float) Math.exp(a[off + j] - lse);
    }
  }

  /**
   * Warm-up mode's implementation: the scalar kernels, and the Vector API kernels once the
   * {@code kerasj-warmup} thread has seen them run faster. Weights are packed for both.
   */
  static final class Switching implements VectorKernels {
    private final VectorKernels first;
    private final VectorKernels then;
    volatile VectorKernels current;
    private final long start = System.nanoTime();
    private volatile long switchedAt;
    private volatile String gaveUp;

    Switching(VectorKernels first, VectorKernels then) {
      this.first = first;
      this.then = then;
      this.current = first;
      Thread t = new Thread(new WarmUp(first, then, this), "kerasj-warmup");
      t.setDaemon(true);
      t.start();
    }

    void switchNow() {
      switchedAt = System.nanoTime();
      current = then;
    }

    void giveUp(String reason) {
      gaveUp = reason;
    }

    String describe() {
      if (current == then) {
        return then.name() + " (after " + first.name() + " for the first "
            + String.format(java.util.Locale.ROOT, "%.2f", (switchedAt - start) / 1e9) + " s, while the Vector API"
            + " kernels compiled: -Dkerasj.vector=warmup)";
      }
      return first.name() + " (" + (gaveUp != null ? gaveUp : "the Vector API kernels are still being compiled")
          + ": -Dkerasj.vector=warmup)";
    }

    @Override
    public String name() {
      return current.name();
    }

    @Override
    public int lanes() {
      return then.lanes();
    }

    @Override
    public PackedMatrix pack(float[] b, int k, int n) {
      return PackedMatrix.pack(b, k, n, then.panelWidth(), ScalarKernels.NR);
    }

    @Override
    public int panelWidth() {
      return then.panelWidth();
    }

    @Override
    public void gemm(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
                     float[] c, int cOff, int ldc) {
      current.gemm(a, aOff, lda, from, to, colFrom, colTo, b, c, cOff, ldc);
    }

    // A multiple of both implementations' grains, so a split suits whichever runs each part.
    @Override
    public int columnGrain(PackedMatrix b) {
      int g1 = first.columnGrain(b);
      int g2 = then.columnGrain(b);
      return g1 / java.math.BigInteger.valueOf(g1).gcd(java.math.BigInteger.valueOf(g2)).intValue() * g2;
    }

    // (Rows or columns, either kernel can run the parts: the one now in use decides.)
    @Override
    public boolean splitByRows(int m, PackedMatrix b, int threads, int chunks) {
      return current.splitByRows(m, b, threads, chunks);
    }

    @Override
    public int rowChunks(int m, PackedMatrix b, int chunks) {
      return current.rowChunks(m, b, chunks);
    }

    @Override
    public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n, float[] out,
                             int outOff) {
      current.affineNarrow(a, aOff, rows, k, w, bias, n, out, outOff);
    }

    @Override
    public void lstmGates(float[] z, int zOff, int w, int units, float[] c, int cOff, float[] h, int hOff,
                          float[] out, int outOff) {
      current.lstmGates(z, zOff, w, units, c, cOff, h, hOff, out, outOff);
    }

    @Override
    public void lstmBlocks(float[] z, int zOff, int zStride, int rows, int units, int block, int from, int to,
                           float[] c, float[] h, float[] out, int outOff, int outStride) {
      current.lstmBlocks(z, zOff, zStride, rows, units, block, from, to, c, h, out, outOff, outStride);
    }

    @Override
    public void tanh(float[] a, int off, int len) {
      current.tanh(a, off, len);
    }

    @Override
    public float expSum(float[] a, int off, int len, float shift) {
      return current.expSum(a, off, len, shift);
    }

    @Override
    public void softmax(float[] a, int off, int len, float scale) {
      current.softmax(a, off, len, scale);
    }

    @Override
    public void layerNormRows(float[] a, int off, int rows, int n, float epsilon, float[] gamma, float[] beta,
                              Norm norm) {
      current.layerNormRows(a, off, rows, n, epsilon, gamma, beta, norm);
    }

    @Override
    public void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
      current.multiplyAdd(a, aOff, b, bOff, c, cOff, n);
    }

    @Override
    public void sigmoid(float[] a, int off, int len) {
      current.sigmoid(a, off, len);
    }
  }

  /**
   * {@code c[i, :] += a[i, :] · b} for {@code m} rows; the product is split across threads (by
   * column panels of {@code b}, see {@link ParallelGemm}) only when it is large enough to pay for
   * the hand-over.
   */
  public static void gemm(float[] a, int aOff, int lda, int m, PackedMatrix b, float[] c, int cOff, int ldc) {
    if (worthSplitting(m, b.k, b.n)
        && ParallelGemm.tryRun(IMPL, a, aOff, lda, m, b, c, cOff, ldc)) {
      return;
    }
    IMPL.gemm(a, aOff, lda, 0, m, b, c, cOff, ldc);
  }

  /**
   * {@code c[i, :] += a[i, :] · b} for {@code m} rows with an unpacked {@code b} (k × n at
   * {@code bOff}); kept for layers outside the recurrent hot path.
   */
  public static void gemmAccumulate(float[] a, int aOff, int lda, int m, int k,
                             float[] b, int bOff, int n,
                             float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      int ai = aOff + i * lda;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }

  /** Fills {@code rows} rows of length {@code n} at {@code cOff} with {@code bias} (or zeros if null). */
  public static void fillRows(float[] c, int cOff, int rows, int n, float[] bias) {
    if (bias == null) {
      java.util.Arrays.fill(c, cOff, cOff + rows * n, 0f);
      return;
    }
    for (int i = 0; i < rows; i++) {
      System.arraycopy(bias, 0, c, cOff + i * n, n);
    }
  }

  /**
   * {@code out = x · w + bias} for {@code rows} contiguous rows, {@code w} packed: the recurrent
   * cells' input projections, split across threads from {@link #PARALLEL_MIN_FLOPS}.
   */
  public static void affine(float[] x, int xOff, int rows, PackedMatrix w, float[] bias, float[] out, int outOff) {
    affine(x, xOff, rows, w, bias, out, outOff, false);
  }

  private static void affine(float[] x, int xOff, int rows, PackedMatrix w, float[] bias, float[] out, int outOff,
                             boolean layer) {
    if ((worthSplitting(rows, w.k, w.n)
            || layer && rows >= ROWS_MIN_ROWS && 2L * rows * w.k * w.n >= PARALLEL_MIN_ROWS_FLOPS)
        && ParallelGemm.tryRunAffine(IMPL, x, xOff, w.k, rows, w, bias, out, outOff, w.n)) {
      return;
    }
    fillRows(out, outOff, rows, w.n, bias);
    gemm(x, xOff, w.k, rows, w, out, outOff, w.n);
  }

  /**
   * Weights of {@code x·w + bias} packed for the product that suits their width: {@link
   * VectorKernels#affineNarrow} below two vectors of output, the panel product above.
   */
  public static final class AffineWeights {
    public final int k;
    public final int n;
    public final PackedMatrix packed; // wide
    public final float[] bias;        // wide: (n) or null
    public final float[] narrowW;     // narrow: (k × width), zero-padded
    public final float[] narrowBias;  // narrow: (width) or null

    private AffineWeights(int k, int n, PackedMatrix packed, float[] bias, float[] narrowW, float[] narrowBias) {
      this.k = k;
      this.n = n;
      this.packed = packed;
      this.bias = bias;
      this.narrowW = narrowW;
      this.narrowBias = narrowBias;
    }
  }

  /** Packs {@code w (k × n)} and {@code bias (n, or null)} for {@link #affine(float[], int, int, AffineWeights, float[], int)}. */
  public static AffineWeights packAffine(float[] w, int k, int n, float[] bias) {
    int v = IMPL.lanes();
    if (v == 1 || n > 2 * v) {
      return new AffineWeights(k, n, pack(w, k, n), bias == null ? null : bias.clone(), null, null);
    }
    int width = (n + v - 1) / v * v;
    float[] pw = new float[k * width];
    for (int p = 0; p < k; p++) {
      System.arraycopy(w, p * n, pw, p * width, n);
    }
    float[] pb = bias == null ? null : java.util.Arrays.copyOf(bias, width);
    return new AffineWeights(k, n, null, null, pw, pb);
  }

  /**
   * {@code out = x · w + bias} for {@code rows} contiguous rows. Every element of those rows is
   * written before it is read, so {@code out} need not be zeroed ({@code Buffers.floatsToOverwrite}).
   */
  public static void affine(float[] x, int xOff, int rows, AffineWeights w, float[] out, int outOff) {
    if (w.narrowW != null) {
      IMPL.affineNarrow(x, xOff, rows, w.k, w.narrowW, w.narrowBias, w.n, out, outOff);
    } else {
      affine(x, xOff, rows, w.packed, w.bias, out, outOff, true);
    }
  }

  /**
   * One run of LSTM units of one sequence with Keras' default activations (see {@link
   * VectorKernels#lstmGates}).
   */
  public static void lstmGates(float[] z, int zOff, int w, int units, float[] c, int cOff, float[] h, int hOff,
                               float[] out, int outOff) {
    IMPL.lstmGates(z, zOff, w, units, c, cOff, h, hOff, out, outOff);
  }

  /** See {@link VectorKernels#lstmBlocks}. */
  public static void lstmBlocks(float[] z, int zOff, int zStride, int rows, int units, int block, int from, int to,
                                float[] c, float[] h, float[] out, int outOff, int outStride) {
    IMPL.lstmBlocks(z, zOff, zStride, rows, units, block, from, to, c, h, out, outOff, outStride);
  }

  /** In-place fast tanh of {@code len} values. */
  public static void tanh(float[] a, int off, int len) {
    IMPL.tanh(a, off, len);
  }

  /** In-place fast logistic sigmoid of {@code len} values. */
  public static void sigmoid(float[] a, int off, int len) {
    IMPL.sigmoid(a, off, len);
  }
}
