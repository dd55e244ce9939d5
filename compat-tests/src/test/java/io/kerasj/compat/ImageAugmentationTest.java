package io.kerasj.compat;

import static io.kerasj.compat.AxisOptionsTest.withOption;
import static io.kerasj.compat.BadInputTest.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kerasj.Model;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image augmentation layers and SpatialDropout2D / 3D beyond their TensorFlow comparisons (in
 * {@link ImageLayersCompatTest}): every class kerasj registers for them is in a fixture Keras wrote,
 * the Keras 3 layer kerasj refuses is refused by name with the reason, and shapes Keras cannot run
 * are refused at load. The configs are those of {@code fixtures_image} models with one thing
 * changed.
 */
class ImageAugmentationTest {
  static final Path DIR = ImageLayersCompatTest.DIR;

  private static Model load(String model, String fw, byte[] config) throws Exception {
    Path d = DIR.resolve(model);
    String weights = fw.equals("k3") ? "k3.weights.h5" : "k2_weights.h5";
    return KerasModels.load(config, Files.readAllBytes(d.resolve(weights)), LoadOptions.defaults());
  }

  private static Path json(String model, String fw) {
    return DIR.resolve(model).resolve(fw.equals("k3") ? "k3_model.json" : "k2_model.json");
  }

  private static Model load(String model, String fw, String cls, String option, JsonElement value) throws Exception {
    return load(model, fw, withOption(json(model, fw), cls, option, value));
  }

  @Test
  void everyAugmentationClassIsInAFixtureOfEachKerasThatHasIt() throws Exception {
    Set<String> k2 = new TreeSet<>();
    Set<String> k3 = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(DIR)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        String n = d.getFileName().toString();
        if (n.startsWith("aug_") || n.startsWith("randomcrop_") || n.startsWith("auto_contrast")
            || n.startsWith("spatial_dropout")) {
          classes(d.resolve("k2_model.json"), k2);
          classes(d.resolve("k3_model.json"), k3);
        }
      }
    }
    Set<String> both = Set.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
        "RandomBrightness", "RandomCrop", "SpatialDropout2D", "SpatialDropout3D");
    Set<String> wantK2 = new TreeSet<>(both);
    wantK2.addAll(Set.of("RandomHeight", "RandomWidth"));
    // Equalization is registered but has no fixture: Keras 3.15's compute_output_spec returns its
    // input tensor, so Keras cannot build it into a model ("part of a cycle").
    Set<String> wantK3 = new TreeSet<>(both);
    wantK3.addAll(Set.of("RandomGrayscale", "RandomHue", "RandomSaturation", "RandomSharpness", "RandomShear",
        "RandomColorJitter", "RandomColorDegeneration", "RandomPosterization", "RandomInvert", "RandomErasing",
        "RandomGaussianBlur", "RandomElasticTransform", "RandomPerspective", "MixUp", "CutMix", "AugMix",
        "RandAugment", "Solarization", "AutoContrast", "MaxNumBoundingBoxes"));
    assertEquals(Set.of(), minus(wantK2, k2), "tf-keras classes without a fixture");
    assertEquals(Set.of(), minus(wantK3, k3), "Keras 3 classes without a fixture");
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> r = new TreeSet<>(a);
    r.removeAll(b);
    return r;
  }

  private static void classes(Path json, Set<String> into) throws Exception {
    if (!Files.isRegularFile(json)) {
      return;
    }
    JsonObject root = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
    for (JsonElement l : root.getAsJsonObject("config").getAsJsonArray("layers")) {
      into.add(l.getAsJsonObject().get("class_name").getAsString());
    }
  }

  @Test
  void claheIsRefusedByNameWithTheReason() throws Exception {
    String config = Files.readString(json("aug_k3_geometric", "k3"), StandardCharsets.UTF_8)
        .replace("\"RandomErasing\"", "\"ContrastLimitedAdaptiveHistogramEqualization\"");
    fails(UnsupportedFeatureException.class, () -> load("aug_k3_geometric", "k3",
        config.getBytes(StandardCharsets.UTF_8)), "layer 'random_erasing'",
        "'ContrastLimitedAdaptiveHistogramEqualization'", "at inference too");
  }

  @Test
  void optionsKerasDoesNotWriteAreRefused() {
    fails(UnsupportedFeatureException.class, () -> load("aug_keras_io", "k3", "RandomFlip", "flip_probability",
        new JsonPrimitive(0.5)), "layer 'random_flip'", "'flip_probability'");
    fails(UnsupportedFeatureException.class, () -> load("randomcrop_down", "k2", "RandomCrop", "data_format",
        new JsonPrimitive("channels_last")), "layer 'random_crop'", "'data_format'");
  }

  @Test
  void ranksKerasRefusesAreRefusedAtLoad() {
    fails(ShapeMismatchException.class, () -> load("spatial_dropout2d_cf", "k3", "InputLayer", "batch_shape",
        JsonParser.parseString("[null, 3, 42]")), "layer 'spatial_dropout2d'", "rank 4", "(None, 3, 42)");
    fails(ShapeMismatchException.class, () -> load("spatial_dropout3d", "k2", "InputLayer", "batch_input_shape",
        JsonParser.parseString("[null, 4, 5, 12]")), "layer 'spatial_dropout3d'", "rank 5", "(None, 4, 5, 12)");
    fails(ShapeMismatchException.class, () -> load("randomcrop_same", "k3", "InputLayer", "batch_shape",
        JsonParser.parseString("[null, 2, 8, 7, 3]")), "layer 'random_crop'", "rank 4 (or 3)");
    fails(UnsupportedFeatureException.class, () -> load("auto_contrast", "k3", "InputLayer", "batch_shape",
        JsonParser.parseString("[null, 8, 21]")), "layer 'auto_contrast'", "rank 4");
  }

  @Test
  void tfKerasRandomCropWithAnEmptyCropBoxIsRefused() throws Exception {
    // smart_resize: int(7 * 1 / 100) = 0 rows; tf-keras' predict fails on the empty slice.
    String config = AxisOptionsTest.edit(json("randomcrop_down", "k2"), "RandomCrop",
        java.util.Map.of("height", new JsonPrimitive(1), "width", new JsonPrimitive(100)));
    fails(ShapeMismatchException.class, () -> load("randomcrop_down", "k2", config.getBytes(StandardCharsets.UTF_8)),
        "layer 'random_crop'", "no crop box");
  }

  @Test
  void keras3RandomCropDoesNotCropAtInferenceAndTfKerasResizes() throws Exception {
    Model k3 = KerasModels.load(DIR.resolve("randomcrop_down/k3.keras"));
    Model k2 = KerasModels.load(DIR.resolve("randomcrop_down/k2_full.h5"));
    assertArrayEquals(new int[] {2, 8, 7, 3}, k3.predict(io.kerasj.Tensor.zeros(2, 8, 7, 3)).shape());
    assertArrayEquals(new int[] {2, 5, 4, 3}, k2.predict(io.kerasj.Tensor.zeros(2, 8, 7, 3)).shape());
  }
}
