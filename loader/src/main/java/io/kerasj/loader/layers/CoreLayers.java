package io.kerasj.loader.layers;

import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.core.EinsumDense;
import io.kerasj.layers.core.Identity;
import io.kerasj.layers.core.Embedding;
import io.kerasj.layers.core.ReversibleEmbedding;
import io.kerasj.layers.core.Masking;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.Map;

/**
 * Keras' core layers ({@code keras/src/layers/core}): Dense, EinsumDense, Embedding, Identity,
 * Masking.
 */
final class CoreLayers {
  private CoreLayers() {}

  static void register(Registry r) {
    r.layer("Dense", CoreLayers::dense);
    r.layer("Embedding", CoreLayers::embedding);
    r.layer("ReversibleEmbedding", CoreLayers::reversibleEmbedding);
    r.callArguments("ReversibleEmbedding", "reverse");
    r.callVariant("ReversibleEmbedding", CoreLayers::reversibleEmbeddingCall);
    r.layer("Masking", CoreLayers::masking);
    r.layer("EinsumDense", CoreLayers::einsumDense);
    r.layer("Identity", (c, w, in, ctx) -> new Identity(c.name(), c.kerasMajor() >= 3));
  }

  /**
   * EinsumDense, shaped as Keras' {@code _analyze_einsum_string} shapes it. The output's axes are
   * the batch axis, then {@code output_shape} (a left {@code ...} comes before them, a right one
   * after); a kernel axis takes its size from the output axis or the input axis of the same label;
   * the bias spans the output labels from the first of {@code bias_axes} on, 1 on labels not in
   * {@code bias_axes} and on the axes of a right {@code ...}. Keras 3 LoRA ({@code lora_rank}) is
   * merged into the kernel as for Dense.
   */
  static Layer einsumDense(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    String equation = c.getString("equation", null);
    if (equation == null) {
      throw new ModelFormatException(c.where() + ": option 'equation' is missing");
    }
    String[] terms = EinsumDense.terms(equation);
    String in = terms[0];
    String k = terms[1];
    String out = terms[2];
    boolean left = in.startsWith(".");
    if (k.indexOf('.') >= 0 || (in.indexOf('.') > 0 && in.indexOf('.') < in.length() - 1)) {
      throw new ModelFormatException(c.where() + ": equation " + io.kerasj.Messages.quote(equation)
          + " is not of a form EinsumDense takes ([X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...)");
    }
    String inSpec = in.replace(".", "");
    String outSpec = out.replace(".", "");
    int elided = inputShape.length - inSpec.length();
    boolean ellipsis = in.indexOf('.') >= 0;
    if (elided < 0 || (!ellipsis && elided != 0)) {
      throw new ModelFormatException(c.where() + ": equation " + io.kerasj.Messages.quote(equation) + " names "
          + inSpec.length() + " input axes" + (ellipsis ? " (and ...)" : "") + ", the input has shape "
          + io.kerasj.Model.formatShape(inputShape) + " (rank " + inputShape.length + ")");
    }
    int[] partial = partialOutput(c);
    int[] outSize = new int[outSpec.length()];
    for (int i = 0; i < outSize.length; i++) {
      int p = left && elided > 0 ? i : i - 1;
      outSize[i] = p < 0 ? inputShape[0] : p < partial.length ? partial[p] : -1;
    }
    int[] kernelShape = new int[k.length()];
    for (int i = 0; i < kernelShape.length; i++) {
      int o = outSpec.indexOf(k.charAt(i));
      int j = inSpec.indexOf(k.charAt(i));
      int ij = left ? j + elided : j;
      kernelShape[i] = o >= 0 ? outSize[o] : j >= 0 && ij >= 0 && ij < inputShape.length ? inputShape[ij] : -1;
    }
    String biasAxes = c.getString("bias_axes", null);
    int rank = c.getInt("lora_rank", 0);
    boolean loraFirst = rank > 0 && w.isLegacyLayout() && c.getBoolean("trainable", true);
    // Sizes the config leaves open (None) are the file's, checked against the input when the layer runs.
    int[] fileKernel = w.peekShape(loraFirst ? "lora_kernel_a" : "kernel");
    for (int i = 0; i < kernelShape.length && fileKernel.length == kernelShape.length; i++) {
      if (kernelShape[i] < 0 && !(loraFirst && i == kernelShape.length - 1)) {
        kernelShape[i] = fileKernel[i];
      }
    }
    int[] biasShape = null;
    if (biasAxes != null) {
      int first = Integer.MAX_VALUE;
      for (char ch : biasAxes.toCharArray()) {
        if (outSpec.indexOf(ch) < 0) {
          throw new ModelFormatException(c.where() + ": bias axis '" + ch + "' is not in the output of "
              + io.kerasj.Messages.quote(equation));
        }
        first = Math.min(first, outSpec.indexOf(ch));
      }
      int n = outSpec.length() - first;
      biasShape = new int[n + (!left && elided > 0 ? elided : 0)];
      java.util.Arrays.fill(biasShape, 1);
      for (int i = 0; i < n; i++) {
        char ch = outSpec.charAt(first + i);
        if (biasAxes.indexOf(ch) >= 0) {
          biasShape[i] = outSize[first + i] >= 0 || k.indexOf(ch) < 0 ? outSize[first + i] : kernelShape[k.indexOf(ch)];
        }
      }
    }
    Activation act = c.activation("activation", "linear");
    c.expect("quantization_config", "none");
    float[] bias = null;
    float[] kernel;
    if (loraFirst) {
      // Legacy files hold the trainable weights first (bias, lora_kernel_a, lora_kernel_b), then the kernel.
      bias = biasShape == null ? null : w.next("bias", biasShape);
      kernel = Options.loraKernel(c, w, "kernel", kernelShape, null, 0, true)[0];
    } else {
      float[][] kb = Options.loraKernel(c, w, "kernel", kernelShape, biasShape == null ? null : "bias", biasShape, true);
      kernel = kb[0];
      bias = kb[1];
    }
    return new EinsumDense(c.name(), equation, kernelShape, kernel, biasShape, bias, act);
  }

