package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The convolution layers (1-D and 2-D: plain with groups, depthwise, separable, transposed; 3-D:
 * plain with groups, transposed, keras.io's CT-scan classifier at a small size; both data formats) against
 * TensorFlow: the fixtures of {@code
 * compat-tests/python/generate_conv_fixtures.py}, every model in every format tf-keras and Keras 3
 * write, at batch 1 and 3; and ConvLSTM1D/ConvLSTM2D, whose fixtures ({@code --sections convlstm} of
 * the same script) are in {@code fixtures_convlstm}. Rows go to the compat report's "convolution"
 * suite.
 */
class ConvCompatTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.convFixtures", "src/test/resources/fixtures_conv"));
  static final Path LSTM_DIR = Path.of(System.getProperty("kerasj.convLstmFixtures",
      "src/test/resources/fixtures_convlstm"));
  private static final FixtureSuite CASES = new FixtureSuite(DIR, "convolution");
  private static final FixtureSuite LSTM_CASES = new FixtureSuite(LSTM_DIR, "convolution");

  @Test
  void everyConvolutionLayerIsCoveredInEveryFormat() throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve("manifest.json")), "missing " + DIR.resolve("manifest.json"));
    Set<String> formats = new TreeSet<>();
    Set<String> models = new TreeSet<>();
    for (JsonElement e : CASES.manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      formats.add(c.get("format").getAsString());
      models.add(c.get("model").getAsString());
    }
    assertTrue(formats.containsAll(CompatTest.FORMATS), "formats: " + formats);
    for (String prefix : new String[] {"conv2d_", "conv1d_cf", "conv3d_", "dw2d_", "dw1d_", "sep2d_", "sep1d_",
        "t3d_", "t2d_", "t1d_"}) {
      assertTrue(models.stream().anyMatch(m -> m.startsWith(prefix)), "no fixture for " + prefix + ": " + models);
    }
    for (String m : new String[] {"conv3d_default", "conv3d_cf", "conv3d_groups3", "conv3d_lora",
        "conv3d_ct_scan_small", "conv3d_bn_relu", "t3d_cf", "t3d_dil2_same", "conv3d_autoencoder"}) {
      assertTrue(models.contains(m), "no fixture " + m + ": " + models);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyConvolutionFixtureMatchesTensorFlow() throws IOException {
    return CASES.cases();
  }

  @Test
  void convLstmIsCoveredInEveryFormatAndBothDataFormats() throws IOException {
    Set<String> formats = new TreeSet<>();
    Set<String> models = new TreeSet<>();
    for (JsonElement e : LSTM_CASES.manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      formats.add(c.get("format").getAsString());
      models.add(c.get("model").getAsString());
    }
    assertTrue(formats.containsAll(CompatTest.FORMATS), "formats: " + formats);
    for (String m : new String[] {"convlstm1d_default", "convlstm1d_cf", "convlstm2d_default", "convlstm2d_cf"}) {
      assertTrue(models.contains(m), "no fixture " + m + ": " + models);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyConvLstmFixtureMatchesTensorFlow() throws IOException {
    return LSTM_CASES.cases();
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
