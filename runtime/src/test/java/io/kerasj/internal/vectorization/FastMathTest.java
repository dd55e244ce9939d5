package io.kerasj.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link FastMath} and of the array kernels in use (scalar or Panama) against
 * {@link Math} in double precision rounded to float, over every 61st float in the interesting
 * range (about 17 million arguments per function, dense near zero because floats are). The bounds
 * asserted are the ones documented: exp ≤ 1 ulp, tanh ≤ 6.1 ulp, sigmoid ≤ 3 ulp. tanh's error
 * is largest just below saturation (|x| ≈ 5–8, values ≈ 0.9999…), where 6 ulp is 3.6e-7 absolute;
 * TensorFlow 2.21's own float tanh differs from the exact value by up to 3.6e-7 there too.
 */
class FastMathTest {
  private static final int STRIDE = 61;

  /** Error in ulps of the float result, measured in ulps of the correctly rounded result. */
  static double ulps(float got, double exact) {
    float want = (float) exact;
    if (got == want) {
      return 0;
    }
    double ulp = Math.ulp(want == 0f ? Float.MIN_VALUE : want);
    return Math.abs(got - exact) / ulp;
  }

  interface FloatFn {
    float apply(float x);
  }

  interface DoubleFn {
    double apply(double x);
  }

  // Largest error over floats in [lo, hi] (both signs when lo < 0 < hi), stepping through the bit patterns.
  static double maxUlps(FloatFn fast, DoubleFn exact, float lo, float hi) {
    double worst = 0;
    for (int sign = 0; sign < 2; sign++) {
      float from = sign == 0 ? Math.max(lo, 0f) : Math.max(-hi, 0f);
      float to = sign == 0 ? hi : -lo;
      if (to < from) {
        continue;
      }
      for (int bits = Float.floatToRawIntBits(from); bits <= Float.floatToRawIntBits(to); bits += STRIDE) {
        float x = Float.intBitsToFloat(bits);
        if (sign == 1) {
          x = -x;
        }
        worst = Math.max(worst, ulps(fast.apply(x), exact.apply(x)));
      }
    }
    return worst;
  }

  @Test
  void expWithinOneUlp() {
    double e = maxUlps(FastMath::exp, Math::exp, -87f, 88f);
    System.out.printf("FastMath.exp max error %.3f ulp%n", e);
    assertTrue(e <= 1.0, "exp: " + e + " ulp");
  }

  @Test
  void tanhWithinSixUlps() {
    double e = maxUlps(FastMath::tanh, Math::tanh, -20f, 20f);
    System.out.printf("FastMath.tanh max error %.3f ulp%n", e);
    assertTrue(e <= 6.1, "tanh: " + e + " ulp");
    // Near 0 the rational is x·(1 − 1.3e-7): tiny and subnormal x stay within 2 ulp (x·p would underflow).
    double tiny = maxUlps(FastMath::tanh, Math::tanh, 0f, 1e-5f);
    assertTrue(tiny <= 2.001, "tanh near 0: " + tiny + " ulp");
  }

  @Test
  void tanhNeverLeavesMinusOneToOne() {
    for (int bits = Float.floatToRawIntBits(4f); bits <= Float.floatToRawIntBits(10f); bits++) {
      float x = Float.intBitsToFloat(bits);
      assertTrue(FastMath.tanh(x) <= 1f && FastMath.tanh(-x) >= -1f, "tanh(" + x + ") = " + FastMath.tanh(x));
    }
    int n = 1 << 12;
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = 4f + i * (6f / n);
    }
    Kernels.tanh(a, 0, n);
    for (float v : a) {
      assertTrue(v <= 1f, Kernels.name() + " tanh gave " + v);
    }
  }

  @Test
  void sigmoidWithinThreeUlps() {
    // Down to -87.3, where the result is ~1.2e-38, the smallest normal float; below, results are
    // within 4e-39 absolute (exactly 0 from -88.4 on), as the Javadoc says.
    double e = maxUlps(FastMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -87.3f, 30f);
    System.out.printf("FastMath.sigmoid max error %.3f ulp%n", e);
    assertTrue(e <= 3.0, "sigmoid: " + e + " ulp");
  }

  @Test
  void arrayKernelsInUseAreAsAccurate() {
    int n = 1 << 16;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i - n / 2) * (24f / n) + 1e-4f * (i % 7);
    }
    float[] t = x.clone();
    Kernels.tanh(t, 0, n);
    float[] s = x.clone();
    Kernels.sigmoid(s, 0, n);
    double et = 0;
    double es = 0;
    for (int i = 0; i < n; i++) {
      et = Math.max(et, ulps(t[i], Math.tanh(x[i])));
      es = Math.max(es, ulps(s[i], 1 / (1 + Math.exp(-(double) x[i]))));
    }
    System.out.printf("%s kernels: tanh %.3f ulp, sigmoid %.3f ulp%n", Kernels.name(), et, es);
    assertTrue(et <= 6.1, "tanh: " + et);
    assertTrue(es <= 3.0, "sigmoid: " + es);
  }

  @Test
  void specialValues() {
    assertEquals(1f, FastMath.tanh(Float.POSITIVE_INFINITY));
    assertEquals(-1f, FastMath.tanh(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FastMath.tanh(-0f)));
    assertEquals(1f, FastMath.sigmoid(Float.POSITIVE_INFINITY));
    assertEquals(0f, FastMath.sigmoid(Float.NEGATIVE_INFINITY));
    assertEquals(0.5f, FastMath.sigmoid(0f));
    for (float x = -200f; x < -87.3f; x += 0.37f) {
      double exact = 1 / (1 + Math.exp(-(double) x));
      assertTrue(Math.abs(FastMath.sigmoid(x) - exact) < 4e-39, "sigmoid(" + x + ")");
    }
    assertTrue(Float.isNaN(FastMath.sigmoid(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(100f));
    assertEquals(0f, FastMath.exp(-200f));
    assertEquals(1f, FastMath.exp(0f));
  }
}