  /** {@code output_shape}: an int or a list of ints and nulls (unknown). */
  private static int[] partialOutput(LayerConfig c) {
    JsonElement e = c.getJson("output_shape");
    if (e == null) {
      throw new ModelFormatException(c.where() + ": option 'output_shape' is missing");
    }
    if (!e.isJsonArray()) {
      return new int[] {Options.intValue(c, "output_shape", e)};
    }
    int[] r = new int[e.getAsJsonArray().size()];
    for (int i = 0; i < r.length; i++) {
      JsonElement x = e.getAsJsonArray().get(i);
      r[i] = x.isJsonNull() ? -1 : Options.intValue(c, "output_shape", x);
    }
    return r;
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
    if (inputShape.length != 3) {
      // Keras reduces over the last axis only, so a (batch, time, rows, cols, channels) input gets a
      // mask per time step and pixel (ConvLSTM honours it pixel by pixel); kerasj's masks are per step.
      throw new io.kerasj.UnsupportedFeatureException(c.where() + ": Masking on an input of rank " + inputShape.length
          + " " + io.kerasj.Model.formatShape(inputShape) + " is not supported: Keras then masks each position of "
          + "the axes between time and features; kerasj supports (batch, time, features)");
    }
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

  /**
   * Keras 3 ReversibleEmbedding: Embedding's options ({@code input_dim}, {@code output_dim}, {@code
   * mask_zero}, LoRA on the embeddings with tied weights) and {@code tie_weights} (true: the
   * reverse call multiplies by {@code embeddingsᵀ}; false: by a second weight {@code
   * reverse_embeddings (output_dim, input_dim)}, created after {@code embeddings}), {@code
   * reverse_dtype} (a cast before the reverse product; only float32 is the same math) and {@code
   * logit_soft_cap}. The call option {@code reverse} picks the lookup or the projection; a model
   * usually calls the layer both ways ({@link #reversibleEmbeddingCall}).
   */
  static Layer reversibleEmbedding(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int inputDim = c.getInt("input_dim");
    int outputDim = c.getInt("output_dim");
    if (inputDim <= 0 || outputDim <= 0) {
      throw new ModelFormatException(c.where() + ": options 'input_dim' = " + inputDim + " and 'output_dim' = "
          + outputDim + " must be positive");
    }
    boolean maskZero = c.getBoolean("mask_zero", false);
    boolean tied = c.getBoolean("tie_weights", true);
    c.expect("sparse", false);
    String reverseDtype = c.getString("reverse_dtype", null);
    if (reverseDtype != null && !reverseDtype.equals("float32")) {
      throw new UnsupportedFeatureException(c.where() + ": option 'reverse_dtype' = " + Messages.quote(reverseDtype)
          + " is not supported (kerasj computes the reverse projection in float32; null and \"float32\" are)");
    }
    float softCap = c.getFloat("logit_soft_cap", Float.NaN);
    if (!Float.isNaN(softCap) && (softCap == 0f || !Float.isFinite(softCap))) {
      throw new ModelFormatException(c.where() + ": option 'logit_soft_cap' = " + softCap
          + " (Keras divides the logits by it)");
    }
    if (!tied && c.getInt("lora_rank", 0) > 0) {
      throw new UnsupportedFeatureException(c.where() + ": option 'lora_rank' with tie_weights=False is not "
          + "supported");
    }
    float[] e = Options.loraKernel(c, w, "embeddings", new int[] {inputDim, outputDim}, null, 0, false)[0];
    float[] rev = tied ? null : w.next("reverse_embeddings", outputDim, inputDim);
    ReversibleEmbedding layer = new ReversibleEmbedding(c.name(), inputDim, outputDim, e, maskZero, rev, softCap);
    return c.callFlag("reverse", false) ? layer.reversed() : layer;
  }

  /** A later call of a ReversibleEmbedding with the other {@code reverse} than its first call's. */
  static Layer reversibleEmbeddingCall(Layer built, Map<String, JsonElement> options, String where) {
    if (!options.keySet().stream().allMatch("reverse"::equals)) {
      return null;
    }
    JsonElement r = options.get("reverse");
    boolean reverse;
    if (r == null || r.isJsonNull()) {
      reverse = false;
    } else if (r.isJsonPrimitive() && r.getAsJsonPrimitive().isBoolean()) {
      reverse = r.getAsBoolean();
    } else {
      throw new ModelFormatException(where + ": call argument 'reverse' should be a boolean, got "
          + Messages.quote(String.valueOf(r)));
    }
    ReversibleEmbedding e = (ReversibleEmbedding) built.owner();
    return reverse ? e.reversed() : e;
  }
}
