package io.kerasj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.merging.Merge;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The op kernels on small tensors whose results follow from the definitions by hand (NumPy's
 * broadcasting and indexing rules); the TensorFlow comparisons are in compat-tests.
 */
class OpsTest {
  private static Tensor t(int[] shape, float... v) {
    return Tensor.of(v, shape);
  }

  private static Tensor run(Op op, Tensor... in) {
    return op.forward(in, new io.kerasj.Mask[in.length], null).tensors()[0];
  }

  @Test
  void binaryBroadcastsAsNumPy() {
    Binary add = new Binary("add", "Add", BinaryFunction.ADD, Operand.input(0), Operand.input(1));
    // (2, 1, 3) + (2, 1): rows broadcast against columns.
    Tensor y = run(add, t(new int[] {2, 1, 3}, 1, 2, 3, 4, 5, 6), t(new int[] {2, 1}, 10, 20));
    assertArrayEquals(new int[] {2, 2, 3}, y.shape());
    assertArrayEquals(new float[] {11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26}, y.data());
    assertArrayEquals(new int[] {-1, 2, 3}, add.outputShapes(new int[][] {{-1, 1, 3}, {2, 1}})[0]);
    assertThrows(InvalidInputException.class, () -> run(add, t(new int[] {2, 3}, new float[6]),
        t(new int[] {2}, 1, 2)));
  }

  @Test
  void constantOperandsOnEitherSide() {
    Binary sub = new Binary("sub", "Subtract", BinaryFunction.SUBTRACT, Operand.constant(1f), Operand.input(0));
    assertArrayEquals(new float[] {0, -1, 3}, run(sub, t(new int[] {3}, 1, 2, -2)).data());
    Binary mod = new Binary("mod", "Mod", BinaryFunction.FLOOR_MOD, Operand.input(0), Operand.constant(0.75f));
    // Floor modulo takes the divisor's sign: -0.5 mod 0.75 = 0.25.
    assertArrayEquals(new float[] {0.25f, 0.5f}, run(mod, t(new int[] {2}, -0.5f, 1.25f)).data());
  }

  @Test
  void mergeLayersBroadcastAfterTheBatchAxis() {
    Merge mul = new Merge("m", Merge.Op.MULTIPLY);
    // (1, 2, 2) * (1, 2): Keras inserts the missing axis at 1, so s is (1, 1, 2) and scales each row.
    Tensor x = t(new int[] {1, 2, 2}, 1, 2, 3, 4);
    Tensor s = t(new int[] {1, 2}, 10, 100);
    Tensor y = mul.forward(new Tensor[] {x, s}, new io.kerasj.Mask[2], null).tensors()[0];
    assertArrayEquals(new int[] {1, 2, 2}, y.shape());
    assertArrayEquals(new float[] {10, 200, 30, 400}, y.data());
    assertArrayEquals(new int[] {-1, 2, 2}, mul.outputShapes(new int[][] {{-1, 2, 2}, {-1, 2}})[0]);
    Merge avg = new Merge("a", Merge.Op.AVERAGE);
    Tensor z = avg.forward(new Tensor[] {x, s, x}, new io.kerasj.Mask[3], null).tensors()[0];
    assertArrayEquals(new float[] {12f / 3, 104f / 3, 16f / 3, 108f / 3}, z.data(), 1e-6f);
  }

