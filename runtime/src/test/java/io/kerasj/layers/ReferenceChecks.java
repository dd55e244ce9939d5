package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.Tensor;
import java.util.Random;

/** What the runtime's reference tests share: random inputs and the comparison with a reference. */
public final class ReferenceChecks {
  private ReferenceChecks() {}

  /** {@code n} values uniform in {@code [-scale, scale)}. */
  public static float[] uniform(Random random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  /** {@code n} values normal with mean 0 and standard deviation {@code scale}. */
  public static float[] gaussian(Random random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextGaussian() * scale);
    }
    return a;
  }

  /**
   * Asserts {@code |want − got| ≤ tol·max(1, |want|)} element by element (NaN matches NaN), naming
   * {@code what} and the first element that differs.
   */
  public static void close(double[] want, Tensor got, double tol, String what) {
    float[] g = got.data();
    assertEquals(want.length, g.length, what + ": size");
    for (int i = 0; i < want.length; i++) {
      double err = Math.abs(want[i] - g[i]);
      if (!(err <= tol * Math.max(1.0, Math.abs(want[i]))) && !(Double.isNaN(want[i]) && Float.isNaN(g[i]))) {
        throw new AssertionError(what + ": element " + i + " expected " + want[i] + " got " + g[i]);
      }
    }
  }
}
