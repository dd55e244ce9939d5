package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code Cropping2D}: removes positions before and after the data on each spatial axis (height and width). */
public final class Cropping2D extends SpatialMargins {
  /**
   * @param before positions removed before the data on each of the 2 spatial axes (top, left)
   * @param after positions removed after it (bottom, right)
   */
  public Cropping2D(String name, int[] before, int[] after, DataFormat format) {
    super(name, false, before, after, format);
  }

  @Override
  public String kerasClass() {
    return "Cropping2D";
  }
}
