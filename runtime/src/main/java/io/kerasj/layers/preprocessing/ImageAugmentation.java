package io.kerasj.layers.preprocessing;

import io.kerasj.Tensor;
import io.kerasj.layers.Layer;

/**
 * Keras' random image augmentation layers ({@code RandomFlip}, {@code RandomRotation}, {@code
 * MixUp}, …) and the other image preprocessing layers that act only when called with {@code
 * training=True}: the identity at inference. In Keras 3 they cast the images to the float32 compute
 * dtype or leave them as they are, which for kerasj's float32 values is the same numbers. Neither
 * Keras lets a mask through them (Keras 3 drops it; tf-keras refuses one when the model is built), so
 * the mask is dropped here too.
 */
public final class ImageAugmentation extends Layer {
  private final String kerasClass;

  /** An augmentation layer shown in summaries under {@code kerasClass} (e.g. {@code "RandomFlip"}). */
  public ImageAugmentation(String name, String kerasClass) {
    super(name);
    this.kerasClass = kerasClass;
  }

  @Override
  public String kerasClass() {
    return kerasClass;
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
