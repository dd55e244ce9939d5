package io.kerasj.internal.vectorization;

/**
 * The hot loops behind one interface, so that a SIMD implementation ({@code PanamaKernels}, built
 * on the incubating JDK Vector API) can replace the scalar one ({@link ScalarKernels}) at run time
 * without any {@code jdk.incubator.vector} type leaking into the rest of the runtime. {@link
 * Kernels} picks the implementation once.
 *
 * <p>All matrices are row-major {@code float[]} slices. Right-hand matrices are weights, packed once
 * at load by {@link #pack} into the layout this implementation's product reads sequentially.
 */
public interface VectorKernels {
  /** A short name for logs and benchmark reports, e.g. {@code "scalar"} or {@code "panama-512"}. */
  public String name();

  /** Floats per vector of the element-wise kernels (1 for scalar code); cells pad gate blocks to it. */
  public int lanes();

  /** Packs a {@code k × n} row-major weight matrix for {@link #gemm}. */
  public PackedMatrix pack(float[] b, int k, int n);

  /** Width of the column panels of {@link PackedMatrix#data} this implementation reads; 0 if it reads none. */
  default int panelWidth() {
    return 0;
  }

  /**
   * {@code c[i, :] += a[i, :] · b} for rows {@code i} in {@code [from, to)}.
   *
   * @param a row {@code i} ({@code b.k()} values) at {@code aOff + i*lda}
   * @param c row {@code i} ({@code b.n()} values) at {@code cOff + i*ldc}
   */
  default void gemm(float[] a, int aOff, int lda, int from, int to, PackedMatrix b, float[] c, int cOff, int ldc) {
    gemm(a, aOff, lda, from, to, 0, b.n, b, c, cOff, ldc);
  }

  /**
   * {@code c[i, j] += (a[i, :] · b)[j]} for rows {@code i} in {@code [from, to)} and columns
   * {@code j} in {@code [colFrom, colTo)}; {@code colFrom} is a multiple of {@link #columnGrain}
   * and {@code colTo} is one too or {@code b.n}. Splitting the columns of one product between
   * threads gives each thread its own part of the weights and the same results as one call.
   */
  public void gemm(float[] a, int aOff, int lda, int from, int to, int colFrom, int colTo, PackedMatrix b,
            float[] c, int cOff, int ldc);

  /** The granularity in which {@link #gemm(float[], int, int, int, int, int, int, PackedMatrix, float[], int, int)} may split columns of {@code b}. */
  default int columnGrain(PackedMatrix b) {
    return b.nr;
  }

  /**
   * Whether a product of {@code m} rows that could be split by columns of {@code b} between
   * {@code threads} threads, in {@code chunks} chunks, is better split by rows of {@code a}: these
   * kernels would run the column chunks slower than whole rows.
   */
  default boolean splitByRows(int m, PackedMatrix b, int threads, int chunks) {
    return false;
  }

  /**
   * How many chunks (at most {@code chunks}, at least 2) a product of {@code m} rows split by rows
   * is cut into: fewer, when these kernels run chunks of fewer rows slower.
   */
  default int rowChunks(int m, PackedMatrix b, int chunks) {
    return chunks;
  }

