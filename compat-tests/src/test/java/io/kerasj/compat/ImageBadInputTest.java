package io.kerasj.compat;

import static io.kerasj.compat.AxisOptionsTest.withOption;
import static io.kerasj.compat.BadInputTest.fails;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The image layers refuse, at load and by name, the options kerasj does not implement and the
 * values Keras itself would refuse; a loaded image model refuses inputs of the wrong rank or channel
 * count with the expected and the actual shape. The configs are those of {@code
 * fixtures_image} models with one option changed.
 */
class ImageBadInputTest {
  static final Path DIR = ImageLayersCompatTest.DIR;

  private static Model load(String model, String fw, String cls, String option, JsonElement value) throws Exception {
    Path d = DIR.resolve(model);
    String json = fw.equals("k3") ? "k3_model.json" : "k2_model.json";
    String weights = fw.equals("k3") ? "k3.weights.h5" : "k2_weights.h5";
    return KerasModels.load(withOption(d.resolve(json), cls, option, value), Files.readAllBytes(d.resolve(weights)),
        LoadOptions.defaults());
  }

  private static JsonElement json(String s) {
    return JsonParser.parseString(s);
  }

  @Test
  void interpolationsKerasjDoesNotImplementAreRefusedByName() {
    for (String fw : new String[] {"k2", "k3"}) {
      for (String m : new String[] {"bicubic", "area", "lanczos3", "mitchellcubic"}) {
        fails(UnsupportedFeatureException.class, () -> load("upsampling2d_bilinear", fw, "UpSampling2D",
            "interpolation", new JsonPrimitive(m)), "layer 'up_sampling2d'", "'interpolation'", "'" + m + "'");
        fails(UnsupportedFeatureException.class, () -> load("resizing_bilinear_up", fw, "Resizing", "interpolation",
            new JsonPrimitive(m)), "layer 'resizing'", "'interpolation'", "'" + m + "'");
      }
    }
  }

  @Test
  void resizingOptionsOutsideTheImplementationAreRefused() {
    fails(UnsupportedFeatureException.class, () -> load("resizing_bilinear_down", "k3", "Resizing", "antialias",
        new JsonPrimitive(true)), "'antialias'");
    fails(UnsupportedFeatureException.class, () -> load("resizing_pad", "k3", "Resizing", "fill_mode",
        new JsonPrimitive("reflect")), "'fill_mode'", "reflect");
    fails(ModelFormatException.class, () -> load("resizing_pad", "k3", "Resizing", "crop_to_aspect_ratio",
        new JsonPrimitive(true)), "'crop_to_aspect_ratio'", "'pad_to_aspect_ratio'");
    fails(UnsupportedFeatureException.class, () -> load("centercrop", "k2", "CenterCrop", "seed",
        new JsonPrimitive(3)), "'seed'", "not supported");
  }

  @Test
  void unknownDataFormatsAndPaddingsAreRefused() {
    fails(UnsupportedFeatureException.class, () -> load("maxpool2d_default", "k3", "MaxPooling2D", "data_format",
        new JsonPrimitive("channels_middle")), "'data_format'", "channels_middle");
    fails(UnsupportedFeatureException.class, () -> load("avgpool2d_pool2", "k2", "AveragePooling2D", "padding",
        new JsonPrimitive("causal")), "'padding'", "causal");
    fails(ModelFormatException.class, () -> load("maxpool2d_default", "k2", "MaxPooling2D", "pool_size",
        json("[2, 2, 2]")), "'pool_size'", "one per spatial axis");
    fails(ModelFormatException.class, () -> load("zeropad2d_asym", "k3", "ZeroPadding2D", "padding",
        json("[[1, 2, 3], [0, 1]]")), "'padding'", "(before, after) pair");
    fails(ModelFormatException.class, () -> load("zeropad2d_asym", "k2", "ZeroPadding2D", "padding",
        json("[[1, -2], [0, 1]]")), "'padding'", "negative");
  }

