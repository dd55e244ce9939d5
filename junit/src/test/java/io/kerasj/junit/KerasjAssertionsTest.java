package io.kerasj.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.core.Dense;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.TestVectorException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class KerasjAssertionsTest {
  @TempDir
  Path tmp;

  static Model model(float w) {
    return new Model("m", new int[] {-1, -1, 1},
        List.of(new Dense("d", 1, 2, new float[] {w, -0.5f}, new float[] {0.1f, 0f}, Activation.SIGMOID)));
  }

  @Test
  void passesAndFailsWithTheWorstElement() throws Exception {
    Tensor x = Tensor.of(new float[] {0f, 1f, 2f, 3f, -1f, -2f}, 2, 3, 1);
    Path v = tmp.resolve("v.npz");
    TestVector.of(Map.of("x", x), Map.of("d", model(0.5f).predict(x)), "fixed").write(v);
    assertTrue(KerasjAssertions.assertMatchesTestVector(model(0.5f), v).passed());
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> KerasjAssertions.assertMatchesTestVector(model(0.51f), v));
    assertTrue(e.getMessage().contains("worst element of output 'd' at (batch, time, feature) ("), e.getMessage());
    assertTrue(e.getMessage().contains("FAIL"), e.getMessage());
    assertTrue(e.isExpectedDefined() && e.isActualDefined());
    assertTrue(e.getExpected().getValue() instanceof Float);
  }

  @Test
  void shapeMismatchIsTheLoadersMessage() throws Exception {
    Tensor x = Tensor.of(new float[4], 1, 2, 2);
    Path v = tmp.resolve("v.npz");
    TestVector.of(Map.of("seq", x), Map.of("d", Tensor.of(new float[4], 1, 2, 2)), null).write(v);
    TestVectorException e = assertThrows(TestVectorException.class,
        () -> KerasjAssertions.assertMatchesTestVector(model(0.5f), v));
    assertTrue(e.getMessage().contains("input 'seq' has shape (1, 2, 2)"), e.getMessage());
  }
}
