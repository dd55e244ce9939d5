package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code summary()} of loaded files against Keras: the layer names, output shapes, parameter
 * counts and totals in the summary tf-keras printed for the same model (captured by the
 * generator), and, for the notebook's {@code lstm} model, the notebook's own printed text.
 */
class SummaryCompatTest {
  // " lstm (LSTM)                 (None, None, 20)          1760      " (tf-keras 2.21 layout)
  static final Pattern TF_ROW = Pattern.compile("^ ?(\\S+) \\(\\S*\\s+(\\([^)]*\\))\\s+(\\d+)\\s*$");
  static final Pattern TOTAL = Pattern.compile("^(Total|Trainable|Non-trainable) params: ([\\d,]+)");

  static List<String> rows(String summary) {
    List<String> out = new ArrayList<>();
    for (String line : summary.split("\n")) {
      Matcher m = TF_ROW.matcher(line);
      if (m.matches()) {
        out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
      }
      Matcher t = TOTAL.matcher(line);
      if (t.find()) {
        out.add(t.group(1) + " " + t.group(2).replace(",", ""));
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"lstm, k2_full.h5", "lstm, k3.keras", "lstm, k2_model.json", "lstm_cell, k2_full.h5",
      "lstm_cell, k3_legacy.h5", "ln_rnn, k2_full.h5", "ln_rnn, k3.keras"})
  void layersShapesAndCountsMatchKeras(String model, String file) throws Exception {
    Path dir = CompatTest.FIXTURES.resolve(model);
    Model m = file.endsWith(".json") ? KerasModels.load(dir.resolve(file), dir.resolve("k2_weights.h5"))
        : KerasModels.load(dir.resolve(file));
    Path tf = dir.resolve("k2_summary.txt");
    List<String> expected = rows(Files.readString(tf, StandardCharsets.UTF_8));
    assertFalse(expected.isEmpty(), "parsed no rows from " + tf);
    assertEquals(expected, rows(m.summary()));
  }

  @ParameterizedTest
  @CsvSource({"k2_full.h5", "k3.keras", "k3_legacy.h5"})
  void lstmSummaryIsTheNotebooks(String file) throws Exception {
    // The fixture keeps the notebook's names (sequential, lstm, lstm_1, time_distributed).
    Model m = KerasModels.load(CompatTest.FIXTURES.resolve("lstm").resolve(file));
    String notebook = Files.readString(Path.of("../runtime/src/test/resources/notebook_summary_lstm.txt"),
        StandardCharsets.UTF_8);
    String ours = m.summary().lines().filter(l -> !l.matches("=+")).collect(Collectors.joining("\n", "", "\n"));
    assertEquals(notebook, ours);
  }
}
