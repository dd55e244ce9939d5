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
 * jmh/peers/run.sh}: {@code lstm512.keras}, {@code transformer.keras}, {@code encdec.keras} and
 * {@code inputs/<model>_b<batch>_t<steps>[_<i>].npy}). Without the work directory, inputs are drawn
 * here and {@code lstm512} gets random weights.
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
    return model.equals("lstm512") || model.equals("transformer") ? 128 : 1;
  }

  /**
   * The notebook models from the fixtures; the generated ones ({@code lstm512}, the attention
   * models {@code transformer} and {@code encdec}) from the work directory, which {@code
   * jmh/peers/run.sh} fills. Only {@code lstm512} has a stand-in (random weights) without it.
   */
  static Model model(String name) {
    try {
      Path p = work().resolve(name + ".keras");
      if (Files.exists(p)) {
        return KerasModels.load(p);
      }
      if (name.equals("lstm512")) {
        return lstm512(new Random(512));
      }
      if (name.equals("transformer") || name.equals("encdec")) {
        throw new IllegalStateException(p + " not found: run jmh/peers/run.sh --attention (or export_onnx.py "
            + "WORKDIR --attention) first, with -Dkerasj.bench.work=WORKDIR");
      }
      return KerasModels.load(fixtures().resolve(name).resolve("k3.keras"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inputs of a case in the model's input order: {@code <case>_0.npy, <case>_1.npy, ...} or the one {@link #input}. */
  static Tensor[] inputs(String model, int batch, int steps) {
    List<Tensor> xs = new java.util.ArrayList<>();
    try {
      for (int i = 0; ; i++) {
        Path p = work().resolve("inputs").resolve(model + "_b" + batch + "_t" + steps + "_" + i + ".npy");
        if (!Files.exists(p)) {
          break;
        }
        xs.add(Npy.read(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return xs.isEmpty() ? new Tensor[] {input(model, batch, steps)} : xs.toArray(new Tensor[0]);
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
