package io.kerasj;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.TimeDistributed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code summary()} against the notebook's own {@code model.summary()} output (tf.keras 2.x),
 * copied from the chapter-15 notebook. The notebook's copy lost the "====" rule lines (its
 * Markdown conversion read them as headings), so they are dropped before comparing.
 */
class SummaryTest {
  static String resource(String name) throws IOException {
    try (InputStream in = SummaryTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String withoutRules(String s) {
    return s.lines().filter(l -> !l.matches("=+")).collect(Collectors.joining("\n", "", "\n"));
  }

  static RNN lstmLayer(String name, String kerasClass, int in) {
    int u = 20;
    return new RNN(name, kerasClass, new LSTMCell(name, in, u, new float[in * 4 * u], new float[u * 4 * u],
        new float[4 * u], Activation.TANH, Activation.SIGMOID), true, false, false);
  }

  static Model notebookModel(String name, String kerasClass, String l1, String l2, String td) {
    List<Layer> layers = List.of(lstmLayer(l1, kerasClass, 1), lstmLayer(l2, kerasClass, 20),
        new TimeDistributed(td, new Dense("dense", 20, 10, new float[200], new float[10], Activation.LINEAR)));
    return new Model(name, new int[] {-1, -1, 1}, layers);
  }

  @Test
  void lstmSummaryMatchesTheNotebook() throws IOException {
    Model m = notebookModel("sequential", "LSTM", "lstm", "lstm_1", "time_distributed");
    assertEquals(resource("notebook_summary_lstm.txt"), withoutRules(m.summary()));
    assertEquals(5250, m.trainableParams());
  }

  @Test
  void lstmCellSummaryMatchesTheNotebook() throws IOException {
    Model m = notebookModel("sequential_1", "RNN", "rnn_1", "rnn_2", "time_distributed_1");
    assertEquals(resource("notebook_summary_lstm_cell.txt"), withoutRules(m.summary()));
  }

  @Test
  void rulesAreWhereTfKerasPrintsThem() {
    String[] lines = notebookModel("sequential", "LSTM", "lstm", "lstm_1", "time_distributed").summary().split("\n");
    assertEquals("=".repeat(65), lines[3]);
    assertEquals("=".repeat(65), lines[9]);
    assertEquals("Total params: 5,250", lines[10]);
  }
}
