package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;

/** Keras {@code Cropping1D}: removes {@code left} steps from the start and {@code right} from the end of the time axis. */
public final class Cropping1D extends SpatialMargins {
  /** A {@code channels_last} layer: {@code left} steps removed at the start, {@code right} at the end. */
  public Cropping1D(String name, int left, int right) {
    this(name, left, right, DataFormat.CHANNELS_LAST);
  }

  /** @param left steps removed at the start; @param right steps removed at the end */
  public Cropping1D(String name, int left, int right, DataFormat format) {
    super(name, false, new int[] {left}, new int[] {right}, format);
  }

  @Override
  public String kerasClass() {
    return "Cropping1D";
  }
}
