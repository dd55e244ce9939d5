package io.kerasj.layers.preprocessing;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;

/**
 * tf-keras' {@code RandomCrop} at inference: every image goes through {@code smart_resize} to
 * {@code height × width} (the largest centred box with the target's aspect ratio, float32
 * arithmetic, then a bilinear {@code tf.image.resize}), whatever its size. Keras 3's {@code
 * RandomCrop} instead returns the images unchanged at inference (see {@link ImageAugmentation}).
 */
public final class RandomCrop extends ImageSizeLayer {
  /** A {@code channels_last} RandomCrop (tf-keras has no other layout). */
  public RandomCrop(String name, int height, int width) {
    super(name, height, width, DataFormat.CHANNELS_LAST);
  }

  @Override
  public String kerasClass() {
    return "RandomCrop";
  }

  @Override
  public Tensor call(Tensor x) {
    int c = Spatial.check(name(), x, 2, format, -1);
    int batch = x.dim(0);
    int h = x.dim(1);
    int w = x.dim(2);
    int[] box = box(h, w);
    float[] img = x.data();
    boolean cropped = box[2] != h || box[3] != w;
    if (cropped) {
      img = ImageFit.crop(img, batch, h, w, c, box[0], box[1], box[2], box[3]);
    }
    float[] out = ImageFit.resize(img, batch, box[2], box[3], c, height, width, Interpolation.BILINEAR);
    Resizing.release(img, cropped);
    return Tensor.of(out, outputShape(x.shape()));
  }

  /**
   * {@code smart_resize}'s crop box for an {@code h × w} image, {@code {top, left, height, width}}.
   * Unlike Keras 3's, tf-keras' {@code smart_resize} does not raise an empty box to one pixel: its
   * resize of an empty image fails, so such an image is refused here.
   *
   * @throws InvalidInputException if the box is empty (e.g. a 1 × 100 target for a 7-pixel-wide image)
   */
  public int[] box(int h, int w) {
    if ((int) ((float) ((long) w * height) / width) == 0 || (int) ((float) ((long) h * width) / height) == 0) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (RandomCrop): a " + h + "x" + w
          + " image has no crop box with the aspect ratio of " + height + "x" + width
          + " (tf-keras' smart_resize fails on it too)");
    }
    return ImageFit.aspectCrop(h, w, height, width, true);
  }
}
