package io.kerasj.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Mask;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.ReferenceChecks;
import io.kerasj.layers.core.EinsumDense;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GroupedQueryAttention against a double-precision formula of Keras' layer (key and value heads
 * repeated to the query heads, {@code ops.repeat(…, axis=2)}), against MultiHeadAttention given
 * the repeated projections, and its call semantics where they differ from MultiHeadAttention's.
 */
class GroupedQueryAttentionTest {
  private static final int F = 5;
  private static final int DIM = 3;
  private static final int QH = 6;
  private static final int KVH = 2;
  private static final int T = 4;
  private static final int B = 2;

  private final Random random = new Random(21);
  private final float[] wq = ReferenceChecks.gaussian(random, F * QH * DIM, 0.6);
  private final float[] bq = ReferenceChecks.gaussian(random, QH * DIM, 0.3);
  private final float[] wk = ReferenceChecks.gaussian(random, F * KVH * DIM, 0.6);
  private final float[] bk = ReferenceChecks.gaussian(random, KVH * DIM, 0.3);
  private final float[] wv = ReferenceChecks.gaussian(random, F * KVH * DIM, 0.6);
  private final float[] bv = ReferenceChecks.gaussian(random, KVH * DIM, 0.3);
  private final float[] wo = ReferenceChecks.gaussian(random, QH * DIM * F, 0.6);
  private final float[] bo = ReferenceChecks.gaussian(random, F, 0.3);
  private final float[] wg = ReferenceChecks.gaussian(random, F * QH * DIM, 0.6);
  private final float[] bg = ReferenceChecks.gaussian(random, QH * DIM, 0.3);
  private final Tensor x = Tensor.of(ReferenceChecks.gaussian(random, B * T * F, 1.0), B, T, F);

  private static EinsumDense proj(String name, float[] w, float[] b, int heads) {
    return new EinsumDense(name, "abc,cde->abde", new int[] {F, heads, DIM}, w, b == null ? null : new int[] {heads, DIM},
        b, null);
  }

  private EinsumDense out() {
    return new EinsumDense("attention_output", "abcd,cde->abe", new int[] {QH, DIM, F}, wo, new int[] {F}, bo, null);
  }

  private GroupedQueryAttention gqa(MultiHeadAttention.Call call) {
    return new GroupedQueryAttention("gqa", DIM, QH, KVH, proj("query", wq, bq, QH), proj("key", wk, bk, KVH),
        proj("value", wv, bv, KVH), out(), 0f, call);
  }

  // The key or value projection with each key/value head repeated to its query heads.
  private static float[] repeatHeads(float[] w, int rows) {
    int group = QH / KVH;
    float[] r = new float[rows * QH * DIM];
    for (int i = 0; i < rows; i++) {
      for (int h = 0; h < QH; h++) {
        System.arraycopy(w, (i * KVH + h / group) * DIM, r, (i * QH + h) * DIM, DIM);
      }
    }
    return r;
  }

  private MultiHeadAttention repeatedMha(MultiHeadAttention.Call call) {
    return new MultiHeadAttention("mha", QH, DIM, DIM, proj("query", wq, bq, QH),
        proj("key", repeatHeads(wk, F), repeatHeads(bk, 1), QH), proj("value", repeatHeads(wv, F), repeatHeads(bv, 1), QH),
        out(), null, 0f, MultiHeadAttention.Semantics.KERAS3, call);
  }

  /** Keras' GroupedQueryAttention in double: projections, repeated K/V heads, softmax(q·k/√d), output. */
  private double[] reference(boolean causal) {
    return reference(causal, 0, false);
  }

