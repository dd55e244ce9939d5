package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keras 3 op nodes, tf-keras {@code TFOpLambda} / {@code SlicingOpLambda} layers and the merge
 * layers' broadcasting against TensorFlow: the fixtures of {@code
 * compat-tests/python/generate_ops_fixtures.py}, every model from every file each Keras writes.
 */
class OpsCompatTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.opsFixtures", "src/test/resources/fixtures_ops"));
  private static final FixtureSuite SUITE = new FixtureSuite(DIR, "ops");

  @TestFactory
  Stream<DynamicTest> everyOpFixtureMatchesTensorFlow() throws IOException {
    return SUITE.cases();
  }

  /** Every model is checked from all five file forms (Keras 3's legacy .h5 included, which Keras cannot reload). */
  @Test
  void everyModelIsCheckedInEveryFormat() throws IOException {
    JsonObject m = SUITE.manifest();
    Set<String> want = Set.of("k2_full", "k2_json", "k3_json", "k3_keras", "k3_legacy");
    for (String model : m.getAsJsonObject("models").keySet()) {
      Set<String> formats = new TreeSet<>();
      for (JsonElement e : m.getAsJsonArray("cases")) {
        JsonObject c = e.getAsJsonObject();
        if (c.get("model").getAsString().equals(model)) {
          formats.add(c.get("format").getAsString());
        }
      }
      assertTrue(formats.containsAll(want), model + " is checked only in " + formats);
    }
    assertTrue(m.getAsJsonObject("models").size() >= 8, "too few op models");
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
