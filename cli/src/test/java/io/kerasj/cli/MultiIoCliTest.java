package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import io.kerasj.loader.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code predict} contract for models with several inputs or outputs, on TensorFlow fixtures:
 * {@code --input X.npz} by Input-layer names or {@code input_i}; {@code --output Y.npz} with
 * {@code output_i} in {@code model.outputs} order.
 */
class MultiIoCliTest {
  static final Path SEM = Path.of("../compat-tests/src/test/resources/fixtures_semantics");

  static double maxAbs(Tensor a, Tensor b) {
    assertEquals(java.util.Arrays.toString(b.shape()), java.util.Arrays.toString(a.shape()));
    double m = 0;
    for (int i = 0; i < a.size(); i++) {
      m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
    }
    return m;
  }

  @Test
  void twoOutputsGoToAnNpzInModelOrder(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("x.npz");
    Npz.of(Map.of("x", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy"))), Map.of()).write(in);
    Path out = dir.resolve("y.npz");
    MainTest.Result r = MainTest.run("predict", SEM.resolve("func_multi_output/k3.keras").toString(),
        "--input", in.toString(), "--output", out.toString());
    assertEquals(0, r.status, r.err);
    Map<String, Tensor> y = Npz.read(out).arrays();
    assertEquals(java.util.Set.of("output_0", "output_1"), y.keySet());
    assertTrue(maxAbs(y.get("output_0"), Npy.read(SEM.resolve("func_multi_output/expected_k3_small_len7_0.npy"))) <= 1e-5);
    assertTrue(maxAbs(y.get("output_1"), Npy.read(SEM.resolve("func_multi_output/expected_k3_small_len7_1.npy"))) <= 1e-5);
  }

  @Test
  void inputsByPositionAndErrorsNameTheInputs(@TempDir Path dir) throws Exception {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("input_0", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy")));
    arrays.put("input_1", Npy.read(SEM.resolve("inputs/seq3_b3_small_len7.npy")));
    Path in = dir.resolve("ab.npz");
    Npz.of(arrays, Map.of()).write(in);
    Path out = dir.resolve("y.npz");
    String model = SEM.resolve("func_multi_input/k2_full.h5").toString();
    MainTest.Result r = MainTest.run("predict", model, "--input", in.toString(), "--output", out.toString());
    assertEquals(0, r.status, r.err);
    assertTrue(maxAbs(Npz.read(out).arrays().get("output_0"),
        Npy.read(SEM.resolve("func_multi_input/expected_k2_small_len7_0.npy"))) <= 1e-5);
    Path wrong = dir.resolve("wrong.npz");
    Npz.of(Map.of("a", arrays.get("input_0")), Map.of()).write(wrong);
    MainTest.Result bad = MainTest.run("predict", model, "--input", wrong.toString(), "--output", out.toString());
    assertEquals(1, bad.status);
    assertTrue(bad.err.contains("'b'") && bad.err.contains("input_1"), bad.err);
    assertTrue(Files.exists(out));
  }
}
