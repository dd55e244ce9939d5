package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Where the whole-model benchmarks find their models and inputs, so that kerasj, TensorFlow and
 * ONNX Runtime read the same files: {@code -Dkerasj.fixtures} (default: the compat-tests fixtures,
 * relative to the repository root) and {@code -Dkerasj.bench.work} (written by {@code
 * jmh/peers/run.sh}: {@code lstm512.keras} and {@code inputs/<model>_b<batch>_t<steps>.npy}).
 * Without the work directory, inputs are drawn here and {@code lstm512} gets random weights.
 */
final class Bench {
  private Bench() {}

  static Path fixtures() {
    String p = System.getProperty("kerasj.fixtures");
    if (p != null) {
      return Path.of(p);
    }
    for (String c : new String[] {"compat-tests/src/test/resources/fixtures", "../compat-tests/src/test/resources/fixtures"}) {
      if (Files.isDirectory(Path.of(c))) {
        return Path.of(c);
      }
    }
    throw new IllegalStateException("fixtures not found: run from the repository root or set -Dkerasj.fixtures");
  }

  static Path work() {
    return Path.of(System.getProperty("kerasj.bench.work", "jmh/target/bench-work"));
  }

  static int features(String model) {
    return model.equals("lstm512") ? 128 : 1;
  }

  static Model model(String name) {
    try {
      if (name.equals("lstm512")) {
        Path p = work().resolve("lstm512.keras");
        return Files.exists(p) ? KerasModels.load(p) : lstm512(new Random(512));
      }
      return KerasModels.load(fixtures().resolve(name).resolve("k3.keras"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Tensor input(String model, int batch, int steps) {
    Path p = work().resolve("inputs").resolve(model + "_b" + batch + "_t" + steps + ".npy");
    try {
      if (Files.exists(p)) {
        return Npy.read(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int f = features(model);
    Random rnd = new Random(1000 + batch * 7L + steps);
    float[] x = new float[batch * steps * f];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat() * 2f - 1f;
    }
    return Tensor.of(x, batch, steps, f);
  }

  private static Model lstm512(Random rnd) {
    int in = 128;
    int u = 512;
    LSTMCell cell = new LSTMCell("lstm", in, u, Weights.uniform(rnd, in * 4 * u, in + 4 * u),
        Weights.uniform(rnd, u * 4 * u, 5 * u), Weights.around(rnd, 4 * u, 0f, 0.3f),
        Activation.TANH, Activation.SIGMOID);
    return new Model("lstm512", new int[] {-1, -1, in}, List.of(new RNN("lstm", "LSTM", cell, false, false, false)));
  }
}
