package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The RNN driver's Java API beyond Sequential predict: initial states in, output and final states
 * out, against TensorFlow running the same layer with {@code return_state=True} and
 * {@code initial_state=[...]}.
 */
class StateApiTest {
  @TestFactory
  Stream<DynamicTest> initialAndFinalStatesMatchTensorFlow() throws Exception {
    JsonObject api = CompatTest.manifest().getAsJsonObject("state_api");
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve(api.get("x").getAsString()));
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, com.google.gson.JsonElement> k : api.getAsJsonObject("kinds").entrySet()) {
      JsonObject kind = k.getValue().getAsJsonObject();
      for (String producer : List.of("k2", "k3")) {
        String fileKey = producer.equals("k2") ? "k2_full" : "k3_keras";
        String name = k.getKey() + " / " + fileKey;
        tests.add(DynamicTest.dynamicTest(name, () -> {
          Model m = KerasModels.load(CompatTest.FIXTURES.resolve(kind.getAsJsonObject("files").get(fileKey).getAsString()));
          RNN rnn = (RNN) m.layers().get(0);
          List<Tensor> init = new ArrayList<>();
          init.add(Npy.read(CompatTest.FIXTURES.resolve(kind.get("h0").getAsString())));
          if (kind.has("c0")) {
            init.add(Npy.read(CompatTest.FIXTURES.resolve(kind.get("c0").getAsString())));
          }
          RNN.Result r = rnn.run(x, init.toArray(new Tensor[0]));
          check(name + " output", r.output(), read(kind, producer + "_out"));
          assertEquals(init.size(), r.states().size(), "state count");
          for (int i = 0; i < init.size(); i++) {
            check(name + " state " + i, r.states().get(i), read(kind, producer + "_state" + i));
          }
        }));
      }
    }
    return tests.stream();
  }

  private static Tensor read(JsonObject kind, String key) throws java.io.IOException {
    return Npy.read(CompatTest.FIXTURES.resolve(kind.get(key).getAsString()));
  }

  private static void check(String what, Tensor actual, Tensor expected) {
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double max = 0;
    for (int i = 0; i < actual.size(); i++) {
      max = Math.max(max, Math.abs((double) actual.data()[i] - expected.data()[i]));
    }
    assertTrue(max <= CompatTest.TOLERANCE, what + ": max |java - tf| = " + max);
  }

}
