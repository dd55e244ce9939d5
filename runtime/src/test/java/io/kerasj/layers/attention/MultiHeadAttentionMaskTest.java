package io.kerasj.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.core.EinsumDense;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention's attention_mask on inputs of rank 4 (one attention axis of two): the
 * expansion Keras applies (a lower-rank mask gets size-1 axes before its last two) must give what
 * the fully expanded mask gives, and a mask that does not broadcast to the scores is an
 * InvalidInputException naming the layer and both shapes. (The values themselves are checked
 * against TensorFlow by KerasSuiteCompatTest.)
 */
class MultiHeadAttentionMaskTest {
  private static final int F = 8;
  private static final int HEADS = 2;
  private static final int KEY = 2;

  private static float[] rand(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** Query (B, 3, 4, F), value (B, 3, 2, F), attention over axis 2, mask of shape {@code mask}. */
  private static Model model(int[] mask) {
    Random r = new Random(5);
    String proj = "abcd,def->abcef";
    EinsumDense q = new EinsumDense("query", proj, new int[] {F, HEADS, KEY}, rand(r, F * HEADS * KEY), null, null,
        null);
    EinsumDense k = new EinsumDense("key", proj, new int[] {F, HEADS, KEY}, rand(r, F * HEADS * KEY), null, null,
        null);
    EinsumDense v = new EinsumDense("value", proj, new int[] {F, HEADS, KEY}, rand(r, F * HEADS * KEY), null, null,
        null);
    EinsumDense o = new EinsumDense("attention_output", "abcde,def->abcf", new int[] {HEADS, KEY, F},
        rand(r, HEADS * KEY * F), null, null, null);
    MultiHeadAttention mha = new MultiHeadAttention("mha", HEADS, KEY, KEY, q, k, v, o, new int[] {2}, 0f,
        MultiHeadAttention.Semantics.KERAS3, new MultiHeadAttention.Call(false, true, false, false, false, false,
            false));
    Model.Builder b = Model.builder("m");
    Model.Ref qi = b.input("q", new int[] {-1, 3, 4, F});
    Model.Ref vi = b.input("v", new int[] {-1, 3, 2, F});
    int[] ms = new int[mask.length + 1];
    ms[0] = -1;
    System.arraycopy(mask, 0, ms, 1, mask.length);
    Model.Ref mi = b.input("m", ms);
    return b.build(b.call(mha, qi, vi, mi)[0]);
  }

  @Test
  void aLowerRankMaskActsAsItsExpansionBeforeTheLastTwoAxes() {
    Random r = new Random(6);
    int batch = 2;
    Tensor q = Tensor.of(rand(r, batch * 3 * 4 * F), batch, 3, 4, F);
    Tensor v = Tensor.of(rand(r, batch * 3 * 2 * F), batch, 3, 2, F);
    float[] m = new float[batch * 4 * 2];
    for (int i = 0; i < m.length; i++) {
      m[i] = r.nextFloat() < 0.6f ? 1f : 0f;
    }
    // (B, 4, 2) → Keras: (B, 1, 1, 4, 2) against scores (B, 3, heads, 4, 2); the same mask written
    // out as (B, 3, heads, 4, 2).
    float[] full = new float[batch * 3 * HEADS * 4 * 2];
    for (int b = 0; b < batch; b++) {
      for (int x = 0; x < 3 * HEADS; x++) {
        System.arraycopy(m, b * 8, full, (b * 3 * HEADS + x) * 8, 8);
      }
    }
    Tensor small = model(new int[] {4, 2}).predictAll(q, v, Tensor.of(m, batch, 4, 2)).get(0);
    Tensor expanded = model(new int[] {3, HEADS, 4, 2}).predictAll(q, v, Tensor.of(full, batch, 3, HEADS, 4, 2))
        .get(0);
    assertArrayEquals(small.data(), expanded.data());
    float[] ones = new float[m.length];
    java.util.Arrays.fill(ones, 1f);
    Tensor unmasked = model(new int[] {4, 2}).predictAll(q, v, Tensor.of(ones, batch, 4, 2)).get(0);
    boolean differs = false;
    for (int i = 0; i < unmasked.size(); i++) {
      differs |= unmasked.data()[i] != small.data()[i];
    }
    assertTrue(differs, "the mask changes nothing");
  }

  @Test
  void aMaskThatDoesNotBroadcastToTheScoresIsRefused() {
    // (B, 3, 4, 2) → (B, 3, 1, 4, 2): fits. (B, 4, 4, 2): axis 1 is 4 against the scores' 3.
    Model m = model(new int[] {4, 4, 2});
    Tensor q = Tensor.of(new float[3 * 4 * F], 1, 3, 4, F);
    Tensor v = Tensor.of(new float[3 * 2 * F], 1, 3, 2, F);
    InvalidInputException ex = assertThrows(InvalidInputException.class,
        () -> m.predictAll(q, v, Tensor.of(new float[32], 1, 4, 4, 2)));
    assertTrue(ex.getMessage().contains("'mha'") && ex.getMessage().contains("[1, 4, 1, 4, 2]")
        && ex.getMessage().contains("[1, 3, 2, 4, 2]"), ex.getMessage());
  }
}
