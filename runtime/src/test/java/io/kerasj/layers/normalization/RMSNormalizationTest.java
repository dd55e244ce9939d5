package io.kerasj.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.ReferenceChecks;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RMSNormalization against Keras' formula in double, {@code x · rsqrt(mean(x²) + ε) · scale}, the
 * scale multiplied as {@code ops.multiply} broadcasts it (against the trailing axes).
 */
class RMSNormalizationTest {
  private final Random random = new Random(5);

  /** rank-3 (b, s1, s2) input, statistics over {@code axes} (1, 2 or both), scale over the trailing axes. */
  private static double[] reference(float[] x, int b, int s1, int s2, boolean ax1, boolean ax2, float eps,
                                    float[] scale, int scaleLen) {
    double[] y = new double[x.length];
    for (int n = 0; n < b; n++) {
      for (int i = 0; i < s1; i++) {
        for (int j = 0; j < s2; j++) {
          double sq = 0;
          int count = 0;
          for (int i2 = 0; i2 < s1; i2++) {
            for (int j2 = 0; j2 < s2; j2++) {
              if ((ax1 || i2 == i) && (ax2 || j2 == j)) {
                double v = x[(n * s1 + i2) * s2 + j2];
                sq += v * v;
                count++;
              }
            }
          }
          int at = (n * s1 + i) * s2 + j;
          int trailing = scaleLen == s2 ? j : i * s2 + j;
          y[at] = x[at] / Math.sqrt(sq / count + eps) * scale[trailing];
        }
      }
    }
    return y;
  }

  @Test
  void lastAxisOnTheRowKernel() {
    float[] x = ReferenceChecks.gaussian(random, 3 * 4 * 9, 2.0);
    float[] scale = ReferenceChecks.gaussian(random, 9, 1.0);
    RMSNormalization l = new RMSNormalization("rms", 3, new int[] {2}, new int[] {9}, 1e-6f, scale, new int[] {9},
        new int[] {9});
    ReferenceChecks.close(reference(x, 3, 4, 9, false, true, 1e-6f, scale, 9), l.call(Tensor.of(x, 3, 4, 9)), 1e-6,
        "axis=-1");
    assertTrue(l.isStreamable());
  }

  @Test
  void epsilonDominatesSmallInputs() {
    float[] x = ReferenceChecks.gaussian(random, 2 * 3 * 5, 1e-3);
    float[] scale = ReferenceChecks.gaussian(random, 5, 1.0);
    RMSNormalization l = new RMSNormalization("rms", 3, new int[] {2}, new int[] {5}, 1e-2f, scale, new int[] {5},
        new int[] {5});
    ReferenceChecks.close(reference(x, 2, 3, 5, false, true, 1e-2f, scale, 5), l.call(Tensor.of(x, 2, 3, 5)), 1e-6,
        "epsilon 1e-2");
  }

  @Test
  void severalAxes() {
    float[] x = ReferenceChecks.gaussian(random, 2 * 4 * 3, 1.0);
    float[] scale = ReferenceChecks.gaussian(random, 12, 1.0);
    RMSNormalization l = new RMSNormalization("rms", 3, new int[] {1, 2}, new int[] {4, 3}, 1e-6f, scale,
        new int[] {4, 3}, new int[] {4, 3});
    ReferenceChecks.close(reference(x, 2, 4, 3, true, true, 1e-6f, scale, 12), l.call(Tensor.of(x, 2, 4, 3)), 1e-6,
        "axis=[1, 2]");
    assertFalse(l.isStreamable());
  }

  @Test
  void aScaleOverAnotherAxisMultipliesTheTrailingAxisAsKerasBroadcastsIt() {
    // axis=1 of (b, 6, 6): statistics over axis 1, scale (6,) along axis 2.
    float[] x = ReferenceChecks.gaussian(random, 2 * 6 * 6, 1.0);
    float[] scale = ReferenceChecks.gaussian(random, 6, 1.0);
    RMSNormalization l = new RMSNormalization("rms", 3, new int[] {1}, new int[] {6}, 1e-6f, scale, new int[] {6},
        new int[] {6});
    ReferenceChecks.close(reference(x, 2, 6, 6, true, false, 1e-6f, scale, 6), l.call(Tensor.of(x, 2, 6, 6)), 1e-6,
        "axis=1");
  }

  @Test
  void misShapedScaleAndInputsAreRefusedNamingThem() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new RMSNormalization("rms", 3,
        new int[] {2}, new int[] {5}, 1e-6f, new float[4], new int[] {5}, new int[] {5}));
    assertTrue(e.getMessage().contains("'rms'") && e.getMessage().contains("'scale'")
        && e.getMessage().contains("[5]"), e.getMessage());
    ShapeMismatchException b = assertThrows(ShapeMismatchException.class, () -> new RMSNormalization("rms", 3,
        new int[] {1}, new int[] {5}, 1e-6f, new float[5], new int[] {5}, new int[] {6}));
    assertTrue(b.getMessage().contains("does not broadcast"), b.getMessage());
    RMSNormalization l = new RMSNormalization("rms", 3, new int[] {2}, new int[] {5}, 1e-6f, new float[5],
        new int[] {5}, new int[] {5});
    InvalidInputException i = assertThrows(InvalidInputException.class, () -> l.call(Tensor.zeros(1, 2, 4)));
    assertTrue(i.getMessage().contains("'rms'"), i.getMessage());
  }
}
