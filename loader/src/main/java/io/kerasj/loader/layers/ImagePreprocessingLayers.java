package io.kerasj.loader.layers;

import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.preprocessing.AutoContrast;
import io.kerasj.layers.preprocessing.ImageAugmentation;
import io.kerasj.layers.preprocessing.RandomCrop;
import io.kerasj.loader.LayerConfig;
import java.util.Map;

/**
 * Keras' image augmentation layers ({@code keras/src/layers/preprocessing/image_preprocessing},
 * tf-keras' {@code layers/preprocessing/image_preprocessing.py}): what each does when a model is
 * called with {@code training=False}.
 *
 * <p>Keras 3's {@code BaseImagePreprocessingLayer.transform_images} casts the images to the compute
 * dtype and transforms them only {@code if training}; the layers below that override it keep that
 * {@code if training} (or return early from {@code get_random_transformation} when not training),
 * so they are the identity at inference, {@code RandomCrop} included: Keras 3 returns the images
 * uncropped, whatever {@code compute_output_shape} declares, and kerasj does the same (the layers
 * after it see the input's size). tf-keras' layers return {@code inputs} when not training, except
 * {@code RandomCrop}, which then resizes every image with {@code smart_resize}. None of their
 * options ({@code factor}, {@code fill_mode}, {@code value_range}, {@code seed}, …) reaches the
 * inference path, so they are read as neutral. The Keras 3 layers that are not the identity at
 * inference are implemented ({@code AutoContrast}) or in {@link #REFUSED}.
 */
final class ImagePreprocessingLayers {
  private ImagePreprocessingLayers() {}

  /** The Keras 3 options every image preprocessing layer may write. */
  private static final String[] BASE = {"data_format", "seed", "bounding_box_format"};

  /** Identity at inference in both Kerases: class → its options besides {@link #BASE} and tf-keras' rng_type. */
  private static final Map<String, String[]> IDENTITY = Map.ofEntries(
      Map.entry("RandomFlip", new String[] {"mode"}),
      Map.entry("RandomRotation", new String[] {"factor", "fill_mode", "fill_value", "interpolation"}),
      Map.entry("RandomZoom", new String[] {"height_factor", "width_factor", "fill_mode", "fill_value",
          "interpolation"}),
      Map.entry("RandomTranslation", new String[] {"height_factor", "width_factor", "fill_mode", "fill_value",
          "interpolation"}),
      Map.entry("RandomContrast", new String[] {"factor", "value_range"}),
      Map.entry("RandomBrightness", new String[] {"factor", "value_range"}),
      // tf-keras only
      Map.entry("RandomHeight", new String[] {"factor", "interpolation"}),
      Map.entry("RandomWidth", new String[] {"factor", "interpolation"}),
      // Keras 3 only
      Map.entry("RandomGrayscale", new String[] {"factor"}),
      Map.entry("RandomHue", new String[] {"factor", "value_range"}),
      Map.entry("RandomSaturation", new String[] {"factor", "value_range"}),
      Map.entry("RandomSharpness", new String[] {"factor", "value_range"}),
      Map.entry("RandomShear", new String[] {"x_factor", "y_factor", "fill_mode", "fill_value", "interpolation"}),
      Map.entry("RandomColorJitter", new String[] {"value_range", "brightness_factor", "contrast_factor",
          "saturation_factor", "hue_factor"}),
      Map.entry("RandomColorDegeneration", new String[] {"factor", "value_range"}),
      Map.entry("RandomPosterization", new String[] {"factor", "value_range"}),
      Map.entry("RandomInvert", new String[] {"factor", "value_range"}),
      Map.entry("RandomErasing", new String[] {"factor", "scale", "fill_value", "value_range"}),
      Map.entry("RandomGaussianBlur", new String[] {"factor", "kernel_size", "sigma", "value_range"}),
      Map.entry("RandomElasticTransform", new String[] {"factor", "scale", "fill_mode", "fill_value",
          "interpolation", "value_range"}),
      Map.entry("RandomPerspective", new String[] {"factor", "scale", "fill_value", "interpolation"}),
      Map.entry("MixUp", new String[] {"alpha"}),
      Map.entry("CutMix", new String[] {"factor"}),
      Map.entry("AugMix", new String[] {"value_range", "num_chains", "chain_depth", "factor", "alpha", "all_ops",
          "interpolation"}),
      Map.entry("RandAugment", new String[] {"value_range", "num_ops", "factor", "interpolation"}),
      Map.entry("Solarization", new String[] {"addition_factor", "threshold_factor", "value_range"}),
      Map.entry("Equalization", new String[] {"value_range", "bins"}),
      // Pads or cuts bounding boxes only: its transform_images returns the images in training too.
      Map.entry("MaxNumBoundingBoxes", new String[] {"max_number", "fill_value"}));

