package io.kerasj.layers.preprocessing;

import io.kerasj.layers.PassThrough;

/**
 * Keras' random image augmentation layers ({@code RandomFlip}, {@code RandomRotation}, {@code
 * MixUp}, …) and the other image preprocessing layers that act only when called with {@code
 * training=True}: the identity at inference. In Keras 3 they cast the images to the float32 compute
 * dtype or leave them as they are, which for kerasj's float32 values is the same numbers. Neither
 * Keras lets a mask through them (Keras 3 drops it; tf-keras refuses one when the model is built), so
 * the mask is dropped here too.
 */
public final class ImageAugmentation extends PassThrough {
  /** An augmentation layer shown in summaries under {@code kerasClass} (e.g. {@code "RandomFlip"}). */
  public ImageAugmentation(String name, String kerasClass) {
    super(name, kerasClass, false);
  }
}
