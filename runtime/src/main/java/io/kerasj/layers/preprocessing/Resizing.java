package io.kerasj.layers.preprocessing;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/**
 * Keras {@code Resizing}: each image resized to {@code height × width} with {@code tf.image.resize}.
 * With {@code crop_to_aspect_ratio} the largest centred box with the target's aspect ratio is cut
 * out first; with Keras 3's {@code pad_to_aspect_ratio} the image is first padded with {@code
 * fill_value} on both sides of the short axis instead.
 */
public final class Resizing extends ImageSizeLayer {
  /** What is done to an image whose aspect ratio differs from the target's. */
  public enum Fit {
    /** Resize as is: the image is stretched. */
    STRETCH,
    /** Keras' {@code crop_to_aspect_ratio}. */
    CROP,
    /** Keras 3's {@code pad_to_aspect_ratio}. */
    PAD
  }

  private final Interpolation interpolation;
  private final Fit fit;
  private final float fillValue;

  /**
   * @param fillValue the value of padded pixels ({@link Fit#PAD} only)
   */
  public Resizing(String name, int height, int width, Interpolation interpolation, Fit fit, float fillValue,
                  DataFormat format) {
    super(name, height, width, format);
    this.interpolation = interpolation == null ? Interpolation.BILINEAR : interpolation;
    this.fit = fit == null ? Fit.STRETCH : fit;
    this.fillValue = fillValue;
  }

  @Override
  public String kerasClass() {
    return "Resizing";
  }

  @Override
  public Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, 2, format, -1);
    int batch = x.dim(0);
    int[] hw = Spatial.sizes(x.shape(), format);
    int h = hw[0];
    int w = hw[1];
    float[] img = x.data();
    boolean owned = false;
    if (format == DataFormat.CHANNELS_FIRST) {
      img = Spatial.toChannelsLast(img, batch, c, h * w);
      owned = true;
    }
    if (fit == Fit.CROP) {
      int[] box = ImageFit.aspectCrop(h, w, height, width, true);
      if (box[2] != h || box[3] != w) {
        float[] t = ImageFit.crop(img, batch, h, w, c, box[0], box[1], box[2], box[3]);
        release(img, owned);
        img = t;
        owned = true;
        h = box[2];
        w = box[3];
      }
    } else if (fit == Fit.PAD) {
      int[] pad = ImageFit.aspectPad(h, w, height, width);
      if (pad[0] > 0 || pad[1] > 0) {
        float[] t = ImageFit.pad(img, batch, h, w, c, pad[0], pad[1], fillValue);
        release(img, owned);
        img = t;
        owned = true;
        h += 2 * pad[0];
        w += 2 * pad[1];
      }
    }
    float[] out = ImageFit.resize(img, batch, h, w, c, height, width, interpolation);
    release(img, owned);
    if (format == DataFormat.CHANNELS_FIRST) {
      float[] t = Spatial.toChannelsFirst(out, batch, height * width, c);
      Buffers.release(out);
      out = t;
    }
    return Tensor.of(out, outputShape(x.shape()));
  }

  static void release(float[] a, boolean owned) {
    if (owned) {
      Buffers.release(a);
    }
  }
}
