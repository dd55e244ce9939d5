package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.TestVectorException;
import io.kerasj.loader.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadOptions#withTestVector} and {@link LoadOptions#withSidecarTestVector()} with the
 * TensorFlow fixtures as the recorded outputs (no Python needed).
 */
class LoadTimeVectorCheckTest {
  @TempDir
  Path tmp;

  Path vector(String name, Tensor expected) throws Exception {
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len100_small.npy"));
    Path v = tmp.resolve(name);
    TestVector.of(Map.of("input_layer", x), Map.of("time_distributed", expected), "fixture len100_small").write(v);
    return v;
  }

  @Test
  void sidecarAndExplicitVectors() throws Exception {
    Path model = tmp.resolve("lstm.keras");
    Files.copy(CompatTest.FIXTURES.resolve("lstm/k3.keras"), model);
    Tensor tf = Npy.read(CompatTest.FIXTURES.resolve("lstm/expected_k3_len100_small.npy"));

    TestVectorException missing = assertThrows(TestVectorException.class,
        () -> KerasModels.load(model, LoadOptions.defaults().withSidecarTestVector()));
    assertTrue(missing.getMessage().contains("lstm.keras.vectors.npz"), missing.getMessage());

    Files.move(vector("v.npz", tf), TestVector.sidecarOf(model));
    Model m = KerasModels.load(model, LoadOptions.defaults().withSidecarTestVector());
    assertNotNull(m);

    float[] bad = tf.data().clone();
    bad[(2 * 100 + 41) * 10 + 3] += 1e-3f;
    Path badVector = vector("bad.npz", Tensor.of(bad, tf.shape()));
    VerificationException e = assertThrows(VerificationException.class,
        () -> KerasModels.load(model, LoadOptions.defaults().withTestVector(badVector)));
    assertTrue(e.getMessage().contains("(2, 41, 3)"), e.getMessage());
    assertTrue(e.result().outputs().get(0).time() == 41);
    // A looser tolerance accepts it; bytes are checked against an explicit vector too.
    KerasModels.load(model, LoadOptions.defaults().withTestVector(badVector).withTestVectorTolerance(2e-3, 0));
    byte[] bytes = Files.readAllBytes(model);
    assertThrows(VerificationException.class,
        () -> KerasModels.load(bytes, LoadOptions.defaults().withTestVector(badVector)));
    assertThrows(TestVectorException.class,
        () -> KerasModels.load(bytes, LoadOptions.defaults().withSidecarTestVector()));
  }
}
