package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.fails;

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
 * Hostile variants of the Keras-suite fixtures: a config that no longer fits its weights
 * (num_heads, key_dim, value_dim, output_shape, use_bias, use_gate, an EinsumDense equation or
 * output_shape), out-of-range options, and masks that do not broadcast to the scores. Each must
 * end in kerasj's exception family with a message naming the layer and the weight or option, with
 * the expected and the actual value.
 */
class KerasSuiteBadInputTest {
  static final Path DIR = KerasSuiteCompatTest.DIR;

  private static byte[] bytes(String p) throws Exception {
    return Files.readAllBytes(DIR.resolve(p));
  }

  private static Model withConfig(String model, String from, String to) throws Exception {
    String json = new String(bytes(model + "/k3_model.json"), StandardCharsets.UTF_8);
    if (!json.contains(from)) {
      throw new AssertionError(model + " no longer contains " + from);
    }
    return KerasModels.load(json.replace(from, to).getBytes(StandardCharsets.UTF_8),
        bytes(model + "/k3.weights.h5"), LoadOptions.defaults());
  }

  private static Model withK2Config(String model, String from, String to) throws Exception {
    String json = new String(bytes(model + "/k2_model.json"), StandardCharsets.UTF_8);
    if (!json.contains(from)) {
      throw new AssertionError(model + " no longer contains " + from);
    }
    return KerasModels.load(json.replace(from, to).getBytes(StandardCharsets.UTF_8),
        bytes(model + "/k2_weights.h5"), LoadOptions.defaults());
  }

  private static final String MHA = "ks_mha_scores_with_values"; // MultiHeadAttention(3, 4), features 8

  @Test
  void numHeadsThatDoNotMatchTheWeightsAreRefused() throws Exception {
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"num_heads\": 3", "\"num_heads\": 2"),
        "multi_head_attention", "query/kernel", "[8, 2, 4]", "[8, 3, 4]");
    fails(ShapeMismatchException.class, () -> withK2Config(MHA, "\"num_heads\": 3", "\"num_heads\": 4"),
        "multi_head_attention", "query/kernel", "[8, 4, 4]", "[8, 3, 4]");
  }

  @Test
  void keyDimAndValueDimThatDoNotMatchTheWeightsAreRefused() throws Exception {
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"key_dim\": 4", "\"key_dim\": 5"),
        "multi_head_attention", "query/kernel", "[8, 3, 5]", "[8, 3, 4]");
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"value_dim\": 4", "\"value_dim\": 2"),
        "multi_head_attention", "value/kernel", "[8, 3, 2]", "[8, 3, 4]");
  }

  @Test
  void anOutputShapeThatDoesNotMatchTheOutputKernelIsRefused() throws Exception {
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"output_shape\": null", "\"output_shape\": 6"),
        "multi_head_attention", "attention_output/kernel", "[3, 4, 6]", "[3, 4, 8]");
  }

  @Test
  void useBiasFalseWithBiasWeightsAndUseGateWithoutGateWeightsAreRefused() throws Exception {
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"use_bias\": true", "\"use_bias\": false"),
        "multi_head_attention", "weights the layer does not use", "query_dense/vars/1");
    fails(ShapeMismatchException.class, () -> withConfig(MHA, "\"use_gate\": false", "\"use_gate\": true"),
        "multi_head_attention", "gate/kernel");
  }

  @Test
  void outOfRangeOptionsAreRefusedByName() throws Exception {
    fails(UnsupportedFeatureException.class,
        () -> withConfig(MHA, "\"attention_axes\": [1]", "\"attention_axes\": [2]"),
        "multi_head_attention", "attention_axes", "[2]");
    fails(ModelFormatException.class,
        () -> withConfig(MHA, "\"sliding_window\": null", "\"sliding_window\": 0"),
        "multi_head_attention", "sliding_window", "0");
    fails(ModelFormatException.class, () -> withConfig(MHA, "\"num_heads\": 3", "\"num_heads\": 0"),
        "multi_head_attention", "num_heads", "0");
  }

  @Test
  void anEinsumEquationOrOutputShapeInconsistentWithTheKernelIsRefused() throws Exception {
    String m = "ks_einsum_2d_middle_weight"; // EinsumDense("ab,bc->ac", output_shape=64) on (32,)
    fails(ShapeMismatchException.class, () -> withConfig(m, "\"output_shape\": [64]", "\"output_shape\": [32]"),
        "einsum_dense", "kernel", "[32, 32]", "[32, 64]");
    fails(ShapeMismatchException.class, () -> withConfig(m, "\"equation\": \"ab,bc->ac\"",
        "\"equation\": \"ab,cb->ac\""), "einsum_dense", "kernel", "[64, 32]", "[32, 64]");
    fails(ModelFormatException.class, () -> withConfig(m, "\"equation\": \"ab,bc->ac\"",
        "\"equation\": \"abc,cd->abd\""), "einsum_dense", "abc,cd->abd", "rank 2");
  }

  @Test
  void anAttentionMaskThatDoesNotBroadcastToTheScoresIsRefused() throws Exception {
    // ks_mha_mask_shape_4d: attention_mask (B, 2, 5, 5) for 2 heads; fed one of (B, 3, 5, 5).
    Model m = KerasModels.load(DIR.resolve("ks_mha_mask_shape_4d/k3.keras"));
    Tensor x = Tensor.of(new float[40], 1, 5, 8);
    Tensor mask = Tensor.of(new float[75], 1, 3, 5, 5);
    fails(InvalidInputException.class, () -> m.predictAll(x, mask), "(None, 2, 5, 5)", "(1, 3, 5, 5)");
  }
}
