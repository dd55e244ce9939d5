package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.normalization.SpectralNormalization;
import org.junit.jupiter.api.Test;

/**
 * SpectralNormalization at inference is its wrapped layer with the stored kernel (both Kerases
 * normalize only when training); {@code ImageLayersCompatTest} checks that against TensorFlow.
 */
class SpectralNormalizationTest {
  @Test
  void inferenceIsTheWrappedLayerWithItsKernelAsStored() {
    // Kernel [[1, 2], [3, 4]] has spectral norm ≈ 5.46; the output is x·W + b, not x·W/σ + b.
    Dense dense = new Dense("d", 2, 2, new float[] {1, 2, 3, 4}, new float[] {0.5f, -1}, null);
    SpectralNormalization sn = new SpectralNormalization("sn", dense, 1, 2);
    Tensor y = sn.call(Tensor.of(new float[] {1, 1}, 1, 2));
    assertArrayEquals(new float[] {4.5f, 5}, y.data());
    assertArrayEquals(new int[] {-1, 7, 2}, sn.outputShape(new int[] {-1, 7, 2}));
    assertEquals("SpectralNormalization", sn.kerasClass());
    assertEquals(6, sn.trainableParams());
    assertEquals(2, sn.nonTrainableParams()); // vector_u, as Keras counts it
    assertTrue(!sn.supportsMasking());
  }

  @Test
  void nonsenseArgumentsAreRefused() {
    Dense dense = new Dense("d", 2, 2, new float[4], null, null);
    assertThrows(IllegalArgumentException.class, () -> new SpectralNormalization("sn", null, 1, 2));
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> new SpectralNormalization("sn", dense, 0, 2));
    assertTrue(e.getMessage().contains("'sn'") && e.getMessage().contains("power_iterations"), e.getMessage());
  }
}
