package io.kerasj.loader;

import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.core.Embedding;
import io.kerasj.layers.core.Masking;
import io.kerasj.layers.merging.Concatenate;
import io.kerasj.layers.merging.Dot;
import io.kerasj.layers.merging.Merge;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.regularization.Dropout;
import io.kerasj.layers.rnn.Bidirectional;
import io.kerasj.layers.rnn.GRUCell;
import io.kerasj.layers.rnn.LNSimpleRNNCell;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.RNNCell;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.layers.rnn.StackedRNNCells;
import io.kerasj.layers.rnn.TimeDistributed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The built-in Keras classes: one factory per class name, each reading exactly the options that
 * change inference and the weights in the order Keras creates them.
 */
final class Builtins {
  private Builtins() {}

  static final Map<String, LayerFactory> LAYERS = merge(SequenceLayers.FACTORIES, Map.ofEntries(
      Map.entry("Masking", Builtins::masking),
      Map.entry("Embedding", Builtins::embedding),
      Map.entry("Bidirectional", Builtins::bidirectional),
      Map.entry("Add", merge(Merge.Op.ADD)),
      Map.entry("Subtract", merge(Merge.Op.SUBTRACT)),
      Map.entry("Multiply", merge(Merge.Op.MULTIPLY)),
      Map.entry("Average", merge(Merge.Op.AVERAGE)),
      Map.entry("Maximum", merge(Merge.Op.MAXIMUM)),
      Map.entry("Minimum", merge(Merge.Op.MINIMUM)),
      Map.entry("Concatenate", Builtins::concatenate),
      Map.entry("Dot", Builtins::dot),
      Map.entry("NotEqual", Builtins::notEqual),
      Map.entry("Any", Builtins::any)), Map.of(
      "Dense", Builtins::dense,
      "TimeDistributed", Builtins::timeDistributed,
      "Dropout", Builtins::dropout,
      "LayerNormalization", Builtins::layerNormalization,
      "RNN", Builtins::rnn,
      "LSTM", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "LSTM", lstmCell(c, w.scope("cell"), features(c, s, 3))),
      "GRU", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "GRU", gruCell(c, w.scope("cell"), features(c, s, 3))),
      "SimpleRNN", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "SimpleRNN",
          simpleRnnCell(c, w.scope("cell"), features(c, s, 3)))));

  @SafeVarargs
  private static Map<String, LayerFactory> merge(Map<String, LayerFactory>... maps) {
    java.util.HashMap<String, LayerFactory> m = new java.util.HashMap<>();
    for (Map<String, LayerFactory> x : maps) {
      m.putAll(x);
    }
    return Map.copyOf(m);
  }

  static final Map<String, CellFactory> CELLS = Map.of(
      "StackedRNNCells", Builtins::stackedCells,
      "LSTMCell", (c, w, in, ctx) -> lstmCell(c, w, in),
      "GRUCell", (c, w, in, ctx) -> gruCell(c, w, in),
      "SimpleRNNCell", (c, w, in, ctx) -> simpleRnnCell(c, w, in));

  /** The last-axis size of the input, which must be known and the input of rank {@code rank}. */
  static int features(LayerConfig c, int[] inputShape, int rank) {
    if (rank > 0 && inputShape.length != rank) {
      throw new ShapeMismatchException(c.where() + ": expects an input of rank " + rank + ", gets shape "
          + io.kerasj.Model.formatShape(inputShape));
    }
    int f = inputShape[inputShape.length - 1];
    if (f < 0) {
      throw new ModelFormatException(c.where() + ": the input's last axis has unknown size "
          + io.kerasj.Model.formatShape(inputShape));
    }
    return f;
  }

  static Layer dense(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int in = features(c, inputShape, 0);
    int units = c.getInt("units");
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    c.expect("quantization_config", "none");
    float[][] kb = loraKernel(c, w, "kernel", new int[] {in, units}, useBias ? "bias" : null, units, false);
    return new Dense(c.name(), in, units, kb[0], kb[1], act);
  }

  /**
   * The kernel (and bias) of a layer that may have Keras 3 LoRA on ({@code lora_rank} set). A
   * {@code .keras} or {@code .weights.h5} file holds the kernel with the LoRA delta already merged;
   * a legacy {@code .h5} holds the trainable weights first (bias, {@code lora_*_a}, {@code
   * lora_*_b}) and then the frozen kernel, and the layer computes with {@code kernel + scale · (a ·
   * b)}. Dense and Embedding re-enable LoRA at build without the configured {@code lora_alpha}, so
   * Keras reloads them with scale 1; Conv layers keep {@code lora_alpha / lora_rank}.
   *
   * @param bias the bias weight's name, or {@code null} when the layer has none
   * @param alphaKept whether the layer keeps {@code lora_alpha} when Keras rebuilds it (Conv)
   * @return {kernel, bias (or null)}
   */
  static float[][] loraKernel(LayerConfig c, LayerWeights w, String kernel, int[] kernelShape, String bias, int biasSize,
                              boolean alphaKept) {
    int rank = c.getInt("lora_rank", 0);
    c.ignore("lora_alpha");
    if (rank <= 0 || !(w instanceof LayerWeights.Legacy)) {
      float[] k = w.next(kernel, kernelShape);
      return new float[][] {k, bias == null ? null : w.next(bias, biasSize)};
    }
    double scale = alphaKept ? c.getFloat("lora_alpha", rank) / (double) rank : 1.0;
    // Legacy files list trainable weights first; LoRA freezes the kernel, unless the whole layer
    // is frozen, when all four keep their creation order.
    boolean frozen = !c.getBoolean("trainable", true);
    float[] k = frozen ? w.next(kernel, kernelShape) : null;
    float[] b = bias == null ? null : w.next(bias, biasSize);
    int out = kernelShape[kernelShape.length - 1];
    int rows = 1;
    for (int i = 0; i < kernelShape.length - 1; i++) {
      rows = Math.multiplyExact(rows, kernelShape[i]);
    }
    int[] aShape = kernelShape.clone();
    aShape[aShape.length - 1] = rank;
    float[] a = w.next("lora_" + kernel + "_a", aShape);
    float[] f = w.next("lora_" + kernel + "_b", rank, out);
    if (!frozen) {
      k = w.next(kernel, kernelShape);
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < out; j++) {
        double d = 0;
        for (int r = 0; r < rank; r++) {
          d += (double) a[i * rank + r] * f[r * out + j];
        }
        k[i * out + j] = (float) (k[i * out + j] + scale * d);
      }
    }
    return new float[][] {k, b};
  }

  static Layer timeDistributed(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    if (inputShape.length < 3) {
      throw new ShapeMismatchException(c.where() + ": needs an input of rank >= 3, gets "
          + io.kerasj.Model.formatShape(inputShape));
    }
    int[] inner = new int[inputShape.length - 1];
    inner[0] = -1;
    System.arraycopy(inputShape, 2, inner, 1, inputShape.length - 2);
    Layer layer = ctx.layer(c.nested("layer"), w.scope("layer"), inner);
    return new TimeDistributed(c.name(), layer);
  }

  static Layer dropout(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    c.ignore("rate", "noise_shape", "seed");
    return new Dropout(c.name());
  }

  /**
   * Keras 3 writes {@code axis} as a list ({@code [-1]} by default) and creates gamma over the axes
   * as written, sorted ({@code [-1, 1]} gives gamma of shape {@code (d2, d1)}); tf-keras writes
   * non-negative axes and keeps their order. Either way the call reshapes gamma and beta to the
   * broadcast shape, i.e. reads them row-major over the axes in ascending order, which is what
   * the runtime layer takes. Gamma exists when {@code scale} or {@code rms_scaling} is on, beta
   * when {@code center} is on and {@code rms_scaling} off (Keras 3 keeps {@code center: true} in
   * the config of an RMS layer that has no beta).
   */
  static Layer layerNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    boolean keras3 = c.kerasMajor() >= 3;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0 && !keras3) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (tf-keras cannot build a layer over no axes)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    float eps = c.getFloat("epsilon", LayerNormalization.DEFAULT_EPSILON);
    boolean rms = c.getBoolean("rms_scaling", false);
    if (rms && !keras3) {
      throw new UnsupportedFeatureException(c.where() + ": option 'rms_scaling' = true in a Keras " + c.kerasMajor()
          + " file (only Keras 3 has it)");
    }
    boolean hasGamma = c.getBoolean("scale", true) || rms;
    boolean hasBeta = c.getBoolean("center", true) && !rms;
    int[] created = raw.clone(); // the axes in the order of gamma's dimensions
    if (keras3) {
      Arrays.sort(created);
    }
    created = Axes.resolve(c, "axis", created, rank);
    if (hasGamma || hasBeta) {
      Axes.requireKnown(c, "axis", inputShape, axes);
      if (created.length == rank && !Arrays.equals(created, axes)) {
        // Keras does not reshape a weight of the input's rank: it broadcasts it as created.
        throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + Arrays.toString(raw)
            + " lists every axis out of order; Keras broadcasts gamma unreshaped then, which kerasj does not reproduce");
      }
    }
    Axes.batchAxis(c, "axis", inputShape, axes);
    int[] paramShape = Axes.sizes(inputShape, created);
    float[] gamma = hasGamma ? w.next("gamma", paramShape) : null;
    float[] beta = hasBeta ? w.next("beta", paramShape) : null;
    int[] sizes = Axes.sizes(inputShape, axes);
    if (Axes.isLast(axes, rank) && sizes[0] > 0) {
      return new LayerNormalization(c.name(), sizes[0], eps, gamma, beta, rms);
    }
    return new LayerNormalization(c.name(), rank, axes, sizes, eps, gamma, beta, rms);
  }

  /** Options every recurrent layer shares; the cell is built by the caller. */
  static Layer recurrent(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx, String kerasClass,
                         RNNCell cell) {
    RNN.Options o = RNN.Options.defaults()
        .returnSequences(c.getBoolean("return_sequences", false))
        .returnState(c.getBoolean("return_state", false))
        .goBackwards(c.getBoolean("go_backwards", false))
        .zeroOutputForMask(c.getBoolean("zero_output_for_mask", false))
        .timeMajor(c.getBoolean("time_major", false))
        .stateful(c.getBoolean("stateful", false));
    // unroll only changes how TensorFlow builds the loop, not the math.
    c.ignore("unroll", "use_cudnn", "implementation", "dropout", "recurrent_dropout", "seed");
    c.expect("num_constants", 0);
    return new RNN(c.name(), kerasClass, cell, o);
  }

  static Layer rnn(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int in = features(c, inputShape, 3);
    com.google.gson.JsonElement cellJson = c.getJson("cell");
    RNNCell cell = cellJson != null && cellJson.isJsonArray()
        ? stacked(c.nestedList("cell"), w.scope("cell"), in, ctx)
        : ctx.cell(c.nested("cell"), w.scope("cell"), in);
    return recurrent(c, w, inputShape, ctx, "RNN", cell);
  }

  static RNNCell stackedCells(LayerConfig c, LayerWeights w, int in, LoadContext ctx) {
    c.expect("reverse_state_order", false);
    return stacked(c.nestedList("cells"), w, in, ctx);
  }

  /** Cells in order, each fed by the previous; Keras 3 keeps them in the list attribute {@code cells}. */
  private static RNNCell stacked(List<LayerConfig> cells, LayerWeights w, int in, LoadContext ctx) {
    List<RNNCell> built = new ArrayList<>();
    Map<String, Integer> counters = new java.util.HashMap<>();
    LayerWeights list = w.scope("cells");
    int size = in;
    for (LayerConfig cc : cells) {
      String base = WeightStore.snakeCase(cc.className());
      int k = counters.merge(base, 1, Integer::sum) - 1;
      RNNCell cell = ctx.cell(cc, list.scope(k == 0 ? base : base + "_" + k), size);
      size = cell.outputSize();
      built.add(cell);
    }
    return new StackedRNNCells(built);
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
    float[] e = loraKernel(c, w, "embeddings", new int[] {inputDim, outputDim}, null, 0, false)[0];
    return new Embedding(c.name(), inputDim, outputDim, e, maskZero);
  }

  private static LayerFactory merge(Merge.Op op) {
    return (c, w, s, ctx) -> new Merge(c.name(), op);
  }

  /** Keras 3 saves a Masking layer's mask computation as {@code not_equal(x, value)} then {@code any}. */
  static Layer notEqual(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    List<com.google.gson.JsonElement> k = c.callConstants();
    if (k.size() != 1 || !k.get(0).isJsonPrimitive() || !k.get(0).getAsJsonPrimitive().isNumber()) {
      throw new UnsupportedFeatureException(c.where() + ": kerasj supports not_equal(tensor, number) only, got constants " + k);
    }
    return new io.kerasj.ops.NotEqual(c.name(), k.get(0).getAsFloat());
  }

  static Layer any(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int axis = c.getInt("axis", -1);
    if (axis != -1 && axis != inputShape.length - 1) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + axis + " is not supported (last axis only)");
    }
    c.callConstants();
    return new io.kerasj.ops.Any(c.name(), c.getBoolean("keepdims", false));
  }

  /** {@code axes}: one int for both inputs, or a pair; negative values count from the end of each input. */
  static Layer dot(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int[] axes = c.getInts("axes");
    if (axes == null) {
      throw new ModelFormatException(c.where() + ": required option 'axes' is missing");
    }
    boolean pair = c.getJson("axes").isJsonArray();
    if (pair && axes.length != 2) {
      throw new ModelFormatException(c.where() + ": option 'axes' should be an integer or a pair, got "
          + c.getJson("axes") + " (Keras refuses it too)");
    }
    return new Dot(c.name(), axes[0], pair ? axes[1] : axes[0], c.getBoolean("normalize", false));
  }

  static Layer concatenate(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int axis = c.getInt("axis", -1);
    if (axis == 0 || axis == -inputShape.length) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + axis + " concatenates along the batch "
          + "axis, which kerasj does not support");
    }
    return new Concatenate(c.name(), axis);
  }

  /**
   * Keras 2 stores the wrapped layer as {@code layer} and the backward one only when given; Keras 3
   * stores both. Weights: forward then backward (legacy), or {@code forward_layer} /
   * {@code backward_layer} groups (Keras 3).
   */
  static Layer bidirectional(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Bidirectional.MergeMode mode = c.isExplicitNull("merge_mode") ? Bidirectional.MergeMode.NONE
        : Bidirectional.MergeMode.forKerasName(c.getString("merge_mode", "concat"));
    LayerConfig fwdCfg = c.nested("layer");
    Layer fwd = ctx.layer(fwdCfg, w.scope("forward_layer"), inputShape);
    if (!(fwd instanceof RNN)) {
      throw new UnsupportedFeatureException(c.where() + ": wraps a " + fwd.kerasClass()
          + "; kerasj supports Bidirectional over recurrent layers");
    }
    RNN forward = (RNN) fwd;
    RNN backward;
    if (c.has("backward_layer")) {
      Layer bwd = ctx.layer(c.nested("backward_layer"), w.scope("backward_layer"), inputShape);
      if (!(bwd instanceof RNN)) {
        throw new UnsupportedFeatureException(c.where() + ": backward_layer is a " + bwd.kerasClass());
      }
      backward = (RNN) bwd;
    } else {
      // The backward copy of the wrapped layer: same config, go_backwards flipped, its own weights.
      RNN copy = (RNN) ctx.layer(c.nested("layer"), w.scope("backward_layer"), inputShape);
      backward = copy.withOptions("backward_" + copy.name(), copy.options().goBackwards(!copy.goBackwards()));
    }
    return new Bidirectional(c.name(), forward, backward, mode);
  }

  static RNNCell lstmCell(LayerConfig c, LayerWeights w, int in) {
    int units = c.getInt("units");
    Activation act = c.activation("activation", "tanh");
    Activation ra = c.activation("recurrent_activation", c.kerasMajor() >= 3 ? "sigmoid" : "hard_sigmoid");
    boolean useBias = c.getBoolean("use_bias", true);
    c.ignore("unit_forget_bias", "implementation", "dropout", "recurrent_dropout", "seed");
    float[] k = w.next("kernel", in, 4L * units);
    float[] r = w.next("recurrent_kernel", units, 4L * units);
    float[] b = useBias ? w.next("bias", 4L * units) : null;
    return new LSTMCell(c.name(), in, units, k, r, b, act, ra);
  }

  static RNNCell gruCell(LayerConfig c, LayerWeights w, int in) {
    int units = c.getInt("units");
    Activation act = c.activation("activation", "tanh");
    Activation ra = c.activation("recurrent_activation", c.kerasMajor() >= 3 ? "sigmoid" : "hard_sigmoid");
    boolean useBias = c.getBoolean("use_bias", true);
    c.ignore("implementation", "dropout", "recurrent_dropout", "seed");
    float[] k = w.next("kernel", in, 3L * units);
    float[] r = w.next("recurrent_kernel", units, 3L * units);
    boolean resetAfter;
    float[] b = null;
    if (useBias) {
      // The bias shape decides, as Keras' own converter does: (2, 3u) is reset_after, (3u) is not.
      int[] bs = w.peekShape("bias");
      boolean fromShape = bs.length == 2;
      if (c.has("reset_after") && c.getBoolean("reset_after", true) != fromShape) {
        throw new ShapeMismatchException(c.where() + ": reset_after=" + c.getBoolean("reset_after", true)
            + " but the bias has shape " + Arrays.toString(bs) + " (expected " + (fromShape ? "(3u,)" : "(2, 3u)") + ")");
      }
      resetAfter = fromShape;
      b = resetAfter ? w.next("bias", 2, 3L * units) : w.next("bias", 3L * units);
    } else {
      resetAfter = c.getBoolean("reset_after", c.kerasMajor() >= 3);
    }
    c.ignore("reset_after");
    return new GRUCell(c.name(), in, units, k, r, b, resetAfter, act, ra);
  }

  static RNNCell simpleRnnCell(LayerConfig c, LayerWeights w, int in) {
    int units = c.getInt("units");
    Activation act = c.activation("activation", "tanh");
    boolean useBias = c.getBoolean("use_bias", true);
    c.ignore("dropout", "recurrent_dropout", "seed");
    float[] k = w.next("kernel", in, units);
    float[] r = w.next("recurrent_kernel", units, units);
    float[] b = useBias ? w.next("bias", units) : null;
    return new SimpleRNNCell(c.name(), in, units, k, r, b, act);
  }

  /**
   * The notebook's {@code LNSimpleRNNCell}: its inner {@code SimpleRNNCell(units,
   * activation=None)} and {@code LayerNormalization()} are hard-coded in Python, so only
   * {@code units} and {@code activation} can be in the file, and {@code units} may be missing
   * (no {@code get_config}): it is then read off the kernel.
   */
  static RNNCell lnSimpleRnnCell(LayerConfig c, LayerWeights w, int in, LoadContext ctx) {
    LayerWeights s = w.scope("simple_rnn_cell");
    int units = c.has("units") ? c.getInt("units") : unitsFromKernel(c, s.peekShape("kernel"));
    Activation act = c.activation("activation", "tanh");
    float[] k = s.next("kernel", in, units);
    float[] r = s.next("recurrent_kernel", units, units);
    float[] b = s.next("bias", units);
    LayerWeights n = w.scope("layer_norm");
    float[] gamma = n.next("gamma", units);
    float[] beta = n.next("beta", units);
    String name = c.name();
    return new LNSimpleRNNCell(
        new SimpleRNNCell(name + "/simple_rnn_cell", in, units, k, r, b, Activation.LINEAR),
        new LayerNormalization(name + "/layer_norm", gamma, beta),
        act);
  }

  private static int unitsFromKernel(LayerConfig c, int[] kernelShape) {
    if (kernelShape.length != 2 || kernelShape[1] <= 0) {
      throw new ShapeMismatchException(c.where() + ": no 'units' in the config and the kernel shape "
          + Arrays.toString(kernelShape) + " does not give it (expected (input, units))");
    }
    return kernelShape[1];
  }
}
