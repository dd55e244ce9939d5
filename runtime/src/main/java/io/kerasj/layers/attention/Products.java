package io.kerasj.layers.attention;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

/**
 * The two products of dot-product attention for one (batch item, head) on the packed kernels: the
 * right-hand operand (keys transposed, or values) is packed call by call into a matrix the calling
 * thread keeps ({@link Kernels#runTimeOperand}), then multiplied in axpy form like any weight.
 */
final class Products {
  private Products() {}

  /**
   * {@code s (tq × tk) = q · kᵀ} at {@code sOff}: query row {@code i} at {@code qOff + i·ldq}, key
   * row {@code j} at {@code kOff + j·ldk}, {@code d} values each; {@code keysT} is {@code d × tk}.
   */
  static void scores(float[] q, int qOff, int ldq, int tq, float[] k, int kOff, int ldk, PackedMatrix keysT,
                     float[] s, int sOff) {
    keysT.fill(k, kOff, 1, ldk);
    scores(q, qOff, ldq, tq, keysT, s, sOff);
  }

  /** {@link #scores(float[], int, int, int, float[], int, int, PackedMatrix, float[], int)} on keys already packed. */
  static void scores(float[] q, int qOff, int ldq, int tq, PackedMatrix keysT, float[] s, int sOff) {
    int tk = keysT.n;
    java.util.Arrays.fill(s, sOff, sOff + tq * tk, 0f);
    Kernels.gemm(q, qOff, ldq, tq, keysT, s, sOff, tk);
  }

  /**
   * {@code out += a (tq × tk, at aOff) · v}: value row {@code j} at {@code vOff + j·ldv}; output row
   * {@code i} at {@code oOff + i·ldo}; {@code values} is {@code tk × dv}.
   */
  static void combine(float[] a, int aOff, int tq, float[] v, int vOff, int ldv, PackedMatrix values, float[] out,
                      int oOff, int ldo) {
    values.fill(v, vOff, ldv, 1);
    combine(a, aOff, tq, values, out, oOff, ldo);
  }

  /** {@link #combine(float[], int, int, float[], int, int, PackedMatrix, float[], int, int)} on values already packed. */
  static void combine(float[] a, int aOff, int tq, PackedMatrix values, float[] out, int oOff, int ldo) {
    Kernels.gemm(a, aOff, values.k, tq, values, out, oOff, ldo);
  }
}
