package io.kerasj.loader.layers;

import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import com.google.gson.JsonElement;
import io.kerasj.ModelFormatException;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.core.EinsumDense;
import io.kerasj.layers.core.Identity;
import io.kerasj.layers.core.Embedding;
import io.kerasj.layers.core.Masking;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' core layers ({@code keras/src/layers/core}): Dense, EinsumDense, Embedding, Identity,
 * Masking.
 */
final class CoreLayers {
  private CoreLayers() {}

  static void register(Registry r) {
    r.layer("Dense", CoreLayers::dense);
    r.layer("Embedding", CoreLayers::embedding);
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
