package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every model × file format × input of the TensorFlow fixtures (compat-tests/python), loaded
 * through the public loader and compared element by element with TensorFlow's output.
 * Writes {@code target/compat-report.md}.
 */
class CompatTest {
  static final Path FIXTURES = Path.of(System.getProperty("kerasj.fixtures", "src/test/resources/fixtures"));
  static final Path REPORT = Path.of(System.getProperty("kerasj.compatReport", "target/compat-report.md"));
  /**
   * Every element within 1e-5 of TensorFlow's, scaled by |tf| above 1: {@code |java − tf| ≤ 1e-5 ·
   * max(1, |tf|)}. For the notebook's models, whose outputs are of order 1, this is the plain
   * absolute bound; it only relaxes for outputs such as {@code exponential} of large inputs, where
   * one float32 ulp exceeds 1e-5.
   */
  static final double TOLERANCE = 1e-5;

  static final List<String> FORMATS = List.of("k2_full", "k2_json", "k3_json", "k3_keras", "k3_legacy");
  static final List<String> CORE_MODELS = List.of("ln_rnn", "lstm", "lstm_cell", "gru", "simple_rnn");
  static final List<String> CORE_INPUTS = List.of("len1_small", "len7_small", "len100_small", "len1000_small",
      "len1_large", "len7_large", "len100_large");

  private static final Map<String, Model> MODELS = new HashMap<>();


  static JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(FIXTURES.resolve("manifest.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureMatchesTensorFlow() throws IOException {
    JsonArray cases = manifest().getAsJsonArray("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : cases) {
      JsonObject c = e.getAsJsonObject();
      String model = c.get("model").getAsString();
      String format = c.get("format").getAsString();
      String input = c.get("input").getAsString();
      String inputName = Path.of(input).getFileName().toString().replace(".npy", "");
      tests.add(DynamicTest.dynamicTest(model + " / " + format + " / " + inputName, () -> runCase(c, model, format, inputName)));
    }
    return tests.stream();
  }

  private static void runCase(JsonObject c, String model, String format, String inputName) throws Exception {
    List<String> files = new ArrayList<>();
    c.getAsJsonArray("files").forEach(f -> files.add(f.getAsString()));
    Tensor x = Npy.read(FIXTURES.resolve(c.get("input").getAsString()));
    Tensor expected = Npy.read(FIXTURES.resolve(c.get("expected").getAsString()));
    Model m;
    try {
      m = model(files);
    } catch (Exception ex) {
      CompatReport.add(new CompatReport.Row("notebook", model, format, inputName, expected.shape(), Double.NaN, Double.NaN, Double.NaN, ex.toString()));
      throw ex;
    }
    Tensor y = m.predict(x);
    CompatReport.compare("notebook", model, format, inputName, y, expected);
  }

  private static synchronized Model model(List<String> files) throws IOException {
    String key = String.join("+", files);
    Model m = MODELS.get(key);
    if (m == null) {
      m = files.size() == 1
          ? KerasModels.load(FIXTURES.resolve(files.get(0)))
          : KerasModels.load(FIXTURES.resolve(files.get(0)), FIXTURES.resolve(files.get(1)));
      MODELS.put(key, m);
    }
    return m;
  }

  /** Nothing may be skipped silently: the notebook's models must be there in every format and input. */
  @Test
  void fixturesCoverEveryModelFormatAndInput() throws IOException {
    Set<String> have = new TreeSet<>();
    for (JsonElement e : manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String in = Path.of(c.get("input").getAsString()).getFileName().toString().replace(".npy", "");
      have.add(c.get("model").getAsString() + "/" + c.get("format").getAsString() + "/" + in);
      for (JsonElement f : c.getAsJsonArray("files")) {
        assertTrue(Files.isRegularFile(FIXTURES.resolve(f.getAsString())), "missing fixture file " + f);
      }
      assertTrue(Files.isRegularFile(FIXTURES.resolve(c.get("expected").getAsString())), "missing " + c.get("expected"));
    }
    List<String> missing = new ArrayList<>();
    for (String m : CORE_MODELS) {
      for (String f : FORMATS) {
        for (String in : CORE_INPUTS) {
          if (!have.contains(m + "/" + f + "/" + in)) {
            missing.add(m + "/" + f + "/" + in);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      fail("fixture cases missing from manifest.json: " + missing);
    }
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
