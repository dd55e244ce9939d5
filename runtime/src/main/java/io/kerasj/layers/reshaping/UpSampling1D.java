package io.kerasj.layers.reshaping;

import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/** Keras {@code UpSampling1D}: repeats every time step {@code size} times ({@code np.repeat} on axis 1). */
public final class UpSampling1D extends UpSampling {
  /** @param size how many times each step is repeated */
  public UpSampling1D(String name, int size) {
    super(name, new int[] {size}, DataFormat.CHANNELS_LAST, Interpolation.NEAREST);
  }

  @Override
  public String kerasClass() {
    return "UpSampling1D";
  }
}
