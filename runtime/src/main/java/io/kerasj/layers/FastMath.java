package io.kerasj.layers;

/**
 * Float {@code exp}, {@code tanh} and {@code sigmoid} without calls into {@link Math}, so that the
 * gate loops stay inlined and (in {@code PanamaKernels}) vectorized. The algorithms are Cephes'
 * {@code expf} and {@code tanhf}; {@code PanamaKernels} evaluates the same formulas lane-wise.
 * Accuracy against {@link Math} rounded to float is checked by {@code FastMathTest}: exp ≤ 1 ulp,
 * tanh ≤ 2 ulp, sigmoid ≤ 3 ulp (TensorFlow's own float kernels are approximations of similar
 * accuracy, so Keras outputs agree far below the 1e-5 compatibility tolerance).
 *
 * <p>Plain multiply-add is used, not {@link Math#fma}: on a CPU without FMA the latter falls back to
 * a software path that is orders of magnitude slower.
 */
final class FastMath {
  private FastMath() {}

  static final float LOG2E = 1.44269504088896341f;
  // ln 2 split so that k·LN2_HI is exact for |k| ≤ 2^9 (Cephes' C1, C2).
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  // Beyond these, exp is 0 or +inf in float; clamping keeps k within the two-factor scale below.
  static final float EXP_LO = -104f;
  static final float EXP_HI = 89f;
  static final float P0 = 1.9875691500E-4f;
  static final float P1 = 1.3981999507E-3f;
  static final float P2 = 8.3334519073E-3f;
  static final float P3 = 4.1665795894E-2f;
  static final float P4 = 1.6666665459E-1f;
  static final float P5 = 5.0000001201E-1f;
  static final float T0 = -5.70498872745E-3f;
  static final float T1 = 2.06390887954E-2f;
  static final float T2 = -5.37397155531E-2f;
  static final float T3 = 1.33314422036E-1f;
  static final float T4 = -3.33332819422E-1f;
  /** Below this |x|, tanh uses its odd polynomial; above, {@code 1 − 2/(e^{2x}+1)}. */
  static final float TANH_SMALL = 0.625f;

  /** e^x in float. */
  static float exp(float x) {
    float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float t = xc * LOG2E;
    // Round half away from zero by truncation: branch-free, and the same as a vector F2I conversion.
    int k = (int) (t + Math.copySign(0.5f, t));
    float fk = k;
    float r = xc - fk * LN2_HI;
    r = r - fk * LN2_LO;
    float z = r * r;
    float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
    p = p * z + r + 1f;
    // 2^k as two normal factors, so results down to the subnormal range and up to overflow are exact.
    int k1 = k >> 1;
    float s1 = Float.intBitsToFloat((k1 + 127) << 23);
    float s2 = Float.intBitsToFloat((k - k1 + 127) << 23);
    return p * s1 * s2;
  }

  /** tanh(x) in float. */
  static float tanh(float x) {
    float ax = Math.abs(x);
    if (ax < TANH_SMALL) {
      if (x == 0f) {
        return x; // keeps the sign of zero, which the polynomial loses
      }
      float s = x * x;
      return ((((T0 * s + T1) * s + T2) * s + T3) * s + T4) * s * x + x;
    }
    float e = exp(ax + ax);
    float t = 1f - 2f / (e + 1f);
    return Math.copySign(t, x);
  }

  /** The logistic function in float; {@code e^{-|x|}} keeps both tails accurate. */
  static float sigmoid(float x) {
    float e = exp(-Math.abs(x));
    float s = 1f / (1f + e);
    return x >= 0f ? s : e * s;
  }
}
