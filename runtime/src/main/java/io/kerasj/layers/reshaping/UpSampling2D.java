package io.kerasj.layers.reshaping;

import io.kerasj.internal.Checks;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/**
 * Keras {@code UpSampling2D}: height and width grow by integer factors, by repeating pixels
 * ({@code nearest}) or by {@code tf.image.resize} to the new size ({@code bilinear}).
 */
public final class UpSampling2D extends UpSampling {
  /** @param size the factors of height and width */
  public UpSampling2D(String name, int[] size, DataFormat format, Interpolation interpolation) {
    super(name, Checks.perAxis(name, "size", size, 2), format, interpolation);
  }

  @Override
  public String kerasClass() {
    return "UpSampling2D";
  }
}
