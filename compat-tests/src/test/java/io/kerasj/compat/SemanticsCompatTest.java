package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.Model;
import io.kerasj.Session;
import io.kerasj.Tensor;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Full recurrent semantics, sequence front-ends and Functional models against TensorFlow: the
 * fixtures of {@code compat-tests/python/generate_semantics_fixtures.py}. Cases with several
 * inputs feed them by the model's input names; stateful cases feed consecutive calls through one
 * {@link Session}.
 */
class SemanticsCompatTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.semanticsFixtures", "src/test/resources/fixtures_semantics"));
  private static final Map<String, Model> MODELS = new HashMap<>();

  static JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(DIR.resolve("manifest.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  @Test
  void manifestIsPresentAndNotEmpty() throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve("manifest.json")), "missing " + DIR.resolve("manifest.json"));
    assertTrue(manifest().getAsJsonArray("cases").size() > 100, "too few semantics cases");
  }

  @TestFactory
  Stream<DynamicTest> everySemanticsFixtureMatchesTensorFlow() throws IOException {
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

  private static void run(JsonObject c, String model, String format, String label) throws Exception {
    List<String> files = new ArrayList<>();
    c.getAsJsonArray("files").forEach(f -> files.add(f.getAsString()));
    Model m;
    try {
      m = load(files);
    } catch (Exception ex) {
      CompatReport.add(new CompatReport.Row("semantics", model, format, label, new int[0], Double.NaN, Double.NaN,
          Double.NaN, ex.toString()));
      throw ex;
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
        compare(model, format, label + "#" + k++, s.predictAll(inputs(m, o.getAsJsonArray("inputs"))),
            o.getAsJsonArray("expected"));
      }
      return;
    }
    compare(model, format, label, m.predictAll(inputs(m, c.getAsJsonArray("inputs"))), c.getAsJsonArray("expected"));
  }

  private static void compare(String model, String format, String label, List<Tensor> ys, JsonArray expected)
      throws IOException {
    assertEquals(expected.size(), ys.size(), model + "/" + format + ": number of outputs");
    for (int i = 0; i < ys.size(); i++) {
      Tensor exp = Npy.read(DIR.resolve(expected.get(i).getAsString()));
      CompatReport.compare("semantics", model, format, ys.size() == 1 ? label : label + " out" + i, ys.get(i), exp);
    }
  }

  /** Inputs in the model's order: by Input layer name when the fixture names them, else by position. */
  private static Tensor[] inputs(Model m, JsonArray specs) throws IOException {
    Map<String, Tensor> byName = new HashMap<>();
    List<Tensor> inOrder = new ArrayList<>();
    for (JsonElement e : specs) {
      JsonObject o = e.getAsJsonObject();
      Tensor t = Npy.read(DIR.resolve(o.get("file").getAsString()));
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

  private static synchronized Model load(List<String> files) throws IOException {
    String key = String.join("+", files);
    Model m = MODELS.get(key);
    if (m == null) {
      m = files.size() == 1 ? KerasModels.load(DIR.resolve(files.get(0)))
          : KerasModels.load(DIR.resolve(files.get(0)), DIR.resolve(files.get(1)));
      MODELS.put(key, m);
    }
    return m;
  }

  /**
   * The Functional summary's "Connected to" column against the summary tf-keras printed for the
   * same model: the same references ({@code layer[node][tensor]}) and the same parameter total.
   */
  @TestFactory
  Stream<DynamicTest> functionalSummariesConnectLikeKeras() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    JsonObject models = manifest().getAsJsonObject("models");
    for (String name : models.keySet()) {
      JsonObject info = models.getAsJsonObject(name);
      if (!info.has("k2_class") || !info.get("k2_class").getAsString().equals("Functional")
          || !Files.exists(DIR.resolve(name).resolve("k2_summary.txt"))) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String tf = Files.readString(DIR.resolve(name).resolve("k2_summary.txt"), StandardCharsets.UTF_8);
        Model m = KerasModels.load(DIR.resolve(name).resolve("k2_full.h5"));
        String ours = m.summary();
        assertEquals(tf.contains("Connected to"), ours.contains("Connected to"),
            name + ": Keras prints the Connected to column only for non-chain graphs\n" + ours + "\nKeras:\n" + tf);
        assertEquals(references(connectedColumn(tf)), references(connectedColumn(ours)),
            name + ": Connected to\n" + ours + "\nKeras:\n" + tf);
        assertEquals(total(tf), total(ours), name + ": total params");
      }));
    }
    assertTrue(tests.size() >= 5, "too few Functional models with summaries: " + tests.size());
    return tests.stream();
  }

  /** The "Connected to" column's text, wrapped lines joined (tf-keras wraps long references). */
  private static String connectedColumn(String summary) {
    String[] lines = summary.split("\n");
    int col = -1;
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      if (col < 0) {
        col = line.indexOf("Connected to");
        continue;
      }
      if (line.startsWith("Total params")) {
        break;
      }
      if (line.length() > col && !line.matches("[=_]+")) {
        sb.append(line.substring(col).trim());
      }
      sb.append(line.trim().isEmpty() || line.matches("[=_]+") ? " " : "");
    }
    return sb.toString();
  }

  private static List<String> references(String summary) {
    List<String> r = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_][\\w.\\-]*\\[\\d+\\]\\[\\d+\\])")
        .matcher(summary);
    while (m.find()) {
      r.add(m.group(1));
    }
    java.util.Collections.sort(r);
    return r;
  }

  private static String total(String summary) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total params: ([\\d,]+)").matcher(summary);
    return m.find() ? m.group(1).replace(",", "") : "?";
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
