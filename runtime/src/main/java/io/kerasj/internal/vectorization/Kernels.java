package io.kerasj.internal.vectorization;

/**
 * The few hot loops, behind one façade. Matrices are row-major {@code float[]} slices; weights keep
 * Keras' {@code (in, out)} orientation and are packed once at load ({@link #pack}) for the
 * product that reads them, which runs in axpy form: a broadcast of {@code a[i,p]} times a
 * contiguous panel row of {@code b}, no horizontal reductions.
 *
 * <p>The implementation is chosen once, Lucene-style: {@code PanamaKernels} (JDK Vector API) when
 * the module {@code jdk.incubator.vector} is readable (run with {@code --add-modules
 * jdk.incubator.vector}) on a tested JDK, else {@link ScalarKernels}. {@code -Dkerasj.vector=false}
 * forces the scalar path. The choice is logged once at level DEBUG and visible as {@link #name()}.
 */
public final class Kernels {
  private Kernels() {}

  /** Products smaller than this (2·m·k·n) run on the calling thread: a hand-over costs ~10–50 µs. */
  public static final long PARALLEL_MIN_FLOPS = Long.getLong("kerasj.parallelMinFlops", 8_000_000L);

  public static final VectorKernels IMPL = load();

  private static VectorKernels load() {
    VectorKernels chosen = new ScalarKernels();
    String why;
    if (!Boolean.parseBoolean(System.getProperty("kerasj.vector", "true"))) {
      why = "disabled by -Dkerasj.vector=false";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      why = "module jdk.incubator.vector not readable (run with --add-modules jdk.incubator.vector)";
    } else if (Runtime.version().feature() < 17 || Runtime.version().feature() > 25) {
      why = "untested JDK " + Runtime.version().feature();
    } else {
      try {
        // On the module path this module does not require the incubator module (it is optional):
        // read it now that it is known to be there. A no-op on the class path.
        Kernels.class.getModule().addReads(ModuleLayer.boot().findModule("jdk.incubator.vector").get());
        chosen = (VectorKernels) Class.forName("io.kerasj.internal.vectorization.PanamaKernels")
            .getDeclaredConstructor().newInstance();
        why = "Vector API available";
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        why = "PanamaKernels unusable: " + e;
      }
    }
    System.getLogger("io.kerasj").log(System.Logger.Level.DEBUG, "kerasj kernels: " + chosen.name() + " (" + why + ")");
    return chosen;
  }

  /** The implementation in use, e.g. {@code "scalar"} or {@code "panama-512"}. */
  public static String name() {
    return IMPL.name();
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
    int blocks = order.length;
    float[] r = new float[rows * blocks * up];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < blocks; j++) {
        System.arraycopy(w, (i * blocks + order[j]) * u, r, (i * blocks + j) * up, u);
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
    return PackedMatrix.floats(k, n, IMPL.panelWidth());
  }

  /**
   * A {@code k × n} right-hand operand for {@link #gemm}, laid out over {@code buffer} as {@link
   * #pack} would lay it out; fill it with {@link PackedMatrix#fill} (for products of two run-time
   * tensors, e.g. attention's {@code Q·Kᵀ} and {@code A·V}).
   */
  public static PackedMatrix packedOver(float[] buffer, int k, int n) {
    return PackedMatrix.over(buffer, k, n, IMPL.panelWidth());
  }

  /**
   * A numerically stable softmax of {@code len} values in place: {@code exp(x − max) / Σ}, the
   * exponentials on the vector kernels, the normalization a multiplication by {@code 1/Σ} (as
   * TensorFlow's CPU kernel does). A row holding NaN comes out NaN.
   */
  public static void softmax(float[] a, int off, int len) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = off, end = off + len; i < end; i++) {
      max = Math.max(max, a[i]);
    }
    float inv = 1f / IMPL.expSum(a, off, len, max);
    for (int i = off, end = off + len; i < end; i++) {
      a[i] *= inv;
    }
  }

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
   * {@code c[i, :] += a[i, :] · b} for {@code m} rows; the product is split across threads (by
   * column panels of {@code b}, see {@link ParallelGemm}) only when it is large enough to pay for
   * the hand-over.
   */
  public static void gemm(float[] a, int aOff, int lda, int m, PackedMatrix b, float[] c, int cOff, int ldc) {
    if (2L * m * b.k * b.n >= PARALLEL_MIN_FLOPS
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

  /** {@code out = x · w + bias} for {@code rows} contiguous rows, {@code w} packed. */
  public static void affine(float[] x, int xOff, int rows, PackedMatrix w, float[] bias, float[] out, int outOff) {
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

  /** {@code out = x · w + bias} for {@code rows} contiguous rows. */
  public static void affine(float[] x, int xOff, int rows, AffineWeights w, float[] out, int outOff) {
    if (w.narrowW != null) {
      IMPL.affineNarrow(x, xOff, rows, w.k, w.narrowW, w.narrowBias, w.n, out, outOff);
    } else {
      affine(x, xOff, rows, w.packed, w.bias, out, outOff);
    }
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
