package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The attention family and its neighbours against TensorFlow: MultiHeadAttention, Attention,
 * AdditiveAttention, EinsumDense, and the normalization, core and preprocessing layers of the same
 * issue, with masks from {@code Embedding(mask_zero=True)} and {@code Masking}, causal masks and
 * attention-score outputs — the fixtures of {@code compat-tests/python/generate_attention_fixtures.py}
 * (report section "attention").
 */
class AttentionCompatTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.attentionFixtures",
      "src/test/resources/fixtures_attention"));
  private static final FixtureSuite SUITE = new FixtureSuite(DIR, "attention");

  @Test
  void manifestIsPresentAndNotEmpty() throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve("manifest.json")), "missing " + DIR.resolve("manifest.json"));
    assertTrue(SUITE.manifest().getAsJsonArray("cases").size() > 200, "too few attention cases");
  }

  @TestFactory
  Stream<DynamicTest> everyAttentionFixtureMatchesTensorFlow() throws IOException {
    return SUITE.cases();
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
