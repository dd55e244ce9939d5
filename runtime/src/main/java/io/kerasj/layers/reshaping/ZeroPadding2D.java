package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code ZeroPadding2D}: adds zeros before and after the data on each spatial axis (height and width). */
public final class ZeroPadding2D extends SpatialMargins {
  /**
   * @param before positions added before the data on each of the 2 spatial axes (top, left)
   * @param after positions added after it (bottom, right)
   */
  public ZeroPadding2D(String name, int[] before, int[] after, DataFormat format) {
    super(name, true, before, after, format);
  }

  @Override
  public String kerasClass() {
    return "ZeroPadding2D";
  }
}
