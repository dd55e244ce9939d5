package io.kerasj.layers.activations;

import io.kerasj.layers.ElementwiseLayer;

/**
 * Keras {@code ELU} layer: {@code x > 0 ? x : alpha·(exp(x) − 1)}. Keras computes the
 * {@code alpha ≠ 1} case as {@code alpha · elu(x)} in float32, which is what is done here.
 */
public final class ELU extends ElementwiseLayer {
  private final float alpha;

  /** @param alpha scale of the negative part */
  public ELU(String name, float alpha) {
    super(name);
    this.alpha = alpha;
  }

  @Override
  public String kerasClass() {
    return "ELU";
  }

  @Override
  protected float apply(float v) {
    return v > 0f ? v : alpha * (float) Math.expm1(v);
  }

  @Override
  protected void apply(float[] in, float[] out, int from, int to) {
    final float a = alpha;
    for (int i = from; i < to; i++) {
      float v = in[i];
      out[i] = v > 0f ? v : a * (float) Math.expm1(v);
    }
  }
}
