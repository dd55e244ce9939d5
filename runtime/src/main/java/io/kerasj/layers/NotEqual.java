package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras 3's {@code ops.not_equal(x, value)} as it appears in saved Functional graphs, where it
 * computes a {@code Masking} layer's mask explicitly. Booleans are held as 1.0 / 0.0.
 */
public final class NotEqual extends Layer {
  private final float value;

  /** Compares every element with {@code value}. */
  public NotEqual(String name, float value) {
    super(name);
    this.value = value;
  }

  @Override
  public String kerasClass() {
    return "NotEqual";
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
      out[i] = in[i] != value ? 1f : 0f;
    }
    return Tensor.of(out, x.shape());
  }
}
