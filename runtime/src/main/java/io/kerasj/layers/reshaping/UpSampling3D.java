package io.kerasj.layers.reshaping;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/** Keras {@code UpSampling3D}: repeats every voxel by integer factors on depth, height and width. */
public final class UpSampling3D extends UpSampling {
  /** @param size the factors of depth, height and width */
  public UpSampling3D(String name, int[] size, DataFormat format) {
    super(name, Checks.perAxis(name, "size", size, 3), format, Interpolation.NEAREST);
  }

  @Override
  public String kerasClass() {
    return "UpSampling3D";
  }
}
