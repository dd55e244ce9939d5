package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.TestVectorException;
import io.kerasj.loader.VerificationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Test vectors for models with several inputs and outputs, built from TensorFlow's recorded
 * outputs (fixtures_semantics): inputs matched by Input-layer name, outputs in model order.
 */
class MultiIoVectorTest {
  static final Path SEM = SemanticsCompatTest.DIR;

  @Test
  void namedInputsAndSeveralOutputsVerify() throws Exception {
    Model multiIn = KerasModels.load(SEM.resolve("func_multi_input/k3.keras"));
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("b", Npy.read(SEM.resolve("inputs/seq3_b3_small_len7.npy"))); // out of order on purpose
    in.put("a", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy")));
    Map<String, Tensor> out = Map.of("dense", Npy.read(SEM.resolve("func_multi_input/expected_k3_small_len7_0.npy")));
    VerificationResult r = TestVector.of(in, out, "TensorFlow fixture").verify(multiIn, 1e-5, 1e-5);
    assertTrue(r.passed(), r.table());

    Model multiOut = KerasModels.load(SEM.resolve("func_multi_output/k2_full.h5"));
    Map<String, Tensor> outs = new LinkedHashMap<>();
    outs.put("seq_head", Npy.read(SEM.resolve("func_multi_output/expected_k2_small_len7_0.npy")));
    outs.put("pool_head", Npy.read(SEM.resolve("func_multi_output/expected_k2_small_len7_1.npy")));
    TestVector v = TestVector.of(Map.of("x", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy"))), outs, "tf");
    VerificationResult ok = v.verify(multiOut, 1e-5, 1e-5);
    assertTrue(ok.passed(), ok.table());
    assertEquals(2, ok.outputs().size());

    // Swapped expectations must fail: outputs are matched by model order, not by luck.
    Map<String, Tensor> swapped = new LinkedHashMap<>();
    swapped.put("pool_head", outs.get("pool_head"));
    swapped.put("seq_head", outs.get("seq_head"));
    TestVector wrongOrder = TestVector.of(Map.of("x", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy"))),
        swapped, "tf");
    TestVectorException e = assertThrows(TestVectorException.class, () -> wrongOrder.verify(multiOut, 1e-5, 1e-5));
    assertTrue(e.getMessage().contains("'pool_head'") && e.getMessage().contains("(3, 7, 2)"), e.getMessage());
  }

  @Test
  void wrongInputCountNamesBoth() throws Exception {
    Model multiIn = KerasModels.load(SEM.resolve("func_multi_input/k3.keras"));
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.of(
        Map.of("a", Npy.read(SEM.resolve("inputs/seq2_b3_small_len7.npy"))),
        Map.of("y", Tensor.zeros(3, 2)), "x").verify(multiIn, 1e-5, 1e-5));
    assertTrue(e.getMessage().contains("1 inputs") && e.getMessage().contains("['a', 'b']"), e.getMessage());
    assertFalse(e.getMessage().isEmpty());
  }
}
