package io.kerasj.layers;

import io.kerasj.Tensor;

/** Keras 2 {@code ThresholdedReLU}: {@code x > theta ? x : 0} (removed in Keras 3). */
public final class ThresholdedReLU extends Layer {
  private final float theta;

  /** @param theta values at or below it become 0 */
  public ThresholdedReLU(String name, float theta) {
    super(name);
    this.theta = theta;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "ThresholdedReLU";
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
      out[i] = v > theta ? v : 0f;
    }
    return Tensor.of(out, x.shape());
  }
}