  @Test
  void sizesThatCannotFitTheInputAreRefusedAtLoad() {
    fails(ShapeMismatchException.class, () -> load("cropping2d_asym", "k3", "Cropping2D", "cropping",
        json("[[4, 3], [0, 0]]")), "layer 'cropping2d'", "cannot crop 7", "(None, 7, 6, 3)");
    fails(ShapeMismatchException.class, () -> load("rescaling_per_channel", "k2", "Rescaling", "scale",
        json("[1, 2, 3, 4]")), "layer 'rescaling'", "scale of shape [4]", "(None, 7, 6, 3)");
    fails(ModelFormatException.class, () -> load("normalization_given", "k3", "Normalization", "mean",
        json("[1, 2]")), "'mean'", "[2]", "[3]");
    fails(ModelFormatException.class, () -> load("normalization_given", "k2", "Normalization", "variance",
        JsonParser.parseString("null")), "'mean' and 'variance'");
    fails(ModelFormatException.class, () -> load("rescaling_scalar", "k3", "Rescaling", "scale",
        json("{\"class_name\": \"__tensor__\", \"config\": {}}")), "'scale'", "numpy array");
    // A serialized Python function is refused as everywhere else: kerasj never runs code from a file.
    fails(UnsupportedFeatureException.class, () -> load("rescaling_scalar", "k3", "Rescaling", "scale",
        json("{\"class_name\": \"__lambda__\", \"config\": {}}")), "'scale'", "never runs code");
    // Keras needs every kept axis' size to build the mean and variance; the batch axis has none.
    fails(ModelFormatException.class, () -> load("normalization_adapted", "k3", "Normalization", "axis",
        json("[0, -1]")), "'axis'", "axis 0", "unknown size");
  }

  @Test
  void adaptivePoolingSizesKerasCannotComputeAreRefusedAtLoad() {
    // Keras' TensorFlow backend pools with a window of ceil(n / o) + 1, which does not fit when o = 1.
    fails(UnsupportedFeatureException.class, () -> load("adaptive_avgpool2d_default", "k3", "AdaptiveAveragePooling2D",
        "output_size", json("[1, 3]")), "layer 'adaptive_average_pooling2d'", "'output_size' = 1", "axis 1 of length 7");
    fails(UnsupportedFeatureException.class, () -> load("adaptive_maxpool1d_cf", "k3", "AdaptiveMaxPooling1D",
        "output_size", json("1")), "layer 'adaptive_max_pooling1d'", "'output_size' = 1", "length 5");
    fails(ModelFormatException.class, () -> load("adaptive_maxpool3d", "k3", "AdaptiveMaxPooling3D",
        "output_size", json("[2, 2]")), "'output_size'", "one per spatial axis");
    fails(ModelFormatException.class, () -> load("adaptive_maxpool3d", "k3", "AdaptiveMaxPooling3D",
        "output_size", json("[2, 0, 2]")), "'output_size'", "at least 1");
    fails(UnsupportedFeatureException.class, () -> load("adaptive_avgpool2d_default", "k3", "InputLayer",
        "batch_shape", json("[null, null, 6, 3]")), "layer 'adaptive_average_pooling2d'", "no fixed length");
  }

  @Test
  void spectralNormalizationWeightsOfTheWrongShapeAreRefusedByName() throws Exception {
    Path d = DIR.resolve("sn_dense");
    fails(ShapeMismatchException.class, () -> KerasModels.load(Files.readAllBytes(d.resolve("k2_model.json")),
        Files.readAllBytes(d.resolve("k2_weights_bad_vector_u.h5")), LoadOptions.defaults()),
        "layer 'spectral_normalization'", "'vector_u'", "[1, 3]", "expected [1, 4]");
    fails(ShapeMismatchException.class, () -> KerasModels.load(Files.readAllBytes(d.resolve("k3_model.json")),
        Files.readAllBytes(d.resolve("k3_bad_vector_u.weights.h5")), LoadOptions.defaults()),
        "layer 'spectral_normalization'", "'vector_u'", "[1, 3]", "expected [1, 4]");
    fails(ShapeMismatchException.class, () -> KerasModels.load(Files.readAllBytes(d.resolve("k3_model.json")),
        Files.readAllBytes(d.resolve("k3_bad_kernel_copy.weights.h5")), LoadOptions.defaults()),
        "layer 'spectral_normalization'", "'kernel'", "[6, 3]", "expected [6, 4]");
    // The wrapped layer's own weights are checked by its factory: Dense(3) against a (6, 4) kernel.
    fails(ShapeMismatchException.class, () -> load("sn_dense", "k3", "SpectralNormalization", "layer",
        json("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", "
            + "\"units\": 3}}")), "'kernel'", "[6, 4]", "[6, 3]");
  }

