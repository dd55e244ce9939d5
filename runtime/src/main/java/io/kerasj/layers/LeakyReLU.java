package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code LeakyReLU}: {@code x > 0 ? x : slope·x} in float32. The layer's default slope is
 * 0.3 in both Keras versions (Keras 2 calls it {@code alpha}, Keras 3 {@code negative_slope}),
 * unlike the {@code leaky_relu} activation's 0.2.
 */
public final class LeakyReLU extends Layer {
  /** The layer's default slope. */
  public static final float DEFAULT_SLOPE = 0.3f;

  private final float slope;

  /** @param negativeSlope the slope for negative inputs */
  public LeakyReLU(String name, float negativeSlope) {
    super(name);
    this.slope = negativeSlope;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "LeakyReLU";
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
      out[i] = v > 0f ? v : slope * v;
    }
    return Tensor.of(out, x.shape());
  }
}