  /**
   * {@code out[r, :n] = a[r, :] · w + bias} for {@code rows} rows of {@code k} values, where {@code n}
   * is at most {@code 2·lanes()} and {@code w} ({@code k × width}) and {@code bias} ({@code width}, or
   * null) are zero-padded to {@code width = lanes()·ceil(n/lanes())} columns. Output rows are
   * contiguous ({@code n} floats each); nothing outside {@code [outOff, outOff + rows·n)} is written.
   */
  public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n, float[] out, int outOff);

  /**
   * {@code a[i] = exp(a[i] − shift)} for {@code len} values from {@code off} (within 1 ulp, as
   * {@link FastMath#exp}); returns their sum. The exponentials of a softmax row.
   */
  public float expSum(float[] a, int off, int len, float shift);

  /**
   * The softmax of {@code len} values from {@code off} in place, after multiplying them by {@code
   * scale} (attention's {@code 1/√d} on Keras 3's fused path, which scales the product; 1 for
   * none): {@code x = a·scale} rounded to float, then {@code exp(x − max) / Σ} with {@link
   * #expSum}'s exponentials and the normalization a multiplication by {@code 1/Σ} (as TensorFlow's
   * CPU kernel). A row holding NaN comes out NaN. Implementations give the same exponentials; the
   * sum may differ in its last bits (its order follows the vector width).
   */
  public void softmax(float[] a, int off, int len, float scale);

  /**
   * Layer normalization of {@code rows} contiguous rows of {@code n} values in place, in float as
   * TensorFlow computes it: the mean, the biased variance around it (two passes), {@code inv =
   * 1/√(var + epsilon)} (rounded once from double), then {@code (x − c)·(inv·gamma) + beta} with one
   * rounding (FMA), where {@code c} is the mean for {@link Norm#LAYER}, 0 otherwise. {@code gamma}
   * and {@code beta} ({@code n} each) may be null. The sums' order follows the vector width, so the
   * two kernel paths may differ in the last bits of the statistics.
   */
  public void layerNormRows(float[] a, int off, int rows, int n, float epsilon, float[] gamma, float[] beta,
                            Norm norm);

  /** What {@link #layerNormRows} centres on. */
  enum Norm {
    /** {@code LayerNormalization}: the variance around the mean, the output centred. */
    LAYER,
    /** Keras 3's {@code LayerNormalization(rms_scaling=True)}: the variance around the mean, the output not centred (no beta). */
    RMS_SCALING,
    /** {@code RMSNormalization}: the mean square ({@code mean(x²)}, no mean taken), the output not centred (no beta). */
    RMS
  }

  /**
   * One block of LSTM units of one sequence, Keras' default activations: {@code z} at {@code zOff}
   * holds the block's pre-activations {@code [i | f | o | g]}, {@code w} floats each ({@code w} a
   * multiple of {@link #lanes()}, or {@code w = units} below {@link #lanes()}, and then the row
   * holds {@code 4w} rounded up to a multiple of {@link #lanes()} floats from {@code zOff}), with
   * {@code i}, {@code f} and {@code o} halved ({@code LSTMCell} halves their weights): the gate
   * sigmoid is {@code σ(x) = ½·tanh(x/2) + ½} ({@link #tanh}, then {@code 0.5f·t + 0.5f}), so that
   * one activation serves all four gates. For its first {@code units} units, {@code c = σ(f)·c +
   * σ(i)·tanh(g)} and {@code h = σ(o)·tanh(c)}, written to {@code c} at {@code cOff}, {@code h} at
   * {@code hOff} and {@code out} at {@code outOff}. {@code z} is overwritten. An implementation may
   * fuse the loops but must give these bits: each product rounded, then their sum ({@code f·c +
   * i·g}, no FMA).
   *
   * <p>Against TensorFlow's sigmoid (Eigen's {@code scalar_logistic_op}, exp-based, accurate for
   * x ≪ 0) this σ has an absolute error below 2e-7: tanh's clamp makes it exactly 0 below
   * x = −15.8 (where σ < 1.4e-7) and 1 above 15.8, and its relative error grows as σ nears 0. The
   * gates only scale c and tanh(c), so outputs stay far inside the 1e-5 compatibility tolerance.
   */
  default void lstmGates(float[] z, int zOff, int w, int units, float[] c, int cOff, float[] h, int hOff,
                         float[] out, int outOff) {
    tanh(z, zOff, 4 * w);
    for (int j = zOff; j < zOff + 3 * w; j++) {
      z[j] = 0.5f * z[j] + 0.5f;
    }
    lstmCell(z, zOff, w, units, c, cOff);
    tanh(z, zOff + 3 * w, w);
    lstmOutput(z, zOff, w, units, h, hOff, out, outOff);
  }

  /**
   * {@link #lstmGates} for units {@code [from, to)} of {@code rows} sequences, whose gate columns
   * are laid out in blocks of {@code block} units ({@code LSTMCell}): the block of unit {@code j}
   * (a multiple of {@code block}) holds its {@code w = min(block, units − j)} units' gates from
   * column {@code 4j} of the sequence's row, which starts at {@code zOff + b·zStride}; {@code from}
   * is a multiple of {@code block}, {@code to} one too or {@code units}. States are rows of
   * {@code units} values; outputs rows at {@code outOff + b·outStride}. The units of {@code h}
   * outside {@code [from, to)} are left as they were.
   */
  default void lstmBlocks(float[] z, int zOff, int zStride, int rows, int units, int block, int from, int to,
                          float[] c, float[] h, float[] out, int outOff, int outStride) {
    for (int b = 0; b < rows; b++) {
      final int zb = zOff + b * zStride;
      final int s = b * units;
      final int ob = outOff + b * outStride;
      for (int j = from; j < to; j += block) {
        final int w = Math.min(block, units - j);
        lstmGates(z, zb + 4 * j, w, w, c, s + j, h, s + j, out, ob + j);
      }
    }
  }

  /**
   * The cell update of {@link #lstmGates} on activated gates: {@code c = f·c + i·g} for {@code
   * units} units, also written over {@code g}, for the cell activation to be applied there.
   */
  static void lstmCell(float[] z, int zOff, int w, int units, float[] c, int cOff) {
    final int zf = zOff + w;
    final int zg = zOff + 3 * w;
    for (int j = 0; j < units; j++) {
      float cj = z[zf + j] * c[cOff + j] + z[zOff + j] * z[zg + j];
      c[cOff + j] = cj;
      z[zg + j] = cj;
    }
  }

  /** The output of {@link #lstmGates}: {@code h = o·act(c)}, {@code act(c)} being where {@code g} was. */
  static void lstmOutput(float[] z, int zOff, int w, int units, float[] h, int hOff, float[] out, int outOff) {
    final int zo = zOff + 2 * w;
    final int zg = zOff + 3 * w;
    for (int j = 0; j < units; j++) {
      float hj = z[zo + j] * z[zg + j];
      h[hOff + j] = hj;
      out[outOff + j] = hj;
    }
  }

  /**
   * {@code c[cOff + i] += a[aOff + i] · b[bOff + i]} for {@code i} in {@code [0, n)}: one tap of a
   * depthwise convolution over a pixel's channels.
   */
  public void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n);

  /** {@code a[i] = tanh(a[i])} for {@code len} values from {@code off}, within 2 ulp. */
  public void tanh(float[] a, int off, int len);

  /** {@code a[i] = 1 / (1 + exp(-a[i]))} for {@code len} values from {@code off}, within 3 ulp. */
  public void sigmoid(float[] a, int off, int len);
}
