package io.kerasj.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Model;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.ReferenceChecks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ReversibleEmbedding: the lookup is Embedding's; the reverse call is {@code x · embeddingsᵀ} (or {@code reverse_embeddings}), soft-capped. */
class ReversibleEmbeddingTest {
  private static final int V = 7;
  private static final int D = 5;
  private final Random random = new Random(3);
  private final float[] e = ReferenceChecks.gaussian(random, V * D, 0.5);
  private final Tensor h = Tensor.of(ReferenceChecks.gaussian(random, 2 * 3 * D, 1.0), 2, 3, D);

  private double[] logits(float[] w, boolean tied, double cap) {
    float[] x = h.data();
    int rows = x.length / D;
    double[] r = new double[rows * V];
    for (int i = 0; i < rows; i++) {
      for (int v = 0; v < V; v++) {
        double acc = 0;
        for (int d = 0; d < D; d++) {
          acc += x[i * D + d] * (tied ? w[v * D + d] : w[d * V + v]);
        }
        r[i * V + v] = Double.isNaN(cap) ? acc : Math.tanh(acc / cap) * cap;
      }
    }
    return r;
  }

  @Test
  void theLookupIsEmbeddingsAndCarriesThePaddingMask() {
    ReversibleEmbedding l = new ReversibleEmbedding("emb", V, D, e, true, null, Float.NaN);
    Embedding plain = new Embedding("emb", V, D, e, true);
    Tensor ids = Tensor.of(new float[] {3, 0, 6, 1, 2, 0}, 2, 3);
    Layer.Output a = l.forward(new Tensor[] {ids}, new Mask[1], null);
    Layer.Output b = plain.forward(new Tensor[] {ids}, new Mask[1], null);
    assertArrayEquals(b.tensors()[0].data(), a.tensors()[0].data());
    assertEquals(b.masks()[0], a.masks()[0]);
  }

  @Test
  void theReverseCallProjectsOntoTheVocabulary() {
    ReversibleEmbedding tied = new ReversibleEmbedding("emb", V, D, e, false, null, Float.NaN);
    ReferenceChecks.close(logits(e, true, Double.NaN), tied.reversed().call(h), 1e-6, "tied");
    float[] rev = ReferenceChecks.gaussian(random, D * V, 0.5);
    ReversibleEmbedding untied = new ReversibleEmbedding("emb", V, D, e, false, rev, Float.NaN);
    ReferenceChecks.close(logits(rev, false, Double.NaN), untied.reversed().call(h), 1e-6, "untied");
    ReversibleEmbedding capped = new ReversibleEmbedding("emb", V, D, e, false, null, 0.5f);
    ReferenceChecks.close(logits(e, true, 0.5), capped.reversed().call(h), 1e-6, "logit_soft_cap 0.5");
    Layer.Output o = tied.reversed().forward(new Tensor[] {h}, new Mask[] {new Mask(2, 3, new boolean[6])}, null);
    assertNull(o.masks()[0], "the reverse call passes no mask on");
  }

  @Test
  void aModelListsAndCountsTheLayerOnce() {
    float[] rev = ReferenceChecks.gaussian(random, D * V, 0.5);
    ReversibleEmbedding l = new ReversibleEmbedding("emb", V, D, e, false, rev, Float.NaN);
    Model.Builder b = Model.builder("m");
    Model.Ref ids = b.input("ids", new int[] {-1, -1});
    Model.Ref y = b.call(l.reversed(), b.call(l, ids)[0])[0];
    Model m = b.build(y);
    assertEquals(List.of(l), m.layers());
    assertSame(l, l.reversed().owner());
    assertEquals(2L * V * D, m.trainableParams());
    assertArrayEquals(new int[] {-1, -1, V}, m.outputShape());
    // One row for the layer, connected to both its calls' inputs (as Keras prints a shared layer).
    String summary = m.summary();
    assertEquals(1, summary.split("\\(ReversibleEmbedding\\)", -1).length - 1, summary);
    assertTrue(summary.contains("ids[0][0]") && summary.contains("emb[0][0]"), summary);
  }

  @Test
  void misShapedWeightsAndInputsAreRefusedNamingThem() {
    ShapeMismatchException w = assertThrows(ShapeMismatchException.class,
        () -> new ReversibleEmbedding("emb", V, D, e, false, new float[V * D - 1], Float.NaN));
    assertTrue(w.getMessage().contains("'emb'") && w.getMessage().contains("'reverse_embeddings'")
        && w.getMessage().contains("[5, 7]"), w.getMessage());
    ShapeMismatchException em = assertThrows(ShapeMismatchException.class,
        () -> new ReversibleEmbedding("emb", V, D, new float[3], false, null, Float.NaN));
    assertTrue(em.getMessage().contains("'embeddings'"), em.getMessage());
    ReversibleEmbedding l = new ReversibleEmbedding("emb", V, D, e, false, null, Float.NaN);
    InvalidInputException i = assertThrows(InvalidInputException.class,
        () -> l.reversed().call(Tensor.zeros(1, 2, D + 1)));
    assertTrue(i.getMessage().contains("'emb'") && i.getMessage().contains("reverse=True"), i.getMessage());
  }
}
