package io.kerasj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Ops with several outputs and the structural NumPy-style ops on small tensors whose results
 * follow from NumPy's definitions by hand; the TensorFlow comparisons are in compat-tests.
 */
class MoreOpsTest {
  private static Tensor t(int[] shape, float... v) {
    return Tensor.of(v, shape);
  }

  private static Tensor[] all(Op op, Tensor... in) {
    return op.forward(in, new io.kerasj.Mask[in.length], null).tensors();
  }

  private static final Tensor X = t(new int[] {2, 5}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

  @Test
  void splitsResolveTheirSizesAgainstTheAxis() {
    Tensor[] u = all(Split.sections("s", "ArraySplit", 1, 3, true), X);
    assertEquals(3, u.length);
    assertArrayEquals(new float[] {0, 1, 5, 6}, u[0].data()); // 5 = 2 + 2 + 1, the larger first
    assertArrayEquals(new float[] {4, 9}, u[2].data());
    Tensor[] z = all(Split.sizes("s", "TFOpLambda", -1, new int[] {1, -1, 1}), X);
    assertArrayEquals(new int[] {2, 3}, z[1].shape());
    Tensor[] c = all(Split.at("s", "Split", 1, new int[] {1, 1, 4}), X);
    assertArrayEquals(new int[] {2, 0}, c[1].shape());
    assertArrayEquals(new float[] {1, 2, 3, 6, 7, 8}, c[2].data());
    Tensor[] r = all(Split.unstack("s", "Unstack", 0, 2), X);
    assertArrayEquals(new int[] {5}, r[1].shape());
    assertArrayEquals(new int[][] {{-1, 2}, {-1, 2}}, Split.sections("s", "Split", 1, 2, false)
        .outputShapes(new int[][] {{-1, 4}}));
    assertThrows(InvalidInputException.class, () -> all(Split.sections("s", "Split", 1, 2, false), X));
    assertThrows(InvalidInputException.class, () -> all(Split.unstack("s", "Unstack", 1, 4), X));
  }

  @Test
  void topKKeepsTheLowerIndexOfEqualValues() {
    Tensor[] r = all(new TopK("k", "TopK", 3), t(new int[] {1, 5}, 1, 3, 2, 3, 1));
    assertArrayEquals(new float[] {3, 3, 2}, r[0].data());
    assertArrayEquals(new float[] {1, 3, 2}, r[1].data());
    assertThrows(InvalidInputException.class, () -> new TopK("k", "TopK", 6).outputShapes(new int[][] {{-1, 5}}));
  }

  @Test
  void sortIsStableAndTakesNegativeZeroForZero() {
    Tensor x = t(new int[] {5}, 0f, -1f, -0f, 2f, -1f);
    assertArrayEquals(new float[] {1, 4, 0, 2, 3}, all(new Sort("s", "Argsort", 0, true, false), x)[0].data());
    assertArrayEquals(new float[] {3, 0, 2, 1, 4}, all(new Sort("s", "Argsort", 0, true, true), x)[0].data());
    assertArrayEquals(new float[] {2, 0, -0f, -1, -1}, all(new Sort("s", "Sort", 0, false, true), x)[0].data());
  }

  @Test
  void rollWrapsAroundPerAxisAndFlattened() {
    assertArrayEquals(new float[] {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
        all(new Roll("r", "Roll", new int[] {1}, new int[] {1}), X)[0].data());
    assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7, 8, 9, 0, 1},
        all(new Roll("r", "Roll", new int[] {-2}, null), X)[0].data());
    // Shifts of an axis named twice add up: 3 - 1 = 2 along axis 1, 1 along axis 0.
    assertArrayEquals(new float[] {8, 9, 5, 6, 7, 3, 4, 0, 1, 2},
        all(new Roll("r", "Roll", new int[] {3, -1, 1}, new int[] {1, 1, 0}), X)[0].data());
  }

  @Test
  void diffShortensTheAxis() {
    Tensor x = t(new int[] {1, 4}, 1, 4, 9, 16);
    assertArrayEquals(new float[] {3, 5, 7}, all(new Diff("d", "Diff", 1, -1), x)[0].data());
    assertArrayEquals(new float[] {2, 2}, all(new Diff("d", "Diff", 2, 1), x)[0].data());
    assertArrayEquals(new float[] {0}, all(new Diff("d", "Diff", 3, 1), x)[0].data());
    assertArrayEquals(new int[] {1, 0}, all(new Diff("d", "Diff", 5, 1), x)[0].shape());
  }

  @Test
  void diagonalAndTraceReadTheOffsetDiagonal() {
    assertArrayEquals(new float[] {1, 7}, all(new Diagonal("d", "Diagonal", 1, 0, 1, false), X)[0].data());
    assertArrayEquals(new float[] {5}, all(new Diagonal("d", "Diagonal", -1, 0, 1, false), X)[0].data());
    assertArrayEquals(new int[] {0}, all(new Diagonal("d", "Diagonal", 5, 0, 1, false), X)[0].shape());
    // axis1 = 1, axis2 = 0: the transposed matrix's diagonal [i, i + 1] is X[i + 1, i].
    assertArrayEquals(new float[] {5}, all(new Diagonal("d", "Diagonal", 1, 1, 0, false), X)[0].data());
    assertArrayEquals(new float[] {6}, all(new Diagonal("d", "Trace", 0, 0, 1, true), X)[0].data());
  }

  @Test
  void takeAlongAxisBroadcastsAndCountsNegativeIndicesFromTheEnd() {
    TakeAlongAxis op = new TakeAlongAxis("t", "TakeAlongAxis", Operand.input(0), Operand.input(1), 1);
    Tensor idx = t(new int[] {1, 2}, -1, 0);
    Tensor y = all(op, X, idx)[0];
    assertArrayEquals(new int[] {2, 2}, y.shape());
    assertArrayEquals(new float[] {4, 0, 9, 5}, y.data());
    assertThrows(InvalidInputException.class, () -> all(op, X, t(new int[] {1, 1}, 5)));
  }

  @Test
  void depthToSpaceInvertsSpaceToDepth() {
    float[] v = new float[2 * 4 * 6 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    for (boolean first : new boolean[] {false, true}) {
      Tensor x = t(first ? new int[] {2, 3, 4, 6} : new int[] {2, 4, 6, 3}, v);
      Tensor d = all(new DepthToSpace("s", "SpaceToDepth", 2, false, first), x)[0];
      assertArrayEquals(first ? new int[] {2, 12, 2, 3} : new int[] {2, 2, 3, 12}, d.shape());
      assertArrayEquals(v, all(new DepthToSpace("d", "DepthToSpace", 2, true, first), d)[0].data());
    }
    // NHWC: channel (i * 2 + j) * C + c of pixel (0, 0) is pixel (i, j)'s channel c; here C = 1.
    Tensor one = t(new int[] {1, 1, 1, 4}, 10, 11, 12, 13);
    assertArrayEquals(new float[] {10, 11, 12, 13}, all(new DepthToSpace("d", "DepthToSpace", 2, true, false), one)[0]
        .data());
    assertArrayEquals(new int[] {1, 2, 2, 1}, all(new DepthToSpace("d", "DepthToSpace", 2, true, false), one)[0]
        .shape());
  }
}
