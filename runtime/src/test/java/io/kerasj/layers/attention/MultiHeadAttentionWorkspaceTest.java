package io.kerasj.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.Allocations;
import io.kerasj.internal.vectorization.ParallelGemm;
import io.kerasj.layers.core.EinsumDense;
import io.kerasj.layers.normalization.LayerNormalization;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a self-attention block allocates per {@code predict(x, out)} call: the same small
 * bookkeeping whether its heads run on the caller (a short sequence) or as tiles on every thread
 * (two sequences of 128 steps, above the threshold for threads), so that neither the score
 * matrices nor the packed keys and values are allocated per call, and nothing grows with the
 * sequence. Also: the threaded call gives the bits of the same call on one thread.
 */
class MultiHeadAttentionWorkspaceTest {
  private static final int D = 64;
  private static final int HEADS = 4;
  private static final int KEY = 16;

  private static float[] rand(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * 0.3);
    }
    return a;
  }

  private static EinsumDense projection(Random r, String name) {
    return new EinsumDense(name, "abc,cde->abde", new int[] {D, HEADS, KEY}, rand(r, D * HEADS * KEY),
        new int[] {HEADS, KEY}, rand(r, HEADS * KEY), null);
  }

  private static Model block(MultiHeadAttention.Semantics semantics) {
    Random r = new Random(13);
    EinsumDense out = new EinsumDense("attention_output", "abcd,cde->abe", new int[] {HEADS, KEY, D},
        rand(r, HEADS * KEY * D), new int[] {D}, rand(r, D), null);
    MultiHeadAttention mha = new MultiHeadAttention("mha", HEADS, KEY, KEY, projection(r, "query"),
        projection(r, "key"), projection(r, "value"), out, null, 0f, semantics, null);
    Model.Builder b = Model.builder("block");
    Model.Ref x = b.input("x", new int[] {-1, -1, D});
    Model.Ref y = b.call(mha, x, x)[0];
    return b.build(b.call(new LayerNormalization("ln", rand(r, D), rand(r, D)), y)[0]);
  }

  // GroupedQueryAttention(head_dim=KEY, HEADS query heads, 2 key/value heads), causal.
  private static Model groupedBlock() {
    Random r = new Random(16);
    EinsumDense out = new EinsumDense("attention_output", "abcd,cde->abe", new int[] {HEADS, KEY, D},
        rand(r, HEADS * KEY * D), new int[] {D}, rand(r, D), null);
    EinsumDense key = new EinsumDense("key", "abc,cde->abde", new int[] {D, 2, KEY}, rand(r, D * 2 * KEY),
        new int[] {2, KEY}, rand(r, 2 * KEY), null);
    EinsumDense value = new EinsumDense("value", "abc,cde->abde", new int[] {D, 2, KEY}, rand(r, D * 2 * KEY),
        new int[] {2, KEY}, rand(r, 2 * KEY), null);
    GroupedQueryAttention gqa = new GroupedQueryAttention("gqa", KEY, HEADS, 2, projection(r, "query"), key, value,
        out, 0f, new MultiHeadAttention.Call(false, false, false, false, false, true, false));
    Model.Builder b = Model.builder("grouped");
    Model.Ref x = b.input("x", new int[] {-1, -1, D});
    Model.Ref y = b.call(gqa, x, x)[0];
    return b.build(b.call(new LayerNormalization("ln", rand(r, D), rand(r, D)), y)[0]);
  }

  @Test
  @Tag(Allocations.TAG)
  void headsOnThreadsAllocateNothingPerCall() {
    for (MultiHeadAttention.Semantics s : MultiHeadAttention.Semantics.values()) {
      assertNothingPerCall(block(s), s.toString());
    }
    assertNothingPerCall(groupedBlock(), "GroupedQueryAttention");
  }

  private static void assertNothingPerCall(Model m, String s) {
    {
      Random r = new Random(14);
      Tensor small = Tensor.of(rand(r, 16 * D), 1, 16, D);
      // 2 · 2 · 4 heads · 128 · 128 · (16 + 16) = 8.4 MFLOP: the heads run as tiles on the threads.
      Tensor large = Tensor.of(rand(r, 2 * 128 * D), 2, 128, D);
      Tensor smallOut = Tensor.zeros(1, 16, D);
      Tensor largeOut = Tensor.zeros(2, 128, D);
      // Warm up until C2 has compiled the kernels (the Vector API allocates its vectors until then);
      // on a loaded machine C2's queue is long, so a round that still allocates gets more warm-up,
      // for up to a minute.
      long smallBytes = Long.MAX_VALUE;
      long largeBytes = Long.MAX_VALUE;
      long deadline = System.nanoTime() + 60_000_000_000L;
      for (int round = 0; (round == 0 || System.nanoTime() < deadline)
          && !((ParallelGemm.THREADS == 1 || largeBytes <= smallBytes + 256) && largeBytes < 8_192); round++) {
        for (int i = 0; i < 1_500; i++) {
          m.predict(small, smallOut);
          if (i % 10 == 0) {
            m.predict(large, largeOut);
          }
        }
        smallBytes = Allocations.bytesPerCall(m, small, smallOut, 0);
        largeBytes = Allocations.bytesPerCall(m, large, largeOut, 0);
      }
      assertTrue(ParallelGemm.THREADS == 1 || largeBytes <= smallBytes + 256,
          s + ": a call with its heads on threads allocated " + largeBytes + " B, a small one " + smallBytes + " B");
      // The bookkeeping (shapes, tensors, outputs of four projections and the layer) is ~6 kB; a
      // score matrix alone would be 64 kB per head, the packed keys 8 kB.
      assertTrue(largeBytes < 8_192, s + ": a call allocated " + largeBytes + " B");
    }
  }

  @Test
  void threadedHeadsGiveTheSameBitsAsOneThread() throws Exception {
    Model m = block(MultiHeadAttention.Semantics.KERAS3);
    Tensor x = Tensor.of(rand(new Random(15), 2 * 128 * D), 2, 128, D);
    float[] threaded = m.predict(x).data();
    // Another thread's call finds the pool busy only while this one runs; run it alone instead:
    // a call made from inside a pool job runs its tiles on its own thread.
    float[][] alone = new float[1][];
    io.kerasj.internal.Tiles.run(2, Long.MAX_VALUE, 0, (Object st, int t, float[] sc, int so) -> {
      if (t == 0) {
        alone[0] = m.predict(x).data();
      }
    }, null);
    assertArrayEquals(threaded, alone[0]);
  }
}
