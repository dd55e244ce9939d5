package io.kerasj.layers.preprocessing;

import io.kerasj.internal.Checks;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;

/**
 * The shared part of the layers that bring every image to one {@code height × width}
 * ({@link Resizing}, {@link CenterCrop}): their options and output shape.
 */
abstract class ImageSizeLayer extends Layer {
  final int height;
  final int width;
  final DataFormat format;

  ImageSizeLayer(String name, int height, int width, DataFormat format) {
    super(name);
    Checks.positive(name, "height", height);
    Checks.positive(name, "width", width);
    this.height = height;
    this.width = width;
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    int c = Spatial.check(name(), inputShape, 2, format, -1);
    return Spatial.shape(inputShape[0], new int[] {height, width}, c, format);
  }
}
