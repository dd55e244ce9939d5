package io.kerasj.layers.activations;

import io.kerasj.layers.ElementwiseLayer;

/** Keras 2 {@code ThresholdedReLU}: {@code x > theta ? x : 0} (removed in Keras 3). */
public final class ThresholdedReLU extends ElementwiseLayer {
  private final float theta;

  /** @param theta values at or below it become 0 */
  public ThresholdedReLU(String name, float theta) {
    super(name);
    this.theta = theta;
  }

  @Override
  public String kerasClass() {
    return "ThresholdedReLU";
  }

  @Override
  protected float apply(float v) {
    return v > theta ? v : 0f;
  }

  @Override
  protected void apply(float[] in, float[] out, int from, int to) {
    final float t = theta;
    for (int i = from; i < to; i++) {
      float v = in[i];
      out[i] = v > t ? v : 0f;
    }
  }
}
