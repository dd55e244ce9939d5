package io.kerasj.layers.attention;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

/**
 * The two products of dot-product attention for one (batch item, head) on the packed kernels: the
 * right-hand operand (keys transposed, or values) is packed into a workspace buffer call by call,
 * then multiplied in axpy form like any weight.
 */
final class Products {
  private Products() {}

  /**
   * {@code s (tq × tk) = q · kᵀ}: query row {@code i} at {@code qOff + i·ldq}, key row {@code j} at
   * {@code kOff + j·ldk}, {@code d} values each; {@code keysT} is a {@code d × tk} packed buffer.
   */
  static void scores(float[] q, int qOff, int ldq, int tq, float[] k, int kOff, int ldk, PackedMatrix keysT,
                     float[] s) {
    keysT.fill(k, kOff, 1, ldk);
    int tk = keysT.n;
    java.util.Arrays.fill(s, 0, tq * tk, 0f);
    Kernels.gemm(q, qOff, ldq, tq, keysT, s, 0, tk);
  }

  /**
   * {@code out += a (tq × tk) · v}: value row {@code j} at {@code vOff + j·ldv}; output row {@code i}
   * at {@code oOff + i·ldo}; {@code values} is a {@code tk × dv} packed buffer.
   */
  static void combine(float[] a, int tq, float[] v, int vOff, int ldv, PackedMatrix values, float[] out, int oOff,
                      int ldo) {
    values.fill(v, vOff, ldv, 1);
    Kernels.gemm(a, 0, values.k, tq, values, out, oOff, ldo);
  }
}
