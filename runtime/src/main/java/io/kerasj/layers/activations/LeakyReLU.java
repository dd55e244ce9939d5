package io.kerasj.layers.activations;

import io.kerasj.layers.ElementwiseLayer;

/**
 * Keras {@code LeakyReLU}: {@code x > 0 ? x : slope·x} in float32. The layer's default slope is
 * 0.3 in both Keras versions (Keras 2 calls it {@code alpha}, Keras 3 {@code negative_slope}),
 * unlike the {@code leaky_relu} activation's 0.2.
 */
public final class LeakyReLU extends ElementwiseLayer {
  /** The layer's default slope. */
  public static final float DEFAULT_SLOPE = 0.3f;

  private final float slope;

  /** @param negativeSlope the slope for negative inputs */
  public LeakyReLU(String name, float negativeSlope) {
    super(name);
    this.slope = negativeSlope;
  }

  @Override
  public String kerasClass() {
    return "LeakyReLU";
  }

  @Override
  protected float apply(float v) {
    return v > 0f ? v : slope * v;
  }

  @Override
  protected void apply(float[] in, float[] out, int from, int to) {
    if (slope > 0f && slope <= 1f) {
      leaky(in, out, from, to, slope);
      return;
    }
    final float s = slope;
    for (int i = from; i < to; i++) {
      float v = in[i];
      out[i] = v > 0f ? v : s * v;
    }
  }

  /**
   * {@code v > 0 ? v : s·v} for {@code 0 < s <= 1}, as {@code max(v, s·v)}: the same value for every
   * float (-0 and NaN included), and a loop without branches that the JIT vectorizes.
   */
  static void leaky(float[] in, float[] out, int from, int to, float s) {
    for (int i = from; i < to; i++) {
      float v = in[i];
      out[i] = Math.max(v, s * v);
    }
  }
}
