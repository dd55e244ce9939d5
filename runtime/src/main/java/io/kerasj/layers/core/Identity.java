package io.kerasj.layers.core;

import io.kerasj.Tensor;
import io.kerasj.layers.Layer;

/**
 * Keras {@code Identity}: returns its input unchanged (the same tensor, not a copy), a placeholder
 * that leaves a model's structure in place. Keras 3 passes the input's mask on; tf-keras' Identity
 * does not declare mask support and drops it.
 */
public final class Identity extends Layer {
  private final boolean passesMask;

  /** @param passesMask whether the input's mask is passed on (Keras 3) or dropped (tf-keras) */
  public Identity(String name, boolean passesMask) {
    super(name);
    this.passesMask = passesMask;
  }

  @Override
  public String kerasClass() {
    return "Identity";
  }

  @Override
  public boolean supportsMasking() {
    return passesMask;
  }

  // Each step passes through on its own, masked or not.
  @Override
  public boolean isStreamable() {
    return true;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor input) {
    return input;
  }
}
