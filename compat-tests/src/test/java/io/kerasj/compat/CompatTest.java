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

  private static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, Model> MODELS = new HashMap<>();

  record Row(String model, String format, String input, int[] shape, double maxAbs, double maxRel, double maxScaled,
             String error) {
    boolean ok() {
      return error == null && maxScaled <= TOLERANCE;
    }
  }

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
      ROWS.add(new Row(model, format, inputName, expected.shape(), Double.NaN, Double.NaN, Double.NaN, ex.toString()));
      throw ex;
    }
    Tensor y = m.predict(x);
    assertArrayEquals(expected.shape(), y.shape(), "output shape");
    double maxAbs = 0;
    double maxRel = 0;
    double maxScaled = 0;
    for (int i = 0; i < y.size(); i++) {
      double tf = expected.data()[i];
      double d = Math.abs((double) y.data()[i] - tf);
      if (Double.isNaN(d) && !(Float.isNaN(y.data()[i]) && Double.isNaN(tf))) {
        d = Double.POSITIVE_INFINITY;
      } else if (Double.isNaN(d)) {
        d = 0;
      }
      maxAbs = Math.max(maxAbs, d);
      maxRel = Math.max(maxRel, d / Math.max(Math.abs(tf), 1e-6));
      maxScaled = Math.max(maxScaled, d / Math.max(Math.abs(tf), 1.0));
    }
    CompatHtmlReport.record(model, format, inputName, expected, y);
    Row row = new Row(model, format, inputName, y.shape(), maxAbs, maxRel, maxScaled, null);
    ROWS.add(row);
    assertTrue(row.ok(), model + "/" + format + "/" + inputName + ": max |java - tf| / max(1, |tf|) = " + maxScaled
        + " > " + TOLERANCE + " (max abs " + maxAbs + ")");
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
    List<Row> rows = new ArrayList<>(ROWS);
    rows.sort((a, b) -> {
      int c = a.model().compareTo(b.model());
      if (c == 0) {
        c = a.format().compareTo(b.format());
      }
      return c != 0 ? c : a.input().compareTo(b.input());
    });
    StringBuilder sb = new StringBuilder();
    sb.append("# kerasj compatibility report\n\n");
    JsonObject versions = manifest().getAsJsonObject("versions");
    sb.append("Expected values: TensorFlow ").append(versions.get("tensorflow").getAsString())
        .append(", Keras ").append(versions.get("keras").getAsString())
        .append(", tf-keras ").append(versions.get("tf_keras").getAsString())
        .append(" (fixtures by `compat-tests/python/generate_fixtures.py`). ")
        .append("Java: ").append(System.getProperty("java.version")).append(".\n\n");
    sb.append("Tolerance, on every element: |java − tf| ≤ ").append(TOLERANCE).append(" · max(1, |tf|) ")
        .append("(the plain absolute bound wherever |tf| ≤ 1). ")
        .append("Columns: max abs = max |java − tf|; max rel = max |java − tf| / max(|tf|, 1e-6); ")
        .append("max scaled = max |java − tf| / max(1, |tf|), the quantity the tolerance bounds.\n\n");
    double worstCore = 0;
    int fails = 0;
    for (Row r : rows) {
      if (!r.ok()) {
        fails++;
      } else if (CORE_MODELS.contains(r.model())) {
        worstCore = Math.max(worstCore, r.maxAbs());
      }
    }
    sb.append(String.format("%d rows, %d within tolerance, %d failing. Worst max abs error over the notebook "
        + "models (%s): %.3g.%n%n", rows.size(), rows.size() - fails, fails, String.join(", ", CORE_MODELS), worstCore));
    sb.append("## Worst error per model and format\n\n"
        + "| model | format | rows | worst max abs | worst max rel | worst max scaled |\n|---|---|---|---|---|---|\n");
    Map<String, double[]> worst = new java.util.TreeMap<>();
    for (Row r : rows) {
      double[] w = worst.computeIfAbsent(r.model() + " | " + r.format(), k -> new double[4]);
      w[0]++;
      w[1] = Math.max(w[1], r.error() == null ? r.maxAbs() : Double.POSITIVE_INFINITY);
      w[2] = Math.max(w[2], r.error() == null ? r.maxRel() : Double.POSITIVE_INFINITY);
      w[3] = Math.max(w[3], r.error() == null ? r.maxScaled() : Double.POSITIVE_INFINITY);
    }
    for (Map.Entry<String, double[]> e : worst.entrySet()) {
      sb.append(String.format("| %s | %d | %.3g | %.3g | %.3g |%n", e.getKey(), (int) e.getValue()[0], e.getValue()[1],
          e.getValue()[2], e.getValue()[3]));
    }
    sb.append("\n## Every row\n\n");
    sb.append("| model | format | input | output shape | max abs | max rel | max scaled | result |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      boolean ok = r.ok();
      sb.append("| ").append(r.model()).append(" | ").append(r.format()).append(" | ").append(r.input())
          .append(" | ").append(Arrays.toString(r.shape()))
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxAbs()) : "—")
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxRel()) : "—")
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxScaled()) : "—")
          .append(" | ").append(ok ? "ok" : "FAIL" + (r.error() == null ? "" : ": " + r.error().replace('|', '/')))
          .append(" |\n");
    }
    Files.createDirectories(REPORT.toAbsolutePath().getParent());
    Files.writeString(REPORT, sb.toString(), StandardCharsets.UTF_8);
    CompatHtmlReport.write(REPORT.resolveSibling("compat-report.html"), versions, rows.size(), fails);
  }
}