  /**
   * Keras 3 image preprocessing layers that change the images at inference and that kerasj does
   * not implement: the reason the loader gives when it refuses one.
   */
  static final Map<String, String> REFUSED = Map.of(
      "ContrastLimitedAdaptiveHistogramEqualization", "Keras 3's CLAHE equalizes every image at inference too "
          + "(clahe.py transform_images has no 'if training'), which kerasj does not implement");

  static void register(Registry r) {
    for (Map.Entry<String, String[]> e : IDENTITY.entrySet()) {
      String cls = e.getKey();
      String[] options = e.getValue();
      r.layer(cls, (c, w, s, ctx) -> identity(c, s, cls, options));
    }
    r.layer("RandomCrop", (c, w, s, ctx) -> randomCrop(c, s));
    r.layer("AutoContrast", (c, w, s, ctx) -> autoContrast(c, s));
  }

  /**
   * Keras 3's AutoContrast, active at inference ({@code auto_contrast.py transform_images} has no
   * {@code if training}): {@code value_range} sorted as Keras sorts it; {@code data_format} does not
   * change what it computes (it reduces over axes 1 and 2 in both).
   */
  static Layer autoContrast(LayerConfig c, int[] inputShape) {
    c.ignore(BASE);
    float[] range = valueRange(c);
    if (inputShape.length != 4) {
      throw new UnsupportedFeatureException(c.where() + ": an input of shape " + io.kerasj.Model.formatShape(inputShape)
          + " is not supported (kerasj implements AutoContrast on batches of images of rank 4; Keras takes a rank-3 "
          + "input as one image)");
    }
    return new AutoContrast(c.name(), Math.min(range[0], range[1]), Math.max(range[0], range[1]));
  }

  /** {@code value_range}: two numbers, cast to float32 as Keras casts them; (0, 255) when absent. */
  private static float[] valueRange(LayerConfig c) {
    com.google.gson.JsonElement e = c.getJson("value_range");
    if (e == null) {
      return new float[] {0f, 255f};
    }
    if (!e.isJsonArray() || e.getAsJsonArray().size() != 2) {
      throw new ModelFormatException(c.where() + ": option 'value_range' = " + io.kerasj.Messages.snippet(e)
          + " should be a list of two numbers (Keras refuses it too)");
    }
    float[] r = new float[2];
    for (int i = 0; i < 2; i++) {
      com.google.gson.JsonElement v = e.getAsJsonArray().get(i);
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
        throw new ModelFormatException(c.where() + ": option 'value_range' holds " + io.kerasj.Messages.snippet(v)
            + " where a number should be");
      }
      r[i] = (float) v.getAsDouble();
    }
    return r;
  }

  static Layer identity(LayerConfig c, int[] inputShape, String cls, String... options) {
    c.ignore(BASE);
    c.ignore("rng_type"); // tf-keras' choice of random generator
    c.ignore(options);
    if (c.kerasMajor() >= 3) {
      imageRank(c, inputShape);
    }
    return new ImageAugmentation(c.name(), cls);
  }

  /**
   * Keras 3's {@code _is_batched} takes a batch of images (rank 4) or one image (rank 3, which in a
   * model is a batch of 2-D arrays); any other rank is a ValueError when the model is called.
   */
  private static void imageRank(LayerConfig c, int[] inputShape) {
    if (inputShape.length != 3 && inputShape.length != 4) {
      throw new ShapeMismatchException(c.where() + ": expects images of rank 4 (or 3), gets shape "
          + io.kerasj.Model.formatShape(inputShape) + " (Keras refuses it too)");
    }
  }

  static Layer randomCrop(LayerConfig c, int[] inputShape) {
    int height = c.getInt("height");
    int width = c.getInt("width");
    if (c.kerasMajor() >= 3) {
      // random_crop.py: get_random_transformation computes a centred box, but transform_images crops
      // and resizes only `if training`; at inference the images come back as they are.
      return identity(c, inputShape, "RandomCrop", "height", "width");
    }
    c.ignore("seed", "rng_type");
    Options.rank(c, inputShape, 4);
    RandomCrop crop = new RandomCrop(c.name(), height, width);
    if (inputShape[1] > 0 && inputShape[2] > 0) {
      try {
        crop.box(inputShape[1], inputShape[2]);
      } catch (io.kerasj.InvalidInputException e) {
        throw new ShapeMismatchException(c.where() + ": " + e.getMessage());
      }
    }
    return crop;
  }
}
