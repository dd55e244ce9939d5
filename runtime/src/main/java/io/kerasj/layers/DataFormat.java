package io.kerasj.layers;

import java.util.Locale;

/**
 * Where a spatial layer's channel axis is: Keras' {@code data_format}. {@code channels_last} is
 * {@code (batch, [height,] width, channels)}, the Keras default and the layout kerasj computes in;
 * {@code channels_first} is {@code (batch, channels, [height,] width)}.
 */
public enum DataFormat {
  /** {@code (batch, spatial…, channels)}. */
  CHANNELS_LAST,
  /** {@code (batch, channels, spatial…)}. */
  CHANNELS_FIRST;

  /** The format a Keras config names ({@code "channels_last"}, {@code "channels_first"}), or null if unknown. */
  public static DataFormat forKerasName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "channels_last":
        return CHANNELS_LAST;
      case "channels_first":
        return CHANNELS_FIRST;
      default:
        return null;
    }
  }

  /** The Keras name, e.g. {@code "channels_last"}. */
  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The index of the channel axis in a shape of {@code rank} dimensions (batch included). */
  public int channelAxis(int rank) {
    return this == CHANNELS_LAST ? rank - 1 : 1;
  }
}
