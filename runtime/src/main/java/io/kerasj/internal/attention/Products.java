package io.kerasj.internal.attention;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import io.kerasj.internal.vectorization.ScalarKernels;

/**
 * The two products of dot-product attention for one (batch item, head) on the packed kernels: the
 * right-hand operand (keys transposed, or values) is packed call by call into a matrix the calling
 * thread keeps ({@link Kernels#runTimeOperand}), then multiplied in axpy form like any weight.
 */
public final class Products {
  private Products() {}

  /**
   * {@code s (tq × tk) = q · kᵀ} at {@code sOff}: query row {@code i} at {@code qOff + i·ldq}, key
   * row {@code j} at {@code kOff + j·ldk}, {@code d} values each; {@code keysT} is {@code d × tk}.
   */
  public static void scores(float[] q, int qOff, int ldq, int tq, float[] k, int kOff, int ldk, PackedMatrix keysT,
                     float[] s, int sOff) {
    keysT.fill(k, kOff, 1, ldk);
    scores(q, qOff, ldq, tq, keysT, s, sOff);
  }

  /** {@link #scores(float[], int, int, int, float[], int, int, PackedMatrix, float[], int)} on keys already packed. */
  public static void scores(float[] q, int qOff, int ldq, int tq, PackedMatrix keysT, float[] s, int sOff) {
    int tk = keysT.n;
    java.util.Arrays.fill(s, sOff, sOff + tq * tk, 0f);
    Kernels.gemm(q, qOff, ldq, tq, keysT, s, sOff, tk);
  }

  /**
   * Whether {@link #transposed} runs this head: on the scalar kernels (the row layout), one panel
   * wide.
   */
  public static boolean transposedFits(int tq, int tk, int dv) {
    return Kernels.rowLayout() && tq <= ScalarKernels.COLUMNS_MAX;
  }

  /**
   * One head's unmasked attention on the scalar kernels, transposed: {@code sᵀ (tk × tq) = k · qᵀ}
   * at {@code sOff}, its softmax down the columns ({@link ScalarKernels#softmaxColumns}) written
   * into the rows of a matrix {@code pᵀ}, {@code oᵀ (dv × tq) = vᵀ · pᵀ}, and {@code oᵀ} stored
   * transposed into {@code out} (row {@code i} at {@code oOff + i·ldo}, which must hold zeros).
   * The untransposed form has 32-column products (A·V of 32 values a head) that run transposed with
   * a copy of each operand, and softmax rows whose exponentials do not vectorize; here both products
   * are 128-column row products and the softmax passes run along rows. Each output still sums its
   * products in p order with one fma each (fma(x, y, c) = fma(y, x, c)), and each column of the
   * softmax is computed as {@link Kernels#softmax} computes a row: the same bits as {@link #scores},
   * {@link Kernels#softmax} and {@link #combine}.
   */
  public static void transposed(float[] q, int qOff, int ldq, int tq, float[] k, int kOff, int ldk, int tk, int d,
                         float scale, float[] v, int vOff, int ldv, int dv, float[] s, int sOff, float[] out,
                         int oOff, int ldo, Operands ops) {
    PackedMatrix queriesT = ops.getTransposed(d, tq);
    queriesT.fill(q, qOff, 1, ldq);
    java.util.Arrays.fill(s, sOff, sOff + tk * tq, 0f);
    Kernels.gemm(k, kOff, ldk, tk, queriesT, s, sOff, tq);
    PackedMatrix probsT = ops.getTransposed(tk, tq);
    ScalarKernels.softmaxColumns(s, sOff, tk, tq, scale, probsT.rows);
    float[] vt = ops.valuesT(dv * tk);
    for (int j = 0; j < tk; j++) {
      for (int e = 0, src = vOff + j * ldv; e < dv; e++) {
        vt[e * tk + j] = v[src + e];
      }
    }
    float[] ot = ops.outT(dv * tq);
    java.util.Arrays.fill(ot, 0, dv * tq, 0f);
    Kernels.gemm(vt, 0, tk, dv, probsT, ot, 0, tq);
    for (int e = 0; e < dv; e++) {
      for (int i = 0, dst = oOff + e; i < tq; i++, dst += ldo) {
        out[dst] = ot[e * tq + i];
      }
    }
  }

  /**
   * {@code out += a (tq × tk, at aOff) · v}: value row {@code j} at {@code vOff + j·ldv}; output row
   * {@code i} at {@code oOff + i·ldo}; {@code values} is {@code tk × dv}.
   */
  public static void combine(float[] a, int aOff, int tq, float[] v, int vOff, int ldv, PackedMatrix values, float[] out,
                      int oOff, int ldo) {
    values.fill(v, vOff, ldv, 1);
    combine(a, aOff, tq, values, out, oOff, ldo);
  }

  /** {@link #combine(float[], int, int, float[], int, int, PackedMatrix, float[], int, int)} on values already packed. */
  public static void combine(float[] a, int aOff, int tq, PackedMatrix values, float[] out, int oOff, int ldo) {
    Kernels.gemm(a, aOff, values.k, tq, values, out, oOff, ldo);
  }
}
