package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What GroupQueryAttention, RMSNormalization and ReversibleEmbedding refuse (fixtures of the {@code
 * llm} section of {@code generate_attention_fixtures.py}, their configs edited): options kerasj
 * does not implement by name, configs that do not fit the weights with the layer, the weight and
 * both shapes, inputs of the wrong shape.
 */
class LlmLayersBadInputTest {
  static final Path DIR = AttentionCompatTest.DIR;

  private static Model withConfig(String fixture, String from, String to) throws Exception {
    String json = Files.readString(DIR.resolve(fixture + "/k3_model.json"), StandardCharsets.UTF_8);
    if (!json.contains(from)) {
      throw new AssertionError(fixture + " no longer contains " + from);
    }
    return KerasModels.load(json.replace(from, to).getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(DIR.resolve(fixture + "/k3.weights.h5")), LoadOptions.defaults());
  }

  @Test
  void queryHeadsThatKeyValueHeadsDoNotDivideAreRefused() {
    fails(ModelFormatException.class, () -> withConfig("gqa_self", "\"num_key_value_heads\": 2",
        "\"num_key_value_heads\": 3"), "grouped_query_attention", "'num_query_heads' = 4", "'num_key_value_heads' = 3");
  }

  @Test
  void keyValueHeadsThatDoNotFitTheWeightsAreRefusedNamingTheWeight() {
    fails(ShapeMismatchException.class, () -> withConfig("gqa_self", "\"num_key_value_heads\": 2",
        "\"num_key_value_heads\": 4"), "grouped_query_attention", "key/kernel", "[8, 2, 4]", "expected [8, 4, 4]");
    fails(ShapeMismatchException.class, () -> withConfig("gqa_self", "\"head_dim\": 4", "\"head_dim\": 5"),
        "grouped_query_attention", "query/kernel", "[8, 4, 4]", "expected [8, 4, 5]");
  }

  @Test
  void aGateWithoutItsWeightsAndANonPositiveWindowAreRefused() {
    fails(ShapeMismatchException.class, () -> withConfig("gqa_self", "\"use_gate\": false",
        "\"use_gate\": true"), "grouped_query_attention", "gate/kernel");
    fails(ModelFormatException.class, () -> withConfig("gqa_self", "\"sliding_window\": null",
        "\"sliding_window\": 0"), "grouped_query_attention", "sliding_window", "positive");
    fails(ShapeMismatchException.class, () -> withConfig("mha_gate", "\"use_gate\": true",
        "\"use_gate\": false"), "multi_head_attention", "does not use", "_gate_dense");
  }

  @Test
  void attentionInputsOfTheWrongShapeAreRefused() throws Exception {
    Model m = KerasModels.load(DIR.resolve("gqa_self/k3.keras"));
    fails(InvalidInputException.class, () -> m.predict(Tensor.of(new float[2 * 3 * 7], 2, 3, 7)), "(None, None, 8)");
    Model masked = KerasModels.load(DIR.resolve("gqa_attention_mask/k3.keras"));
    Tensor q = Tensor.of(new float[5 * 6], 1, 5, 6);
    Tensor badMask = Tensor.of(new float[5 * 4], 1, 5, 4);
    fails(InvalidInputException.class, () -> masked.predictAll(q, q, badMask), "input 'm'", "(1, 5, 4)");
  }

  @Test
  void rmsAxesThatDoNotFitTheScaleAreRefusedNamingTheWeight() {
    fails(ShapeMismatchException.class, () -> withConfig("rms_axes", "\"axis\": [1, 2]", "\"axis\": [2]"),
        "rms_normalization", "'scale'", "[5, 6]", "expected [6]");
  }

  @Test
  void aScaleThatKerasWouldBroadcastOntoOtherSizesIsRefused() {
    // axis=[1] of a (5, 6) input: scale (5,) against the last axis (6): Keras itself fails there.
    fails(UnsupportedFeatureException.class, () -> withConfig("rms_axes", "\"axis\": [1, 2]", "\"axis\": [1]"),
        "rms_normalization", "'axis' = [1]", "'scale' the shape [5]", "(6,)");
  }

  @Test
  void untiedWeightsWithoutReverseEmbeddingsAreRefused() {
    fails(ShapeMismatchException.class, () -> withConfig("rev_embedding", "\"tie_weights\": true",
        "\"tie_weights\": false"), "reversible_embedding", "reverse_embeddings");
  }

  @Test
  void reverseDtypesOtherThanFloat32AndAZeroSoftCapAreRefused() {
    fails(UnsupportedFeatureException.class, () -> withConfig("rev_embedding_mask", "\"reverse_dtype\": \"float32\"",
        "\"reverse_dtype\": \"bfloat16\""), "reversible_embedding", "reverse_dtype", "bfloat16");
    fails(ModelFormatException.class, () -> withConfig("rev_embedding_soft_cap", "\"logit_soft_cap\": 0.5",
        "\"logit_soft_cap\": 0.0"), "reversible_embedding", "logit_soft_cap");
  }

  @Test
  void theReverseCallIsOneLayerInTheModel() throws Exception {
    Model m = KerasModels.load(DIR.resolve("rev_embedding_untied/k3.keras"));
    // embeddings (32, 8) and reverse_embeddings (8, 32), counted once; Dense(8) 72.
    assertEquals(2 * 32 * 8 + 72, m.trainableParams());
    assertEquals(1, m.layers().stream().filter(l -> l.kerasClass().equals("ReversibleEmbedding")).count());
  }
}
