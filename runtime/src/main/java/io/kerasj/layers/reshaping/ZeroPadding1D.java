package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code ZeroPadding1D}: adds {@code left} and {@code right} zero steps to the time axis. */
public final class ZeroPadding1D extends SpatialMargins {
  /** A {@code channels_last} layer: {@code left} steps added before, {@code right} after. */
  public ZeroPadding1D(String name, int left, int right) {
    this(name, left, right, DataFormat.CHANNELS_LAST);
  }

  /** @param left steps added before the sequence; @param right steps added after it */
  public ZeroPadding1D(String name, int left, int right, DataFormat format) {
    super(name, true, new int[] {left}, new int[] {right}, format);
  }

  @Override
  public String kerasClass() {
    return "ZeroPadding1D";
  }
}
