package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code Cropping3D}: removes positions before and after the data on each spatial axis (depth, height and width). */
public final class Cropping3D extends SpatialMargins {
  /**
   * @param before positions removed before the data on each of the 3 spatial axes (front, top, left)
   * @param after positions removed after it (back, bottom, right)
   */
  public Cropping3D(String name, int[] before, int[] after, DataFormat format) {
    super(name, false, before, after, format);
  }

  @Override
  public String kerasClass() {
    return "Cropping3D";
  }
}
