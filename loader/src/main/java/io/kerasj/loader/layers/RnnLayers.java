package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.rnn.Bidirectional;
import io.kerasj.layers.rnn.ConvLSTM;
import io.kerasj.layers.rnn.GRUCell;
import io.kerasj.layers.rnn.LNSimpleRNNCell;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.RNNCell;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.layers.rnn.StackedRNNCells;
import io.kerasj.layers.rnn.TimeDistributed;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' recurrent layers and cells ({@code keras/src/layers/rnn}): RNN, LSTM, GRU, SimpleRNN and
 * their cells, StackedRNNCells, Bidirectional, TimeDistributed; and the notebook's
 * {@code LNSimpleRNNCell}, registered by {@link io.kerasj.loader.CustomObjects#defaults()}.
 */
final class RnnLayers {
  private RnnLayers() {}

  static void register(Registry r) {
    r.layer("RNN", RnnLayers::rnn);
    r.layer("LSTM", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "LSTM",
        lstmCell(c, w.scope("cell"), Options.features(c, s, 3))));
    r.layer("GRU", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "GRU",
        gruCell(c, w.scope("cell"), Options.features(c, s, 3))));
    r.layer("SimpleRNN", (c, w, s, ctx) -> recurrent(c, w, s, ctx, "SimpleRNN",
        simpleRnnCell(c, w.scope("cell"), Options.features(c, s, 3))));
    r.layer("ConvLSTM1D", (c, w, s, ctx) -> convLstm(c, w, s, 1));
    r.layer("ConvLSTM2D", (c, w, s, ctx) -> convLstm(c, w, s, 2));
    r.layer("ConvLSTM3D", (c, w, s, ctx) -> convLstm(c, w, s, 3));
    r.layer("Bidirectional", RnnLayers::bidirectional);
    r.layer("TimeDistributed", RnnLayers::timeDistributed);
    r.cell("StackedRNNCells", RnnLayers::stackedCells);
    r.cell("LSTMCell", (c, w, in, ctx) -> lstmCell(c, w, in));
    r.cell("GRUCell", (c, w, in, ctx) -> gruCell(c, w, in));
    r.cell("SimpleRNNCell", (c, w, in, ctx) -> simpleRnnCell(c, w, in));
    r.nestedLayers("TimeDistributed", "layer");
    r.nestedLayers("Bidirectional", "layer", "backward_layer");
    r.nestedCells("RNN", "cell");
    r.nestedCells("StackedRNNCells", "cells");
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
    return new TimeDistributed(c.name(), layer, c.kerasMajor() >= 3);
  }

  /**
   * {@code ConvLSTM1D} / {@code 2D} / {@code 3D}: the window options of the convolutions (Keras refuses
   * strides together with dilation here too), the LSTM options ({@code return_state}: three outputs,
   * the output and the final {@code h} and {@code c}); weights {@code kernel}, {@code
   * recurrent_kernel}, {@code bias} of the cell.
   */
  static Layer convLstm(LayerConfig c, LayerWeights w, int[] inputShape, int rank) {
    DataFormat format = Options.dataFormat(c);
    if (inputShape.length != rank + 3) {
      throw new ShapeMismatchException(c.where() + ": expects an input of rank " + (rank + 3) + ", gets shape "
          + io.kerasj.Model.formatShape(inputShape));
    }
    int[] frame = new int[rank + 2];
    frame[0] = -1;
    System.arraycopy(inputShape, 2, frame, 1, rank + 1);
    int in = Options.channels(c, frame, rank + 2, format);
    int filters = c.getInt("filters");
    ConvWindow window = ConvolutionalLayers.window(c, rank, false, false);
    Activation act = c.activation("activation", "tanh");
    // (tf-keras' default is hard_sigmoid, Keras 3's sigmoid; both write it.)
    Activation rec = c.activation("recurrent_activation", c.kerasMajor() >= 3 ? "sigmoid" : "hard_sigmoid");
    boolean useBias = c.getBoolean("use_bias", true);
    c.expect("stateful", false);
    c.expect("time_major", false);
    // Initialisation, training-time dropout and how TensorFlow builds the loop do not change
    // inference. Keras 3 passes zero_output_for_mask to its RNN; tf-keras' ConvRNN never applies it.
    c.ignore("unit_forget_bias", "dropout", "recurrent_dropout", "seed", "unroll");
    boolean zeroOutput = false;
    if (c.kerasMajor() >= 3) {
      zeroOutput = c.getBoolean("zero_output_for_mask", false);
    } else {
      c.ignore("zero_output_for_mask");
    }
    LayerWeights cell = w.scope("cell");
    float[] kernel = cell.next("kernel", ConvolutionalLayers.withSpatial(window.kernelSize(), in, 4 * filters));
    float[] recurrent = cell.next("recurrent_kernel",
        ConvolutionalLayers.withSpatial(window.kernelSize(), filters, 4 * filters));
    float[] bias = useBias ? cell.next("bias", 4L * filters) : null;
    return new ConvLSTM(c.name(), rank, in, filters, window, format, kernel, recurrent, bias, act, rec,
        c.getBoolean("return_sequences", false), c.getBoolean("go_backwards", false),
        c.getBoolean("return_state", false), zeroOutput);
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
    int in = Options.features(c, inputShape, 3);
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
      String base = LayerWeights.attributeName(cc.className());
      int k = counters.merge(base, 1, Integer::sum) - 1;
      RNNCell cell = ctx.cell(cc, list.scope(k == 0 ? base : base + "_" + k), size);
      size = cell.outputSize();
      built.add(cell);
    }
    return new StackedRNNCells(built);
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
