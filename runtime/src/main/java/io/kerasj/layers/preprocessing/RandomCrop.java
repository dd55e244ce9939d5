package io.kerasj.layers.preprocessing;

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
    int[] box = ImageFit.aspectCrop(h, w, height, width, true);
    float[] img = x.data();
    boolean cropped = box[2] != h || box[3] != w;
    if (cropped) {
      img = ImageFit.crop(img, batch, h, w, c, box[0], box[1], box[2], box[3]);
    }
    float[] out = ImageFit.resize(img, batch, box[2], box[3], c, height, width, Interpolation.BILINEAR);
    Resizing.release(img, cropped);
    return Tensor.of(out, outputShape(x.shape()));
  }
}
