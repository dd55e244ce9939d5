package io.kerasj.layers;

import java.util.Locale;

/**
 * How an image is resampled to another size ({@code UpSampling2D}, {@code Resizing}, {@code
 * CenterCrop}), with the semantics of TensorFlow's {@code tf.image.resize}: pixel centres at
 * half-integers ({@code half_pixel_centers=True}) and no corner alignment.
 */
public enum Interpolation {
  /** The input pixel whose centre is nearest: {@code in = min(⌊(out + ½)·scale⌋, size − 1)}. */
  NEAREST,
  /**
   * Linear in each axis between the two nearest pixel centres, {@code in = (out + ½)·scale − ½},
   * clamped at the edges.
   */
  BILINEAR;

  /** The interpolation a Keras config names ({@code "nearest"}, {@code "bilinear"}), or null if not implemented. */
  public static Interpolation forKerasName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "nearest":
        return NEAREST;
      case "bilinear":
        return BILINEAR;
      default:
        return null;
    }
  }

  /** The Keras name, e.g. {@code "bilinear"}. */
  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
