package io.kerasj.ops;

import io.kerasj.layers.ElementwiseLayer;

/**
 * Keras 3's {@code ops.not_equal(x, value)} as it appears in saved Functional graphs, where it
 * computes a {@code Masking} layer's mask explicitly. Booleans are held as 1.0 / 0.0.
 */
public final class NotEqual extends ElementwiseLayer {
  private final float value;

  /** Compares every element with {@code value}. */
  public NotEqual(String name, float value) {
    super(name);
    this.value = value;
  }

  // A Keras op, not a layer: its result carries no mask, so the input's is dropped here too.
  @Override
  public boolean supportsMasking() {
    return false;
  }

  @Override
  public String kerasClass() {
    return "NotEqual";
  }

  @Override
  protected float apply(float v) {
    return v != value ? 1f : 0f;
  }
}
