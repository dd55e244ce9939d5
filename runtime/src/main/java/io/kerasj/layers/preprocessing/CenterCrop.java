package io.kerasj.layers.preprocessing;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/**
 * Keras {@code CenterCrop}: the centred {@code height × width} block of each image, starting at
 * {@code ⌊(h − height) / 2⌋}, {@code ⌊(w − width) / 2⌋}. An image smaller than the target on either
 * axis is instead cropped to the target's aspect ratio and resized bilinearly ({@code
 * smart_resize}), as both Keras versions do.
 */
public final class CenterCrop extends ImageSizeLayer {
  private final boolean float32Crop;

  /**
   * @param float32Crop whether {@code smart_resize}'s aspect arithmetic is float32 (tf-keras) or
   *     double (Keras 3); see {@link ImageFit#aspectCrop}
   */
  public CenterCrop(String name, int height, int width, DataFormat format, boolean float32Crop) {
    super(name, height, width, format);
    this.float32Crop = float32Crop;
  }

  @Override
  public String kerasClass() {
    return "CenterCrop";
  }

  @Override
  public Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, 2, format, -1);
    int batch = x.dim(0);
    int[] hw = Spatial.sizes(x.shape(), format);
    int h = hw[0];
    int w = hw[1];
    boolean first = format == DataFormat.CHANNELS_FIRST;
    int[] outShape = outputShape(x.shape());
    if (h >= height && w >= width) {
      boolean last = !first;
      float[] out = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, c), height * width));
      Spatial.copyBlock(x.data(), last ? batch : batch * c, new int[] {1, h, w},
          new int[] {0, (h - height) / 2, (w - width) / 2}, out, new int[] {1, height, width}, new int[] {0, 0, 0},
          new int[] {1, height, width}, last ? c : 1);
      return Tensor.of(out, outShape);
    }
    float[] img = first ? Spatial.toChannelsLast(x.data(), batch, c, h * w) : x.data();
    int[] box = ImageFit.aspectCrop(h, w, height, width, float32Crop);
    float[] cropped = ImageFit.crop(img, batch, h, w, c, box[0], box[1], box[2], box[3]);
    Resizing.release(img, first);
    float[] out = ImageFit.resize(cropped, batch, box[2], box[3], c, height, width, Interpolation.BILINEAR);
    Buffers.release(cropped);
    if (first) {
      float[] t = Spatial.toChannelsFirst(out, batch, height * width, c);
      Buffers.release(out);
      out = t;
    }
    return Tensor.of(out, outShape);
  }
}
