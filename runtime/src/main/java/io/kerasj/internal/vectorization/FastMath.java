package io.kerasj.internal.vectorization;

/**
 * Float {@code exp}, {@code tanh} and {@code sigmoid} without calls into {@link Math}, so that the
 * gate loops stay inlined and (in {@code PanamaKernels}) vectorized. {@code exp} is Cephes' {@code
 * expf}; {@code tanh} is Eigen's rational approximation (the one TensorFlow's CPU kernels were built
 * on), chosen because it needs neither {@code exp} nor a branch, so its vector form is a straight
 * line of multiply-adds and one division that C2 keeps in registers on every JDK. {@code
 * PanamaKernels} evaluates the same formulas lane-wise.
 * Accuracy against {@link Math} rounded to float is checked by {@code FastMathTest}: exp ≤ 1 ulp,
 * tanh ≤ 2 ulp, sigmoid ≤ 3 ulp (TensorFlow's own float kernels are approximations of similar
 * accuracy, so Keras outputs agree far below the 1e-5 compatibility tolerance).
 *
 * <p>{@link #exp}, {@link #tanh} and {@link #sigmoid} use plain multiply-add; {@link #tanhFma} and
 * {@link #sigmoidFma} are the same formulas operation for operation as {@code PanamaKernels}
 * evaluates them lane-wise (with {@link Math#fma} where the vectors use FMA), so that the scalar
 * and the Vector API kernels give the same bits. They are used only where {@link #FMA} holds: on
 * a CPU without FMA, {@link Math#fma} falls back to a software path that is orders of magnitude
 * slower.
 */
public final class FastMath {
  private FastMath() {}

  /**
   * Whether {@link Math#fma} is a hardware instruction on this JVM and CPU ({@code
   * -Dkerasj.fma=true|false} overrides the probe). The probe times 200 calls, best of three: with
   * hardware FMA (every x86-64 CPU since 2013, every AArch64 CPU) they take microseconds even in the
   * interpreter, while the JDK's exact software fallback takes milliseconds.
   */
  public static final boolean FMA = fmaIsFast();

  private static volatile float probeSink;

