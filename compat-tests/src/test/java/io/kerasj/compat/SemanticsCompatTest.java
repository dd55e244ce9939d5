package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private static final FixtureSuite SUITE = new FixtureSuite(DIR, "semantics");

  static JsonObject manifest() throws IOException {
    return SUITE.manifest();
  }

  @Test
  void manifestIsPresentAndNotEmpty() throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve("manifest.json")), "missing " + DIR.resolve("manifest.json"));
    assertTrue(manifest().getAsJsonArray("cases").size() > 100, "too few semantics cases");
  }

  @TestFactory
  Stream<DynamicTest> everySemanticsFixtureMatchesTensorFlow() throws IOException {
    return SUITE.cases();
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
