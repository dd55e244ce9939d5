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
   * {@code out[r, :n] = a[r, :] · w + bias} for {@code rows} rows of {@code k} values, where {@code n}
   * is at most {@code 2·lanes()} and {@code w} ({@code k × width}) and {@code bias} ({@code width}, or
   * null) are zero-padded to {@code width = lanes()·ceil(n/lanes())} columns. Output rows are
   * contiguous ({@code n} floats each); nothing outside {@code [outOff, outOff + rows·n)} is written.
   */
  public void affineNarrow(float[] a, int aOff, int rows, int k, float[] w, float[] bias, int n, float[] out, int outOff);

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