  /** With {@code sliding_window} ({@code window > 0}) and {@code use_gate}. */
  private double[] reference(boolean causal, int window, boolean gated) {
    float[] xd = x.data();
    double[] y = new double[B * T * F];
    double scale = 1 / Math.sqrt(DIM);
    for (int b = 0; b < B; b++) {
      double[][][] q = project(xd, b, wq, bq, QH);
      double[][][] k = project(xd, b, wk, bk, KVH);
      double[][][] v = project(xd, b, wv, bv, KVH);
      double[][][] gate = project(xd, b, wg, bg, QH);
      double[][][] o = new double[T][QH][DIM];
      for (int h = 0; h < QH; h++) {
        int g = h / (QH / KVH);
        for (int i = 0; i < T; i++) {
          double[] s = new double[T];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < T; j++) {
            for (int d = 0; d < DIM; d++) {
              s[j] += q[i][h][d] * k[j][g][d] * scale;
            }
            if ((causal && j > i) || (window > 0 && Math.abs(i - j) >= window)) {
              s[j] = Double.NEGATIVE_INFINITY;
            }
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j < T; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j < T; j++) {
            for (int d = 0; d < DIM; d++) {
              o[i][h][d] += s[j] / sum * v[j][g][d];
            }
          }
        }
      }
      for (int i = 0; i < T; i++) {
        for (int m = 0; m < F; m++) {
          double acc = bo[m];
          for (int h = 0; h < QH; h++) {
            for (int d = 0; d < DIM; d++) {
              double sig = gated ? 1 / (1 + Math.exp(-gate[i][h][d])) : 1;
              acc += o[i][h][d] * sig * wo[(h * DIM + d) * F + m];
            }
          }
          y[(b * T + i) * F + m] = acc;
        }
      }
    }
    return y;
  }

  private static double[][][] project(float[] xd, int b, float[] w, float[] bias, int heads) {
    double[][][] r = new double[T][heads][DIM];
    for (int t = 0; t < T; t++) {
      for (int h = 0; h < heads; h++) {
        for (int d = 0; d < DIM; d++) {
          double acc = bias[h * DIM + d];
          for (int f = 0; f < F; f++) {
            acc += xd[(b * T + t) * F + f] * w[(f * heads + h) * DIM + d];
          }
          r[t][h][d] = acc;
        }
      }
    }
    return r;
  }

  private static Layer.Output run(Layer l, Tensor... in) {
    return l.forward(in, new Mask[in.length], null);
  }

  @Test
  void matchesTheFormulaOnTheFusedAndTheSoftmaxLayerPaths() {
    MultiHeadAttention.Call scores = new MultiHeadAttention.Call(false, false, false, false, false, false, true);
    MultiHeadAttention.Call causal = new MultiHeadAttention.Call(false, false, false, false, false, true, false);
    MultiHeadAttention.Call causalScores = new MultiHeadAttention.Call(false, false, false, false, false, true, true);
    ReferenceChecks.close(reference(false), run(gqa(null), x, x).tensors()[0], 2e-6, "fused");
    ReferenceChecks.close(reference(false), run(gqa(scores), x, x).tensors()[0], 2e-6, "with scores");
    ReferenceChecks.close(reference(true), run(gqa(causal), x, x).tensors()[0], 2e-6, "causal");
    ReferenceChecks.close(reference(true), run(gqa(causalScores), x, x).tensors()[0], 2e-6, "causal, scores");
  }

  @Test
  void slidingWindowAndGate() {
    MultiHeadAttention.Call causal = new MultiHeadAttention.Call(false, false, false, false, false, true, false);
    MultiHeadAttention.Call scores = new MultiHeadAttention.Call(false, false, false, false, false, false, true);
    EinsumDense gate = new EinsumDense("gate", "abc,cde->abde", new int[] {F, QH, DIM}, wg, new int[] {QH, DIM}, bg,
        io.kerasj.activations.Activation.SIGMOID);
    for (MultiHeadAttention.Call call : new MultiHeadAttention.Call[] {null, causal, scores}) {
      for (int window : new int[] {1, 2}) {
        for (boolean gated : new boolean[] {false, true}) {
          GroupedQueryAttention l = new GroupedQueryAttention("gqa", DIM, QH, KVH, proj("query", wq, bq, QH),
              proj("key", wk, bk, KVH), proj("value", wv, bv, KVH), out(), 0f, call, window, gated ? gate : null);
          ReferenceChecks.close(reference(call == causal, window, gated), run(l, x, x).tensors()[0], 2e-6,
              "window " + window + " gate " + gated + " call " + call);
        }
      }
    }
  }

  @Test
  void isMultiHeadAttentionWithTheKeyAndValueHeadsRepeated() {
    boolean[] keep = {true, true, false, false, true, true, true, false};
    Mask m = new Mask(B, T, keep);
    for (boolean scores : new boolean[] {false, true}) {
      for (boolean causal : new boolean[] {false, true}) {
        MultiHeadAttention.Call call = new MultiHeadAttention.Call(false, false, false, false, false, causal, scores);
        for (Mask mask : new Mask[] {null, m}) {
          Layer.Output g = gqa(call).forward(new Tensor[] {x, x}, new Mask[] {mask, mask}, null);
          Layer.Output r = repeatedMha(call).forward(new Tensor[] {x, x}, new Mask[] {mask, mask}, null);
          for (int i = 0; i < g.tensors().length; i++) {
            ReferenceChecks.close(toDouble(r.tensors()[i]), g.tensors()[i], 1e-6, "output " + i + " scores " + scores
                + " causal " + causal + " masked " + (mask != null));
          }
          assertSame(mask, g.masks()[0], "the output carries the query's mask");
        }
      }
    }
  }

  @Test
  void anExplicitQueryMaskIsUsedWhereMultiHeadAttentionIgnoresIt() {
    // Inputs: query, value, query_mask; scores as a second output (the Softmax-layer path, which
    // zeroes masked probabilities).
    MultiHeadAttention.Call call = new MultiHeadAttention.Call(false, false, true, false, false, false, true);
    float[] qm = {1, 1, 1, 0, 1, 1, 1, 1};
    Tensor queryMask = Tensor.of(qm, B, T);
    float[] g = run(gqa(call), x, x, queryMask).tensors()[1].data();
    float[] mha = run(repeatedMha(call), x, x, queryMask).tensors()[1].data();
    for (int h = 0; h < QH; h++) {
      for (int j = 0; j < T; j++) {
        int at = ((0 * QH + h) * T + 3) * T + j; // batch 0, query 3 (masked)
        assertEquals(0f, g[at], "GroupedQueryAttention: masked query, head " + h);
        assertNotEquals(0f, mha[at], "MultiHeadAttention ignores an explicit query_mask");
      }
    }
  }

  @Test
  void anUncastAttentionMaskKeepsScoresAboveOneHalfOnTheSoftmaxLayerPath() {
    float[] weak = new float[B * T * T];
    float[] one = new float[B * T * T];
    java.util.Arrays.fill(weak, 1f);
    java.util.Arrays.fill(one, 1f);
    weak[1] = 0.3f; // batch 0, query 0, key 1
    MultiHeadAttention.Call fused = new MultiHeadAttention.Call(false, true, false, false, false, false, false);
    MultiHeadAttention.Call scores = new MultiHeadAttention.Call(false, true, false, false, false, false, true);
    Tensor w = Tensor.of(weak, B, T, T);
    // The fused path casts the mask to bool: 0.3 attends.
    assertArrayEquals(run(gqa(fused), x, x, Tensor.of(one, B, T, T)).tensors()[0].data(),
        run(gqa(fused), x, x, w).tensors()[0].data());
    float[] s = run(gqa(scores), x, x, w).tensors()[1].data();
    for (int h = 0; h < QH; h++) {
      assertEquals(0f, s[(h * T) * T + 1], "head " + h + ": Keras' Softmax keeps mask > 0.5 only");
      assertTrue(s[(h * T) * T + 0] > 0f);
    }
    // A causal mask joins it: the mask is cast to bool, 0.3 attends again.
    MultiHeadAttention.Call causalScores = new MultiHeadAttention.Call(false, true, false, false, false, true, true);
    float[] c = run(gqa(causalScores), x, x, w).tensors()[1].data();
    float[] c1 = run(gqa(causalScores), x, x, Tensor.of(one, B, T, T)).tensors()[1].data();
    assertArrayEquals(c1, c);
  }

  @Test
  void keepsTheMasksOfItsInputs() {
    assertTrue(!gqa(null).clearsInputMasks());
    assertTrue(repeatedMha(null).clearsInputMasks());
  }

  @Test
  void queryHeadsMustBeAMultipleOfTheKeyValueHeads() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new GroupedQueryAttention("gqa", DIM,
        QH, 4, proj("query", wq, bq, QH), proj("key", new float[F * 4 * DIM], null, 4),
        proj("value", new float[F * 4 * DIM], null, 4), out(), 0f, null));
    assertTrue(e.getMessage().contains("'gqa'") && e.getMessage().contains("6") && e.getMessage().contains("4"),
        e.getMessage());
  }

  private static double[] toDouble(Tensor t) {
    float[] d = t.data();
    double[] r = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i];
    }
    return r;
  }
}
