package io.kerasj.jmh;

import java.util.Random;

/** Seeded random weights for benchmarks, so every run measures the same numbers. */
final class Weights {
  private Weights() {}

  /**
   * {@code n} values uniform in a Glorot-like range for the given fan, so activations stay in the
   * range trained weights produce rather than saturating.
   */
  static float[] uniform(Random rnd, int n, int fan) {
    float limit = (float) Math.sqrt(6.0 / Math.max(1, fan));
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (rnd.nextFloat() * 2f - 1f) * limit;
    }
    return w;
  }

  /** {@code n} values {@code mean + sd · N(0, 1)} (biases, LayerNormalization gamma and beta). */
  static float[] around(Random rnd, int n, float mean, float sd) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = mean + sd * (float) rnd.nextGaussian();
    }
    return w;
  }
}
