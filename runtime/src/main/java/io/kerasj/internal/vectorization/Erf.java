package io.kerasj.internal.vectorization;

/**
 * Complementary error function for GELU. Chebyshev fit (Numerical Recipes {@code erfcc}),
 * fractional error below 1.2e-7 everywhere: about one float32 ulp, the precision GELU is
 * computed at.
 */
public final class Erf {
  private Erf() {}

  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0.0 ? ans : 2.0 - ans;
  }
}
