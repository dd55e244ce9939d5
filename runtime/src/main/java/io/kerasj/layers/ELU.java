package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code ELU} layer: {@code x > 0 ? x : alpha·(exp(x) − 1)}. Keras computes the
 * {@code alpha ≠ 1} case as {@code alpha · elu(x)} in float32, which is what is done here.
 */
public final class ELU extends Layer {
  private final float alpha;

  /** @param alpha scale of the negative part */
  public ELU(String name, float alpha) {
    super(name);
    this.alpha = alpha;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "ELU";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor x) {
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      float v = in[i];
      out[i] = v > 0f ? v : alpha * (float) Math.expm1(v);
    }
    return Tensor.of(out, x.shape());
  }
}
