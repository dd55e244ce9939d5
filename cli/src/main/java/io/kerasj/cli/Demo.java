package io.kerasj.cli;

import io.kerasj.loader.Npy;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The {@code demo} command: loads the example models shipped in the jar (copies of compat-tests
 * fixtures: the notebook's LSTM and GRU models and the custom {@code LNSimpleRNNCell} model), prints
 * each summary, and prints a prediction beside the output TensorFlow computed for the same input.
 *
 * <p>It needs no files, so it shows on a fresh machine that the jar works end to end.
 */
final class Demo {
  /** Larger differences mean the runtime is wrong, not float32 rounding; the demo then fails. */
  private static final double TOLERANCE = 1e-5;

  private Demo() {}

  /** One example: a model resource, the Keras version and format that wrote it, TensorFlow's output. */
  private static final class Example {
    final String model;
    final String writtenBy;
    final String expected;

    Example(String model, String writtenBy, String expected) {
      this.model = model;
      this.writtenBy = writtenBy;
      this.expected = expected;
    }
  }

  private static final List<Example> EXAMPLES = List.of(
      new Example("lstm.keras", "Keras 3, .keras archive", "lstm_expected.npy"),
      new Example("gru.h5", "tf.keras 2, full-model HDF5", "gru_expected.npy"),
      new Example("ln_rnn.keras", "Keras 3, .keras archive, custom LNSimpleRNNCell", "ln_rnn_expected.npy"));

  /** Runs the demo; {@link Main#FAILED} if a prediction differs from TensorFlow's beyond float32 rounding. */
  static int run(PrintStream out) throws IOException {
    Tensor x = Npy.read("demo/input.npy", resource("input.npy"));
    int failures = 0;
    for (Example ex : EXAMPLES) {
      Model model;
      try (InputStream in = stream(ex.model)) {
        model = KerasModels.load(in);
      }
      Tensor expected = Npy.read("demo/" + ex.expected, resource(ex.expected));
      out.println("== " + ex.model + " (" + ex.writtenBy + ")");
      out.print(model.summary());
      Tensor y = model.predict(x);
      out.println("input " + Model.formatShape(x.shape()) + " -> output " + Model.formatShape(y.shape()));
      double maxDiff = maxAbsDiff(ex.model, y, expected);
      int width = y.dim(-1);
      int lastRow = y.size() / width - 1;
      out.println("last output row, kerasj:     " + row(y, lastRow, width));
      out.println("last output row, TensorFlow: " + row(expected, lastRow, width));
      out.println(String.format(Locale.ROOT, "max |kerasj - TensorFlow| over %d values: %.3g%s%n", y.size(), maxDiff,
          maxDiff <= TOLERANCE ? "" : "  ** above " + TOLERANCE + " **"));
      if (!(maxDiff <= TOLERANCE)) {
        failures++;
      }
    }
    out.flush();
    if (failures > 0) {
      throw new KerasjException(failures + " demo model(s) differ from TensorFlow by more than " + TOLERANCE);
    }
    return Main.OK;
  }

  private static double maxAbsDiff(String name, Tensor y, Tensor expected) {
    if (!java.util.Arrays.equals(y.shape(), expected.shape())) {
      throw new KerasjException("demo " + name + ": output shape " + Model.formatShape(y.shape())
          + " differs from TensorFlow's " + Model.formatShape(expected.shape()));
    }
    double m = 0;
    for (int i = 0; i < y.size(); i++) {
      double d = Math.abs((double) y.data()[i] - expected.data()[i]);
      // NaN must count as a failure, and Math.max keeps NaN.
      m = Math.max(m, Double.isNaN(d) ? Double.NaN : d);
    }
    return m;
  }

  private static String row(Tensor t, int row, int width) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(width, 5);
    for (int j = 0; j < shown; j++) {
      sb.append(String.format(Locale.ROOT, "%11.7f", t.data()[row * width + j]));
    }
    return sb.append(shown < width ? " ..." : "").toString();
  }

  private static InputStream stream(String name) throws IOException {
    InputStream in = Demo.class.getResourceAsStream("demo/" + name);
    if (in == null) {
      throw new IOException("demo resource " + name + " is missing from the jar");
    }
    return in;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    }
  }
}
