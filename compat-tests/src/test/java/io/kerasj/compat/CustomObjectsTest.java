package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.rnn.LNSimpleRNNCell;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.loader.CellFactory;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A user-registered cell factory, written only against the public API, loads the notebook's model. */
class CustomObjectsTest {
  /** What a user would write for the notebook's cell, as the README shows. */
  static CellFactory userFactory(AtomicInteger calls) {
    return (config, weights, inputSize, ctx) -> {
      calls.incrementAndGet();
      LayerWeights s = weights.scope("simple_rnn_cell");
      int units = config.has("units") ? config.getInt("units") : s.peekShape("kernel")[1];
      Activation act = config.activation("activation", "tanh");
      SimpleRNNCell inner = new SimpleRNNCell("inner", inputSize, units, s.next("kernel", inputSize, units),
          s.next("recurrent_kernel", units, units), s.next("bias", units), Activation.LINEAR);
      LayerWeights n = weights.scope("layer_norm");
      LayerNormalization ln = new LayerNormalization("ln", n.next("gamma", units), n.next("beta", units));
      return new LNSimpleRNNCell(inner, ln, act);
    };
  }

  @Test
  void userFactoryLoadsEveryFormatOfTheCustomCellModel() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LoadOptions opts = LoadOptions.defaults()
        .withCustomObjects(CustomObjects.empty().withCell("LNSimpleRNNCell", userFactory(calls)));
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len100_small.npy"));
    String[][] files = {{"k2_full.h5", null, "k2"}, {"k2_model.json", "k2_weights.h5", "k2"},
        {"k3_model.json", "k3.weights.h5", "k3"}, {"k3.keras", null, "k3"}, {"k3_legacy.h5", null, "k3"}};
    for (String[] f : files) {
      var dir = CompatTest.FIXTURES.resolve("ln_rnn");
      Model m = f[1] == null ? KerasModels.load(dir.resolve(f[0]), opts)
          : KerasModels.load(dir.resolve(f[0]), dir.resolve(f[1]), opts);
      Tensor expected = Npy.read(dir.resolve("expected_" + f[2] + "_len100_small.npy"));
      assertTrue(maxAbs(m.predict(x), expected) <= CompatTest.TOLERANCE, f[0]);
    }
    assertEquals(2 * files.length, calls.get(), "the user's factory built every cell");
  }

  @Test
  void registeredNameWithPackagePrefixIsFound() throws Exception {
    // register_keras_serializable(package="Custom") writes "Custom>LNSimpleRNNCell".
    String json = Files.readString(CompatTest.FIXTURES.resolve("ln_rnn/k3_model.json"), StandardCharsets.UTF_8)
        .replace("\"registered_name\": \"LNSimpleRNNCell\"", "\"registered_name\": \"Custom>LNSimpleRNNCell\"");
    assertTrue(json.contains("Custom>LNSimpleRNNCell"));
    AtomicInteger calls = new AtomicInteger();
    Model m = KerasModels.load(json.getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(CompatTest.FIXTURES.resolve("ln_rnn/k3.weights.h5")),
        LoadOptions.defaults().withCustomObjects(CustomObjects.empty().withCell("Custom>LNSimpleRNNCell",
            userFactory(calls))));
    assertEquals(2, calls.get());
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len7_small.npy"));
    assertTrue(maxAbs(m.predict(x), Npy.read(CompatTest.FIXTURES.resolve("ln_rnn/expected_k3_len7_small.npy")))
        <= CompatTest.TOLERANCE);
  }

  @Test
  void missingUnitsAreInferredFromTheWeights() throws Exception {
    // Files written without automatic config capture hold no "units" for the custom cell.
    String json = Files.readString(CompatTest.FIXTURES.resolve("ln_rnn/k2_model.json"), StandardCharsets.UTF_8)
        .replace(", \"units\": 20}", "}");
    assertTrue(!json.contains("\"units\": 20}"), "units removed");
    Model m = KerasModels.load(json.getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(CompatTest.FIXTURES.resolve("ln_rnn/k2_weights.h5")), LoadOptions.defaults());
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len100_large.npy"));
    assertTrue(maxAbs(m.predict(x), Npy.read(CompatTest.FIXTURES.resolve("ln_rnn/expected_k2_len100_large.npy")))
        <= CompatTest.TOLERANCE);
  }

  @Test
  void unknownOptionOnTheCustomCellIsRefused() throws Exception {
    String json = Files.readString(CompatTest.FIXTURES.resolve("ln_rnn/k3_model.json"), StandardCharsets.UTF_8)
        .replaceFirst("\"units\": 20,", "\"units\": 20, \"use_layer_norm\": false,");
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(
        json.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(CompatTest.FIXTURES.resolve("ln_rnn/k3.weights.h5")),
        LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("use_layer_norm"), e.getMessage());
  }

  static double maxAbs(Tensor a, Tensor b) {
    assertEquals(java.util.Arrays.toString(b.shape()), java.util.Arrays.toString(a.shape()));
    double m = 0;
    for (int i = 0; i < a.size(); i++) {
      m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
    }
    return m;
  }
}