  @Test
  void spectralNormalizationOptionsOutsideTheImplementationAreRefused() {
    fails(ModelFormatException.class, () -> load("sn_dense", "k2", "SpectralNormalization", "power_iterations",
        json("0")), "layer 'spectral_normalization'", "'power_iterations'", "at least 1");
    // Keras 3 casts the wrapper's output to the ids' dtype: an Embedding's vectors become integers.
    fails(UnsupportedFeatureException.class, () -> load("sn_dense", "k3", "SpectralNormalization", "layer",
        json("{\"module\": \"keras.layers\", \"class_name\": \"Embedding\", \"config\": {\"name\": \"embedding\", "
            + "\"input_dim\": 10, \"output_dim\": 4}}")), "layer 'spectral_normalization'", "Embedding", "Keras 3");
    // An option the wrapped layer does not implement is refused by the wrapped layer's name.
    fails(UnsupportedFeatureException.class, () -> load("sn_conv2d", "k2", "SpectralNormalization", "layer",
        json("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d\", \"filters\": 4, "
            + "\"kernel_size\": [3, 3], \"padding\": \"same\", \"data_format\": \"channels_middle\"}}")),
        "'data_format'", "channels_middle");
  }

  @Test
  void timeDistributedNeedsATimeAxis() {
    // Keras: "TimeDistributed Layer should be passed an input_shape with at least 3 dimensions".
    fails(ShapeMismatchException.class, () -> load("td_maxpool2d", "k3", "InputLayer", "batch_shape",
        json("[null, 6]")), "layer 'time_distributed'", "rank >= 3", "(None, 6)");
    fails(ShapeMismatchException.class, () -> load("td_maxpool2d", "k2", "InputLayer", "batch_input_shape",
        json("[null, 6]")), "layer 'time_distributed'", "rank >= 3", "(None, 6)");
  }

  @Test
  void normalizationWeightsForOtherChannelsAreRefusedAtLoad() {
    // Three channels of statistics in the file, four channels in the declared input.
    for (String fw : new String[] {"k2", "k3"}) {
      String option = fw.equals("k3") ? "batch_shape" : "batch_input_shape";
      fails(ShapeMismatchException.class, () -> load("bn_image", fw, "InputLayer", option, json("[null, 5, 4, 4]")),
          "layer 'batch_normalization'", "'gamma'", "[3], expected [4]");
      fails(ShapeMismatchException.class, () -> load("bn_image_cf", fw, "InputLayer", option,
          json("[null, 4, 5, 4]")), "layer 'batch_normalization'", "'gamma'", "[3], expected [4]");
    }
  }

  @Test
  void imageInputsOfTheWrongRankOrChannelsAreRefused() throws Exception {
    Model m = KerasModels.load(DIR.resolve("maxpool2d_default/k3.keras"));
    fails(InvalidInputException.class, () -> m.predict(Tensor.zeros(1, 7, 6, 4)), "(None, 7, 6, 3)",
        "(1, 7, 6, 4)");
    fails(InvalidInputException.class, () -> m.predict(Tensor.zeros(1, 7, 6)), "(None, 7, 6, 3)", "(1, 7, 6)");
    Model n = KerasModels.load(DIR.resolve("normalization_cf/k2_full.h5"));
    fails(InvalidInputException.class, () -> n.predict(Tensor.zeros(2, 4, 7, 6)), "(2, 4, 7, 6)");
  }
}
