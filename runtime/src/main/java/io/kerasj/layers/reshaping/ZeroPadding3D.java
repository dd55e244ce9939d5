package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code ZeroPadding3D}: adds zeros before and after the data on each spatial axis (depth, height and width). */
public final class ZeroPadding3D extends SpatialMargins {
  /**
   * @param before positions added before the data on each of the 3 spatial axes (front, top, left)
   * @param after positions added after it (back, bottom, right)
   */
  public ZeroPadding3D(String name, int[] before, int[] after, DataFormat format) {
    super(name, true, before, after, format);
  }

  @Override
  public String kerasClass() {
    return "ZeroPadding3D";
  }
}
