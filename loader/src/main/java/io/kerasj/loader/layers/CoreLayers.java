package io.kerasj.loader.layers;

import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.core.Embedding;
import io.kerasj.layers.core.Masking;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' core layers ({@code keras/src/layers/core}): Dense, Embedding, Masking.
 */
final class CoreLayers {
  private CoreLayers() {}

  static void register(Registry r) {
    r.layer("Dense", CoreLayers::dense);
    r.layer("Embedding", CoreLayers::embedding);
    r.layer("Masking", CoreLayers::masking);
  }

  static Layer dense(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int in = Options.features(c, inputShape, 0);
    int units = c.getInt("units");
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    c.expect("quantization_config", "none");
    float[][] kb = Options.loraKernel(c, w, "kernel", new int[] {in, units}, useBias ? "bias" : null, units, false);
    return new Dense(c.name(), in, units, kb[0], kb[1], act);
  }

  static Layer masking(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new Masking(c.name(), c.getFloat("mask_value", 0f));
  }

  static Layer embedding(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int inputDim = c.getInt("input_dim");
    int outputDim = c.getInt("output_dim");
    boolean maskZero = c.getBoolean("mask_zero", false);
    c.expect("sparse", false);
    c.ignore("input_length");
    float[] e = Options.loraKernel(c, w, "embeddings", new int[] {inputDim, outputDim}, null, 0, false)[0];
    return new Embedding(c.name(), inputDim, outputDim, e, maskZero);
  }
}
