package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.Model;
import io.kerasj.Session;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The fixtures of a generator built on {@code generate_semantics_fixtures.process}: a {@code
 * manifest.json} of cases (model, format, files, named inputs, expected outputs, or stateful call
 * sequences), each checked against TensorFlow's outputs and recorded in the compat report under
 * the suite's name, or the case's own {@code suite} where one fixture directory covers several
 * layer families.
 */
final class FixtureSuite {
  private final Path dir;
  private final String suite;
  /** How a pending model's refusal starts in the report's {@code error} column. */
  static final String PENDING = "pending: ";

  private final Map<String, Set<String>> pending;
  private final Map<String, Model> models = new HashMap<>();

  FixtureSuite(Path dir, String suite) {
    this(dir, suite, Map.of());
  }

  /**
   * A suite some of whose models kerasj cannot load yet: {@code pending} maps a model (all its
   * formats) or a model and Keras version ({@code "model/k3"}) to the names its refusal must quote.
   * Such a case passes if the refusal names only those (recorded as pending in the report) and
   * fails once the model loads, so that the entry is removed and the comparison runs.
   */
  FixtureSuite(Path dir, String suite, Map<String, Set<String>> pending) {
    this.dir = dir;
    this.suite = suite;
    this.pending = pending;
  }

  Path dir() {
    return dir;
  }

  JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /** One test per case of the manifest. */
  Stream<DynamicTest> cases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String model = c.get("model").getAsString();
      String format = c.get("format").getAsString();
      String label = c.has("input_label") ? c.get("input_label").getAsString() : c.has("calls") ? "calls" : "input";
      tests.add(DynamicTest.dynamicTest(model + " / " + format + " / " + label, () -> run(c, model, format, label)));
    }
    return tests.stream();
  }

  private void run(JsonObject c, String model, String format, String label) throws Exception {
    String suite = c.has("suite") ? c.get("suite").getAsString() : this.suite;
    List<String> files = new ArrayList<>();
    c.getAsJsonArray("files").forEach(f -> files.add(f.getAsString()));
    Set<String> lacking = pending.getOrDefault(model + "/" + format.substring(0, 2), pending.get(model));
    Model m;
    try {
      m = load(files);
    } catch (UnsupportedFeatureException ex) {
      if (lacking == null) {
        CompatReport.add(new CompatReport.Row(suite, model, format, label, new int[0], Double.NaN, Double.NaN,
            Double.NaN, ex.toString()));
        throw ex;
      }
      assertRefusedOnlyFor(ex, lacking, model + "/" + format);
      CompatReport.add(new CompatReport.Row(suite, model, format, label, new int[0], Double.NaN, Double.NaN,
          Double.NaN, PENDING + String.join(", ", missing(ex, lacking))));
      return;
    } catch (Exception ex) {
      CompatReport.add(new CompatReport.Row(suite, model, format, label, new int[0], Double.NaN, Double.NaN,
          Double.NaN, ex.toString()));
      throw ex;
    }
    if (lacking != null) {
      fail(model + "/" + format + " loads now: remove it from the pending list so that it is compared with "
          + "TensorFlow");
    }
    if (c.has("calls")) {
      Session s = m.newSession();
      int k = 0;
      for (JsonElement call : c.getAsJsonArray("calls")) {
        JsonObject o = call.getAsJsonObject();
        if (o.has("reset_states")) {
          s.reset(); // Keras' reset_states() between calls
          continue;
        }
        compare(suite, model, format, label + "#" + k++, s.predictAll(inputs(m, o.getAsJsonArray("inputs"))),
            o.getAsJsonArray("expected"));
      }
      return;
    }
    compare(suite, model, format, label, m.predictAll(inputs(m, c.getAsJsonArray("inputs"))),
        c.getAsJsonArray("expected"));
  }

  private void compare(String suite, String model, String format, String label, List<Tensor> ys,
                       JsonArray expected)
      throws IOException {
    assertEquals(expected.size(), ys.size(), model + "/" + format + ": number of outputs");
    for (int i = 0; i < ys.size(); i++) {
      Tensor exp = Npy.read(dir.resolve(expected.get(i).getAsString()));
      CompatReport.compare(suite, model, format, ys.size() == 1 ? label : label + " out" + i, ys.get(i), exp);
    }
  }

  /** Each feature the refusal names (one line each when there are several) is one of {@code expected}. */
  static void assertRefusedOnlyFor(UnsupportedFeatureException ex, Set<String> expected, String what) {
    String msg = ex.getMessage();
    List<String> items = new ArrayList<>();
    for (String line : msg.split("\n")) {
      if (line.startsWith("  - ")) {
        items.add(line);
      }
    }
    if (items.isEmpty()) {
      items.add(msg.split("\n")[0]);
    }
    for (String item : items) {
      assertTrue(expected.stream().anyMatch(item::contains), what + ": refused for something not in the pending list "
          + expected + ": " + item);
    }
  }

  /** The pending features this refusal names. */
  private static List<String> missing(UnsupportedFeatureException ex, Set<String> expected) {
    List<String> r = new ArrayList<>();
    for (String e : new java.util.TreeSet<>(expected)) {
      if (ex.getMessage().contains(e)) {
        r.add(e);
      }
    }
    return r;
  }

  /** Inputs in the model's order: by Input layer name when the fixture names them, else by position. */
  private Tensor[] inputs(Model m, JsonArray specs) throws IOException {
    Map<String, Tensor> byName = new HashMap<>();
    List<Tensor> inOrder = new ArrayList<>();
    for (JsonElement e : specs) {
      JsonObject o = e.getAsJsonObject();
      Tensor t = Npy.read(dir.resolve(o.get("file").getAsString()));
      inOrder.add(t);
      if (o.has("name")) {
        byName.put(o.get("name").getAsString(), t);
      }
    }
    if (byName.keySet().containsAll(m.inputNames()) && byName.size() == m.inputCount()) {
      Tensor[] r = new Tensor[m.inputCount()];
      for (int i = 0; i < r.length; i++) {
        r[i] = byName.get(m.inputNames().get(i));
      }
      return r;
    }
    return inOrder.toArray(new Tensor[0]);
  }

  synchronized Model load(List<String> files) throws IOException {
    String key = String.join("+", files);
    Model m = models.get(key);
    if (m == null) {
      m = files.size() == 1 ? KerasModels.load(dir.resolve(files.get(0)))
          : KerasModels.load(dir.resolve(files.get(0)), dir.resolve(files.get(1)));
      models.put(key, m);
    }
    return m;
  }
}
