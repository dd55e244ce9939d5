package io.kerasj.layers;

import static io.kerasj.layers.ReferenceChecks.close;
import static io.kerasj.layers.SequenceLayersReferenceTest.rand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.activations.Softmax;
import io.kerasj.layers.normalization.BatchNormalization;
import io.kerasj.layers.normalization.LayerNormalization;
import org.junit.jupiter.api.Test;

/**
 * LayerNormalization, BatchNormalization and Softmax over any set of axes against a reference that
 * decodes every flat index into coordinates and groups by the coordinates off the axes: no stride
 * tables, no contiguity shortcuts. This checks the grouping and the weight layout (row-major over
 * the axes in ascending order); agreement with TensorFlow is the compat-tests module's job.
 */
class AxisLayersReferenceTest {
  private static final int[][] SHAPES = {{3, 5, 4}, {2, 3, 4, 2}, {3, 4}};

  /** The coordinates of flat index {@code i}. */
  private static int[] coords(int[] shape, int i) {
    int[] c = new int[shape.length];
    for (int a = shape.length - 1; a >= 0; a--) {
      c[a] = i % shape[a];
      i /= shape[a];
    }
    return c;
  }

  /** Row-major index of {@code c} restricted to {@code axes} ({@code on}) or to the other axes. */
  private static int key(int[] shape, int[] c, boolean[] on, boolean selected) {
    int k = 0;
    for (int a = 0; a < shape.length; a++) {
      if (on[a] == selected) {
        k = k * shape[a] + c[a];
      }
    }
    return k;
  }

  private static boolean[] mask(int rank, int[] axes) {
    boolean[] on = new boolean[rank];
    for (int a : axes) {
      on[a] = true;
    }
    return on;
  }

  private static int size(int[] shape, int[] axes) {
    int n = 1;
    for (int a : axes) {
      n *= shape[a];
    }
    return n;
  }

  private static int total(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static int[] sizes(int[] shape, int[] axes) {
    int[] s = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      s[i] = shape[axes[i]];
    }
    return s;
  }

  /** Every non-empty ascending subset of the axes of a rank-{@code rank} input. */
  private static int[][] subsets(int rank) {
    int[][] r = new int[(1 << rank) - 1][];
    for (int m = 1; m < 1 << rank; m++) {
      int[] s = new int[Integer.bitCount(m)];
      for (int a = 0, k = 0; a < rank; a++) {
        if ((m & (1 << a)) != 0) {
          s[k++] = a;
        }
      }
      r[m - 1] = s;
    }
    return r;
  }