  @Test
  void getItemReadsKeysAsNumPy() {
    Tensor x = t(new int[] {2, 3, 2}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    GetItem last = new GetItem("g", "GetItem", List.of(GetItem.Index.slice(null, null, null), GetItem.Index.at(-1)));
    Tensor y = run(last, x);
    assertArrayEquals(new int[] {2, 2}, y.shape());
    assertArrayEquals(new float[] {4, 5, 10, 11}, y.data());
    GetItem rev = new GetItem("r", "GetItem", List.of(GetItem.Index.ellipsis(), GetItem.Index.slice(null, null, -1),
        GetItem.Index.newAxis()));
    Tensor z = run(rev, x);
    assertArrayEquals(new int[] {2, 3, 2, 1}, z.shape());
    assertArrayEquals(new float[] {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10}, z.data());
    GetItem clipped = new GetItem("c", "GetItem", List.of(GetItem.Index.slice(null, null, null),
        GetItem.Index.slice(-5, 2, null)));
    assertArrayEquals(new int[] {2, 2, 2}, run(clipped, x).shape());
    GetItem out = new GetItem("o", "GetItem", List.of(GetItem.Index.slice(null, null, null), GetItem.Index.at(3)));
    assertThrows(InvalidInputException.class, () -> run(out, x));
  }

  @Test
  void einsumAndMatmul() {
    Tensor a = t(new int[] {1, 2, 3}, 1, 2, 3, 4, 5, 6);
    Tensor b = t(new int[] {1, 2, 3}, 1, 0, 0, 0, 1, 0);
    Tensor y = run(new Einsum("e", "Einsum", "bij,bkj->bik"), a, b);
    assertArrayEquals(new int[] {1, 2, 2}, y.shape());
    assertArrayEquals(new float[] {1, 2, 4, 5}, y.data());
    Tensor m = run(Einsum.matmul("m", "Matmul", false, true), a, b);
    assertArrayEquals(y.data(), m.data());
    Tensor s = run(new Einsum("s", "Einsum", "bij->bj"), a);
    assertArrayEquals(new float[] {5, 7, 9}, s.data());
    // A vector operand: (1, 2, 3) @ (3,) -> (1, 2).
    Tensor v = run(Einsum.matmul("v", "Matmul", false, false), a, t(new int[] {3}, 1, 1, 1));
    assertArrayEquals(new int[] {1, 2}, v.shape());
    assertArrayEquals(new float[] {6, 15}, v.data());
    assertThrows(IllegalArgumentException.class, () -> new Einsum("d", "Einsum", "ii->i"));
  }

  @Test
  void reduceAndSoftmaxAlongAnAxis() {
    Tensor x = t(new int[] {2, 2}, 1, 2, 3, 4);
    assertArrayEquals(new float[] {2, 3}, run(new Reduce("m", "Mean", Reduce.Kind.MEAN, new int[] {0}, false), x).data());
    Tensor all = run(new Reduce("s", "Sum", Reduce.Kind.SUM, null, false), x);
    assertEquals(0, all.rank());
    assertEquals(10f, all.data()[0]);
    assertArrayEquals(new float[] {1, 1}, run(new Reduce("a", "Argmax", Reduce.Kind.ARGMAX, new int[] {-1}, false),
        x).data());
    Tensor sm = run(new Softmax("s", "Softmax", Activation.SOFTMAX, 0), x);
    float e = (float) (1 / (1 + Math.exp(-2)));
    assertArrayEquals(new float[] {1 - e, 1 - e, e, e}, sm.data(), 1e-7f);
  }

  @Test
  void reshapesInferAndCheck() {
    Tensor x = t(new int[] {2, 3}, new float[6]);
    assertArrayEquals(new int[] {3, 2}, run(new Reshape("r", "Reshape", Reshape.Kind.RESHAPE, new int[] {-1, 2}), x)
        .shape());
    assertArrayEquals(new int[] {2, 3, 1}, run(new Reshape("e", "ExpandDims", Reshape.Kind.EXPAND_DIMS,
        new int[] {-1}), x).shape());
    assertThrows(InvalidInputException.class, () -> run(new Reshape("q", "Squeeze", Reshape.Kind.SQUEEZE,
        new int[] {1}), x));
    assertArrayEquals(new int[] {3, 2}, run(new Transpose("t", "Transpose", null), x).shape());
    Tensor c = run(new Concat("c", "Concatenate", 2, 0, false), x, x);
    assertArrayEquals(new int[] {4, 3}, c.shape());
    assertArrayEquals(new int[] {2, 2, 3}, run(new Concat("s", "Stack", 2, 1, true), x, x).shape());
  }

  @Test
  void tileRepeatsTheBlockAndRepeatEachElement() {
    Tensor x = t(new int[] {2, 2}, 1, 2, 3, 4);
    Tensor tiled = run(Tile.tile("t", "Tile", new int[] {2}), x); // reps align to the last axes: (1, 2)
    assertArrayEquals(new int[] {2, 4}, tiled.shape());
    assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, tiled.data());
    assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, run(Tile.tile("t", "Tile", new int[] {2, 1}), x).data());
    Tensor rep = run(Tile.repeat("r", "Repeat", 2, -1), x);
    assertArrayEquals(new int[] {2, 4}, rep.shape());
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4}, rep.data());
    assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, run(Tile.repeat("r", "Repeat", 2, 0), x).data());
    assertArrayEquals(new int[] {8}, run(Tile.repeat("r", "Repeat", 2, null), x).shape());
  }

  @Test
  void runningSumsAndProducts() {
    Tensor x = t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
    assertArrayEquals(new float[] {1, 3, 6, 4, 9, 15}, run(new Cumulative("c", "Cumsum", false, -1, false, false), x)
        .data());
    assertArrayEquals(new float[] {1, 2, 3, 5, 7, 9}, run(new Cumulative("c", "Cumsum", false, 0, false, false), x)
        .data());
    // exclusive and reverse: element i sums the elements after i.
    assertArrayEquals(new float[] {5, 3, 0, 11, 6, 0}, run(new Cumulative("c", "cumsum", false, 1, true, true), x)
        .data());
    assertArrayEquals(new float[] {1, 2, 6, 24, 120, 720}, run(new Cumulative("c", "Cumprod", true, null, false, false),
        x).data());
  }

  @Test
  void bandsKeepDiagonals() {
    Tensor x = t(new int[] {1, 3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertArrayEquals(new float[] {1, 2, 3, 0, 5, 6, 0, 0, 9}, run(new Band("u", "Triu", 0, Long.MAX_VALUE), x).data());
    assertArrayEquals(new float[] {0, 0, 0, 4, 0, 0, 7, 8, 0}, run(new Band("l", "Tril", Long.MIN_VALUE, -1), x).data());
    assertArrayEquals(new float[] {1, 2, 0, 4, 5, 6, 0, 8, 9}, run(new Band("b", "band_part", -1, 1), x).data());
  }

  @Test
  void oneHotPutsTheNewAxisWhereAsked() {
    Tensor idx = t(new int[] {3}, 2, 0, 5); // 5 is out of range: a row of off values
    Tensor last = run(new OneHot("o", "OneHot", 3, -1, 1f, 0f), idx);
    assertArrayEquals(new int[] {3, 3}, last.shape());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 0}, last.data());
    Tensor first = run(new OneHot("o", "one_hot", 3, 0, 2f, -1f), idx);
    assertArrayEquals(new float[] {-1, 2, -1, -1, -1, -1, 2, -1, -1}, first.data());
  }

  @Test
  void normalizeScalesToUnitLengthWithACap() {
    Tensor x = t(new int[] {2, 2}, 3, 4, 0, 0);
    Tensor y = run(new Normalize("n", "Normalize", new int[] {-1}, 1e7f), x);
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, y.data(), 1e-7f);
    Tensor capped = run(new Normalize("n", "l2_normalize", null, 2f), t(new int[] {2}, 0.03f, 0.04f));
    assertArrayEquals(new float[] {0.06f, 0.08f}, capped.data(), 1e-7f); // 1/|x| = 20 > cap 2
  }
}
