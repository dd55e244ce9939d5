package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hands-On ML's image models against TensorFlow ({@code fixtures_image_models}, made by {@code
 * generate_image_model_fixtures.py ch14}): chapter 14's Sequential CNN and its ResNet-34 of custom
 * {@code ResidualUnit} layers (at one eighth of the book's width; the full width runs in {@link
 * ApplicationsTest}), and chapter 17's convolutional autoencoder, in every format both Kerases
 * write, batch 1 and 3.
 */
class ImageModelsTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.imageModelFixtures", "src/test/resources/fixtures_image_models"));
  static final List<String> MODELS = List.of("ch14_cnn", "ch14_resnet34_w8", "ch17_conv_ae");

  /** The CNN and the autoencoder are shallow (≤ 20 layers); ResNet-34 is a deep net. */
  static double tolerance(String model) {
    return model.startsWith("ch14_resnet34") ? ImageCases.DEEP_TOLERANCE : CompatTest.TOLERANCE;
  }

  private static final ImageCases CASES = new ImageCases(DIR, "ch14", LoadOptions.defaults(),
      ImageModelsTest::tolerance);

  @TestFactory
  Stream<DynamicTest> everyBookModelMatchesTensorFlow() throws IOException {
    return CASES.tests().stream();
  }

  @Test
  void everyModelFormatAndBatchIsThere() throws IOException {
    Set<String> have = new TreeSet<>();
    for (JsonElement e : CASES.manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      have.add(c.get("model").getAsString() + "/" + c.get("format").getAsString() + "/b" + c.get("batch").getAsInt());
    }
    List<String> missing = new ArrayList<>();
    for (String m : MODELS) {
      for (String f : CompatTest.FORMATS) {
        for (int b : new int[] {1, 3}) {
          if (!have.contains(m + "/" + f + "/b" + b)) {
            missing.add(m + "/" + f + "/b" + b);
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "cases missing from " + DIR.resolve("manifest.json") + ": " + missing);
  }

  static Model resnet(String file, String weights, LoadOptions options) throws IOException {
    Path d = DIR.resolve("ch14_resnet34_w8");
    return weights == null ? KerasModels.load(d.resolve(file), options)
        : KerasModels.load(d.resolve(file), d.resolve(weights), options);
  }

  /** The custom layer registered by hand, without plugins: every format of both Kerases. */
  @ParameterizedTest
  @CsvSource({"k2_full.h5,, k2", "k2_model.json, k2_weights.h5, k2", "k3_model.json, k3.weights.h5, k3",
      "k3.keras,, k3", "k3_legacy.h5,, k3"})
  void residualUnitRegisteredThroughCustomObjects(String file, String weights, String fw) throws IOException {
    LoadOptions opts = LoadOptions.defaults()
        .withCustomObjects(CustomObjects.defaults().withLayer("ResidualUnit", ResidualUnitPlugin.FACTORY));
    Model m = resnet(file, weights, opts);
    assertEquals(16, m.layers().stream().filter(l -> l.kerasClass().equals("ResidualUnit")).count());
    Tensor x = Npy.read(DIR.resolve("inputs/ch14_resnet34_w8.npy"));
    Tensor expected = Npy.read(DIR.resolve("ch14_resnet34_w8/expected_" + fw + "_x_b3.npy"));
    assertTrue(CustomObjectsTest.maxAbs(m.predict(x), expected) <= ImageCases.DEEP_TOLERANCE, file);
  }

  /** Without the plugin or a registration, the class is refused by name. */
  @Test
  void residualUnitWithoutAFactoryIsRefusedByName() {
    LoadOptions opts = LoadOptions.defaults().withCustomObjects(CustomObjects.defaults());
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> resnet("k3.keras", null, opts));
    assertTrue(e.getMessage().contains("'ResidualUnit'"), e.getMessage());
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