  static double[] layerNormRef(float[] x, int[] shape, int[] axes, float[] gamma, float[] beta, double eps,
                               boolean rms) {
    boolean[] on = mask(shape.length, axes);
    int groups = x.length / size(shape, axes);
    double[] sum = new double[groups];
    double[] n = new double[groups];
    for (int i = 0; i < x.length; i++) {
      int g = key(shape, coords(shape, i), on, false);
      sum[g] += x[i];
      n[g]++;
    }
    double[] sq = new double[groups];
    for (int i = 0; i < x.length; i++) {
      int g = key(shape, coords(shape, i), on, false);
      double d = x[i] - sum[g] / n[g];
      sq[g] += d * d;
    }
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int[] c = coords(shape, i);
      int g = key(shape, c, on, false);
      int k = key(shape, c, on, true);
      double v = ((rms ? x[i] : x[i] - sum[g] / n[g])) / Math.sqrt(sq[g] / n[g] + eps);
      y[i] = v * (gamma == null ? 1 : gamma[k]) + (beta == null || rms ? 0 : beta[k]);
    }
    return y;
  }

  @Test
  void layerNormalizationOverEverySetOfAxes() {
    for (int[] shape : SHAPES) {
      float[] x = rand(total(shape), 3);
      for (int[] axes : subsets(shape.length)) {
        int n = size(shape, axes);
        float[] gamma = rand(n, 2);
        float[] beta = rand(n, 1);
        for (boolean rms : new boolean[] {false, true}) {
          LayerNormalization ln = new LayerNormalization("ln", shape.length, axes, sizes(shape, axes), 1e-3f, gamma,
              rms ? null : beta, rms);
          close(layerNormRef(x, shape, axes, gamma, rms ? null : beta, 1e-3f, rms), ln.call(Tensor.of(x, shape)), 1e-6,
              "layer norm " + java.util.Arrays.toString(shape) + " axes " + java.util.Arrays.toString(axes)
                  + (rms ? " rms" : ""));
        }
      }
    }
  }

  @Test
  void layerNormalizationWithoutWeightsTakesAnySizeAndNoAxes() {
    int[] shape = {2, 3, 4};
    float[] x = rand(24, 2);
    LayerNormalization any = new LayerNormalization("ln", 3, new int[] {1}, new int[] {-1}, 1e-3f, null, null, false);
    close(layerNormRef(x, shape, new int[] {1}, null, null, 1e-3f, false), any.call(Tensor.of(x, shape)), 1e-6,
        "unknown size");
    assertEquals(-1, any.size());
    // Keras 3 axis=[]: each value is its own group, so the output is beta.
    LayerNormalization none = new LayerNormalization("ln", 3, new int[0], new int[0], 1e-3f, new float[] {2f},
        new float[] {0.25f}, false);
    for (float v : none.call(Tensor.of(x, shape)).data()) {
      assertEquals(0.25f, v, 1e-6f);
    }
  }

  @Test
  void layerNormalizationChecksItsInputAndStreamsOnlyWithoutTheTimeAxis() {
    LayerNormalization ln = new LayerNormalization("ln", 3, new int[] {1, 2}, new int[] {5, 4}, 1e-3f, rand(20, 1),
        null, false);
    assertThrows(InvalidInputException.class, () -> ln.call(Tensor.zeros(2, 6, 4)));
    assertThrows(InvalidInputException.class, () -> ln.call(Tensor.zeros(2, 5, 4, 1)));
    assertFalse(ln.isStreamable());
    assertTrue(new LayerNormalization("ln", 3, new int[] {2}, new int[] {4}, 1e-3f, null, null, false).isStreamable());
    assertTrue(new LayerNormalization("ln", rand(4, 1), rand(4, 1)).isStreamable());
    assertEquals(20, ln.trainableParams());
    assertThrows(ShapeMismatchException.class,
        () -> new LayerNormalization("ln", 3, new int[] {2, 1}, new int[] {4, 5}, 1e-3f, null, null, false));
    assertThrows(ShapeMismatchException.class,
        () -> new LayerNormalization("ln", 3, new int[] {1}, new int[] {-1}, 1e-3f, new float[5], null, false));
    assertThrows(UnsupportedOperationException.class, () -> new LayerNormalization("ln", 3, new int[] {1},
        new int[] {5}, 1e-3f, null, null, false).normalize(new float[20], 0, 1));
  }

  @Test
  void batchNormalizationOverEverySetOfAxes() {
    for (int[] shape : SHAPES) {
      float[] x = rand(total(shape), 3);
      for (int[] axes : subsets(shape.length)) {
        int n = size(shape, axes);
        float[] gamma = rand(n, 2);
        float[] beta = rand(n, 1);
        float[] mean = rand(n, 1);
        float[] var = new float[n];
        for (int i = 0; i < n; i++) {
          var[i] = 0.5f + Math.abs(rand(1, 1)[0]);
        }
        boolean[] on = mask(shape.length, axes);
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          int k = key(shape, coords(shape, i), on, true);
          want[i] = (x[i] - mean[k]) / Math.sqrt(var[k] + (double) 1e-3f) * gamma[k] + beta[k];
        }
        BatchNormalization bn = new BatchNormalization("bn", shape.length, axes, sizes(shape, axes), 1e-3f, gamma, beta,
            mean, var);
        close(want, bn.call(Tensor.of(x, shape)), 1e-6, "batch norm " + java.util.Arrays.toString(shape) + " axes "
            + java.util.Arrays.toString(axes));
        assertEquals(java.util.Arrays.binarySearch(axes, 1) < 0, bn.isStreamable());
      }
    }
  }

  @Test
  void softmaxOverEverySetOfNonBatchAxes() {
    for (int[] shape : SHAPES) {
      float[] x = rand(total(shape), 4);
      for (int[] axes : subsets(shape.length)) {
        if (axes[0] == 0) {
          continue;
        }
        boolean[] on = mask(shape.length, axes);
        int groups = x.length / size(shape, axes);
        double[] sum = new double[groups];
        for (int i = 0; i < x.length; i++) {
          sum[key(shape, coords(shape, i), on, false)] += Math.exp(x[i]);
        }
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          want[i] = Math.exp(x[i]) / sum[key(shape, coords(shape, i), on, false)];
        }
        // The runtime takes the axes counted from the end, as the loader gives them.
        int[] fromEnd = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
          fromEnd[i] = axes[i] - shape.length;
        }
        close(want, new Softmax("s", fromEnd).call(Tensor.of(x, shape)), 1e-6, "softmax "
            + java.util.Arrays.toString(shape) + " axes " + java.util.Arrays.toString(axes));
      }
    }
    assertFalse(new Softmax("s", new int[] {-2, -1}).isStreamable());
    assertThrows(InvalidInputException.class, () -> new Softmax("s", new int[] {-1, 2}).call(Tensor.zeros(2, 3, 4)));
  }
}
