package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kerasj.KerasjException;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Axis options that Keras itself refuses are refused at load, by name, with the file and layer in
 * the message; the forms Keras accepts are the fixtures of {@code section_axes} in
 * {@code generate_semantics_fixtures.py}, compared with TensorFlow by {@link SemanticsCompatTest}.
 *
 * <p>Each refused form comes from {@code manifest.json → axis_refusals}, where the generator
 * recorded the error each Keras raised for it; it is written into a copy of a fixture's config of
 * the same layer class.
 */
class AxisOptionsTest {
  static final Path DIR = SemanticsCompatTest.DIR;

  /** A fixture model per layer class, whose config the refused forms are written into. */
  private static final Map<String, String> TEMPLATE = Map.of(
      "LayerNormalization", "ln_axes_last_two",
      "BatchNormalization", "bn_axis_time",
      "Softmax", "softmax_axes",
      "PReLU", "prelu_shared_zero");

  private static final Map<String, String[]> FILES = Map.of(
      "k2", new String[] {"k2_model.json", "k2_weights.h5"},
      "k3", new String[] {"k3_model.json", "k3.weights.h5"});

  @TestFactory
  Stream<DynamicTest> formsKerasRefusesAreRefused() throws Exception {
    JsonObject refusals = SemanticsCompatTest.manifest().getAsJsonObject("axis_refusals");
    assertTrue(refusals != null && refusals.size() >= 8, "manifest.json lacks axis_refusals");
    List<DynamicTest> tests = new ArrayList<>();
    for (String label : refusals.keySet()) {
      JsonObject r = refusals.getAsJsonObject(label);
      JsonObject errors = r.getAsJsonObject("keras_error");
      for (String fw : FILES.keySet()) {
        if (errors.get(fw).isJsonNull()) {
          continue; // this Keras accepts the form: a fixture covers it
        }
        tests.add(DynamicTest.dynamicTest(label + " / " + fw + " (Keras: " + errors.get(fw).getAsString() + ")",
            () -> {
              String model = TEMPLATE.get(r.get("class_name").getAsString());
              String option = r.get("option").getAsString();
              byte[] json = withOption(DIR.resolve(model).resolve(FILES.get(fw)[0]), r.get("class_name").getAsString(),
                  option, r.get("value"));
              KerasjException e = assertThrows(KerasjException.class, () -> KerasModels.load(json,
                  Files.readAllBytes(DIR.resolve(model).resolve(FILES.get(fw)[1])), LoadOptions.defaults()));
              assertTrue(e instanceof ModelFormatException || e instanceof UnsupportedFeatureException, e.toString());
              assertTrue(e.getMessage().contains("'" + option + "'") && e.getMessage().contains("layer '"),
                  e.getMessage());
            }));
      }
    }
    return tests.stream();
  }

  /**
   * Forms Keras accepts that kerasj refuses, each with a reason in the message: reductions over the
   * batch axis of a model whose batch size is not fixed, and concatenation along the batch axis.
   */
  @Test
  void batchAxisFormsKerasjDoesNotRunAreRefusedByName() throws Exception {
    Path ln = DIR.resolve("ln_default");
    String noWeights = edit(ln.resolve("k3_model.json"), "LayerNormalization", Map.of(
        "axis", JsonParser.parseString("[0, -1]"), "center", new JsonPrimitive(false),
        "scale", new JsonPrimitive(false)));
    BadInputTest.fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(noWeights),
        Files.readAllBytes(ln.resolve("k3.weights.h5")), LoadOptions.defaults()), "'axis'", "batch axis",
        "layer 'layer_normalization'");
    Path sm = DIR.resolve("softmax_axes");
    byte[] softmax = withOption(sm.resolve("k3_model.json"), "Softmax", "axis", JsonParser.parseString("[0, 1]"));
    BadInputTest.fails(UnsupportedFeatureException.class, () -> KerasModels.load(softmax,
        Files.readAllBytes(sm.resolve("k3.weights.h5")), LoadOptions.defaults()), "'axis'", "batch axis");
    Path merge = DIR.resolve("func_merge");
    byte[] concat = withOption(merge.resolve("k3_model.json"), "Concatenate", "axis", new JsonPrimitive(0));
    BadInputTest.fails(UnsupportedFeatureException.class, () -> KerasModels.load(concat,
        Files.readAllBytes(merge.resolve("k3.weights.h5")), LoadOptions.defaults()), "'axis'", "batch axis",
        "(Concatenate)");
  }

  /** Dot's {@code axes}: an int or a pair of ints (Keras: TypeError / ValueError otherwise), never truncated. */
  @Test
  void dotAxesAreReadStrictly() throws Exception {
    Path merge = DIR.resolve("func_merge");
    byte[] weights = Files.readAllBytes(merge.resolve("k2_weights.h5"));
    for (String bad : new String[] {"[1, 2, 2]", "[1]", "1.5", "\"1\"", "[1.5, 1]", "true", "[[1], 1]"}) {
      byte[] json = withOption(merge.resolve("k2_model.json"), "Dot", "axes", JsonParser.parseString(bad));
      BadInputTest.fails(ModelFormatException.class, () -> KerasModels.load(json, weights, LoadOptions.defaults()),
          "'axes'", "(Dot)");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The config with {@code option} of the first layer of class {@code cls} set to {@code value}. */
  static byte[] withOption(Path config, String cls, String option, JsonElement value) throws Exception {
    return utf8(edit(config, cls, Map.of(option, value)));
  }

  static String edit(Path config, String cls, Map<String, JsonElement> options) throws Exception {
    JsonObject root = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8)).getAsJsonObject();
    for (JsonElement l : root.getAsJsonObject("config").getAsJsonArray("layers")) {
      JsonObject layer = l.getAsJsonObject();
      if (layer.get("class_name").getAsString().equals(cls)) {
        options.forEach((k, v) -> layer.getAsJsonObject("config").add(k, v));
        return root.toString();
      }
    }
    throw new AssertionError("no " + cls + " in " + config);
  }
}
