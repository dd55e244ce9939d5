package io.kerasj.layers.core;

import io.kerasj.layers.PassThrough;

/**
 * Keras {@code Identity}: returns its input unchanged (the same tensor, not a copy), a placeholder
 * that leaves a model's structure in place. Keras 3 passes the input's mask on; tf-keras' Identity
 * does not declare mask support and drops it.
 */
public final class Identity extends PassThrough {
  /** @param passesMask whether the input's mask is passed on (Keras 3) or dropped (tf-keras) */
  public Identity(String name, boolean passesMask) {
    super(name, "Identity", passesMask);
  }
}