  private static boolean fmaIsFast() {
    String forced = System.getProperty("kerasj.fma");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    long best = Long.MAX_VALUE;
    float s = 0f;
    for (int trial = 0; trial < 3; trial++) {
      long t = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        s = Math.fma(s, 0.5f, 1f);
      }
      best = Math.min(best, System.nanoTime() - t);
    }
    probeSink = s;
    // ~6 µs with hardware FMA, ~5 ms without: the threshold leaves a factor of ~80 either side.
    return best < 400_000L;
  }

  public static final float LOG2E = 1.44269504088896341f;
  // ln 2 split so that k·LN2_HI is exact for |k| ≤ 2^9 (Cephes' C1, C2).
  public static final float LN2_HI = 0.693359375f;
  public static final float LN2_LO = -2.12194440e-4f;
  // Beyond these, exp is 0 or +inf in float; clamping keeps k within the two-factor scale below.
  public static final float EXP_LO = -104f;
  public static final float EXP_HI = 89f;
  /**
   * 1.5·2^23: adding it to a float of magnitude below 2^22 rounds that float to an integer (ties to
   * even) held in the low mantissa bits, so {@code bits − ROUND_MAGIC_BITS} is the integer and
   * {@code sum − ROUND_MAGIC} the same integer as a float — no float-to-int conversion needed.
   */
  public static final float ROUND_MAGIC = 12582912f;
  public static final int ROUND_MAGIC_BITS = 0x4B400000;
  public static final float P0 = 1.9875691500E-4f;
  public static final float P1 = 1.3981999507E-3f;
  public static final float P2 = 8.3334519073E-3f;
  public static final float P3 = 4.1665795894E-2f;
  public static final float P4 = 1.6666665459E-1f;
  public static final float P5 = 5.0000001201E-1f;
  // Eigen's 13/6 rational approximation of tanh (generic_fast_tanh_float): odd numerator,
  // even denominator in x².
  public static final float TA1 = 4.89352455891786e-03f;
  public static final float TA3 = 6.37261928875436e-04f;
  public static final float TA5 = 1.48572235717979e-05f;
  public static final float TA7 = 5.12229709037114e-08f;
  public static final float TA9 = -8.60467152213735e-11f;
  public static final float TA11 = 2.00018790482477e-13f;
  public static final float TA13 = -2.76076847742355e-16f;
  public static final float TB0 = 4.89352518554385e-03f;
  public static final float TB2 = 2.26843463243900e-03f;
  public static final float TB4 = 1.18534705686654e-04f;
  public static final float TB6 = 1.19825839466702e-06f;
  /** The rational reaches 1 in float here (Eigen's clamp); beyond it tanh is ±1 in float. */
  public static final float TANH_CLAMP = 7.90531110763549805f;
  /** e^x in float. */
  public static float exp(float x) {
    float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float y = xc * LOG2E + ROUND_MAGIC;
    float fk = y - ROUND_MAGIC;
    int k = Float.floatToRawIntBits(y) - ROUND_MAGIC_BITS;
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

  /**
   * tanh(x) in float, branch-free: clamp, then {@code x · (p(x²) / q(x²))}. Dividing before
   * multiplying by x keeps tiny and subnormal x exact to an ulp (x·p would underflow), so no
   * special case for small x is needed, and the sign of zero and NaN carry through.
   */
  public static float tanh(float a) {
    float x = Math.max(Math.min(a, TANH_CLAMP), -TANH_CLAMP);
    float x2 = x * x;
    float p = x2 * TA13 + TA11;
    p = x2 * p + TA9;
    p = x2 * p + TA7;
    p = x2 * p + TA5;
    p = x2 * p + TA3;
    p = x2 * p + TA1;
    float q = x2 * TB6 + TB4;
    q = x2 * q + TB2;
    q = x2 * q + TB0;
    return x * (p / q);
  }

  /** Clamp of sigmoid's exp argument: at or below, e^a is the smallest normal float or more. */
  public static final float SIG_LO = -87.3f;
  /** Clamp of sigmoid's exp argument: 2^128 is +inf in float, so 1/(1+e) is exactly 0 there. */
  public static final float SIG_HI = 89f;

  /**
   * The logistic function in float: {@code 1 / (1 + e^-x)}, branch-free. The exponent is clamped
   * to {@code [-87.3, 89]} so that 2^k is one normal float (or +inf, for x below −88.4, where the
   * result is then exactly 0 instead of a value below 4e-39); for x above 87.3 the result is 1.
   */
  public static float sigmoid(float x) {
    float a = Math.min(Math.max(-x, SIG_LO), SIG_HI);
    float y = a * LOG2E + ROUND_MAGIC;
    float fk = y - ROUND_MAGIC;
    int k = Float.floatToRawIntBits(y) - ROUND_MAGIC_BITS;
    float r = a - fk * LN2_HI;
    r = r - fk * LN2_LO;
    float z = r * r;
    float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
    p = p * z + r + 1f;
    float e = p * Float.intBitsToFloat((k + 127) << 23);
    return 1f / (1f + e);
  }

  /**
   * {@link #tanh}'s formula as {@code PanamaKernels} evaluates it on a vector lane: the same bits as
   * the Vector API kernels. Only where {@link #FMA} holds.
   */
  public static float tanhFma(float a) {
    float x = Math.max(Math.min(a, TANH_CLAMP), -TANH_CLAMP);
    float x2 = x * x;
    float p = Math.fma(x2, TA13, TA11);
    p = Math.fma(p, x2, TA9);
    p = Math.fma(p, x2, TA7);
    p = Math.fma(p, x2, TA5);
    p = Math.fma(p, x2, TA3);
    p = Math.fma(p, x2, TA1);
    float q = Math.fma(x2, TB6, TB4);
    q = Math.fma(q, x2, TB2);
    q = Math.fma(q, x2, TB0);
    return x * (p / q);
  }

  /**
   * {@link #exp}'s formula as {@code PanamaKernels} evaluates it on a vector lane, as {@link
   * #tanhFma}: the scalar softmax then gives the Vector API's exponentials bit for bit.
   */
  public static float expFma(float x) {
    float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float y = Math.fma(xc, LOG2E, ROUND_MAGIC);
    float fk = y - ROUND_MAGIC;
    int k = Float.floatToRawIntBits(y) - ROUND_MAGIC_BITS;
    float p = expReducedFma(xc, fk);
    int k1 = k >> 1;
    return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
  }

  /** {@link #sigmoid}'s formula as {@code PanamaKernels} evaluates it on a vector lane, as {@link #tanhFma}. */
  public static float sigmoidFma(float x) {
    float a = Math.min(Math.max(-x, SIG_LO), SIG_HI);
    float y = Math.fma(a, LOG2E, ROUND_MAGIC);
    float fk = y - ROUND_MAGIC;
    int k = Float.floatToRawIntBits(y) - ROUND_MAGIC_BITS;
    float e = expReducedFma(a, fk) * Float.intBitsToFloat((k + 127) << 23);
    return 1f / (e + 1f);
  }

  /** e^r for r = x − fk·ln 2 (Cody–Waite, two parts), by the polynomial the vector kernels use. */
  static float expReducedFma(float x, float fk) {
    float r = Math.fma(fk, -LN2_HI, x);
    r = Math.fma(fk, -LN2_LO, r);
    float z = r * r;
    float p = Math.fma(r, P0, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    return Math.fma(p, z, r + 1f);
  }
}
