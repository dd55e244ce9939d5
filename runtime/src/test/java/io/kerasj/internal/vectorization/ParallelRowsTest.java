package io.kerasj.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Broadcast;
import io.kerasj.layers.merging.Merge;
import io.kerasj.ops.BinaryFunction;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The passes that {@link ParallelRows} splits across threads give the bits of one thread's pass:
 * large enough to be split here (this JVM has {@code kerasj.threads} = available processors), and
 * compared with the serial kernels element by element.
 */
class ParallelRowsTest {
  private static float[] data(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * 4);
    }
    a[3] = Float.NaN;
    a[n / 2] = -0f;
    a[n - 1] = Float.NEGATIVE_INFINITY;
    return a;
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      // (Any NaN for a NaN: its sign and payload depend on the JIT tier that ran the code, not on the split.)
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", one thread gives " + expected[i]);
      }
    }
  }

  @Test
  void splitsAtTheSizesOfATransformerAtBatchSixteen() {
    // 2,048 × 128 layer norms and a 2,048 × 512 ReLU are the passes this was made for; batch 1's
    // are 16 times smaller and stay on the caller.
    assertEquals(ParallelGemm.THREADS > 1, ParallelRows.worth(2048, 8L * 2048 * 128));
    assertEquals(ParallelGemm.THREADS > 1, ParallelRows.worth(2048, 2048L * 512));
    assertTrue(!ParallelRows.worth(128, 128L * 512), "batch 1's ReLU");
    assertTrue(!ParallelRows.worth(1, Long.MAX_VALUE), "a single row is never split");
  }

  @Test
  void layerNormRowsAreTheSameSplit() {
    int rows = 300;
    int n = 384;
    float[] gamma = data(n, 1);
    float[] beta = data(n, 2);
    for (VectorKernels.Norm norm : VectorKernels.Norm.values()) {
      float[] x = data(rows * n + 5, 3);
      float[] serial = x.clone();
      float[] split = x.clone();
      Kernels.layerNormRows(serial, 5, rows, n, 1e-3f, gamma, norm == VectorKernels.Norm.LAYER ? beta : null, norm);
      Kernels.layerNormRowsParallel(split, 5, rows, n, 1e-3f, gamma, norm == VectorKernels.Norm.LAYER ? beta : null,
          norm);
      assertSameBits(serial, split, "norm " + norm);
    }
  }

  @Test
  void everyActivationIsTheSameSplit() {
    int rows = 200;
    int cols = 700;
    for (Activation act : Activation.values()) {
      float[] x = data(rows * cols + 3, 4);
      float[] serial = x.clone();
      float[] split = x.clone();
      act.apply(serial, 3, rows, cols);
      act.applyParallel(split, 3, rows, cols);
      // (GLU packs its rows to the front and is never split: the whole array is compared.)
      assertSameBits(serial, split, "activation " + act);
    }
  }

  @Test
  void sameShapeMergesAreTheSameSplit() {
    int n = 100 * 1000 + 7; // not a whole number of the merge's parts
    Tensor a = Tensor.of(data(n, 5), new int[] {1, n});
    Tensor b = Tensor.of(data(n, 6), new int[] {1, n});
    Tensor c = Tensor.of(data(n, 7), new int[] {1, n});
    Merge.Op[] ops = {Merge.Op.ADD, Merge.Op.AVERAGE, Merge.Op.MAXIMUM, Merge.Op.MULTIPLY};
    BinaryFunction[] fs = {BinaryFunction.ADD, BinaryFunction.ADD, BinaryFunction.MAXIMUM, BinaryFunction.MULTIPLY};
    for (int k = 0; k < ops.length; k++) {
      float[] got = new Merge("m", ops[k]).forward(new Tensor[] {a, b, c}, new Mask[3], null).tensors()[0].data();
      // One thread's merge: the first input, then each further one in turn.
      float[] want = a.data().clone();
      Broadcast.accumulate(fs[k], want, b.data());
      Broadcast.accumulate(fs[k], want, c.data());
      if (ops[k] == Merge.Op.AVERAGE) {
        for (int i = 0; i < n; i++) {
          want[i] /= 3f;
        }
      }
      assertSameBits(want, got, "merge " + ops[k]);
    }
  }
}
