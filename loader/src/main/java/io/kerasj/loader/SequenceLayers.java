package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.activations.ActivationLayer;
import io.kerasj.layers.activations.ELU;
import io.kerasj.layers.activations.LeakyReLU;
import io.kerasj.layers.activations.PReLU;
import io.kerasj.layers.activations.ReLU;
import io.kerasj.layers.activations.Softmax;
import io.kerasj.layers.activations.ThresholdedReLU;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.layers.normalization.BatchNormalization;
import io.kerasj.layers.pooling.AveragePooling1D;
import io.kerasj.layers.pooling.GlobalAveragePooling1D;
import io.kerasj.layers.pooling.GlobalMaxPooling1D;
import io.kerasj.layers.pooling.MaxPooling1D;
import io.kerasj.layers.regularization.Dropout;
import io.kerasj.layers.reshaping.Cropping1D;
import io.kerasj.layers.reshaping.Flatten;
import io.kerasj.layers.reshaping.Permute;
import io.kerasj.layers.reshaping.RepeatVector;
import io.kerasj.layers.reshaping.Reshape;
import io.kerasj.layers.reshaping.UpSampling1D;
import io.kerasj.layers.reshaping.ZeroPadding1D;
import java.util.Map;

/**
 * Factories for the convolutional front-ends and shape/activation layers that surround recurrent
 * layers in sequence models (Conv1D, pooling, padding, BatchNormalization, Reshape, …).
 *
 * <p>Keys were taken from what tf-keras 2.21 and Keras 3.15 actually write for each class. Where
 * the two differ: Keras 2 writes BatchNormalization's {@code axis} as a list of positive axes
 * ({@code [2]}) and omits {@code renorm*} unless renorm is on, Keras 3 writes {@code -1} and always
 * writes {@code renorm}, {@code renorm_clipping}, {@code renorm_momentum}, {@code synchronized};
 * LeakyReLU's slope is {@code alpha} in Keras 2 and {@code negative_slope} in Keras 3; Keras 3
 * writes {@code data_format} for ZeroPadding1D and drops {@code noise_shape}/{@code trainable} from
 * SpatialDropout1D; ThresholdedReLU exists only in Keras 2.
 */
final class SequenceLayers {
  private SequenceLayers() {}

  static final Map<String, LayerFactory> FACTORIES = Map.ofEntries(
      Map.entry("Conv1D", SequenceLayers::conv1d),
      Map.entry("MaxPooling1D", (c, w, s, ctx) -> pooling(c, s, false)),
      Map.entry("AveragePooling1D", (c, w, s, ctx) -> pooling(c, s, true)),
      Map.entry("GlobalAveragePooling1D", (c, w, s, ctx) -> globalPooling(c, s, true)),
      Map.entry("GlobalMaxPooling1D", (c, w, s, ctx) -> globalPooling(c, s, false)),
      Map.entry("ZeroPadding1D", SequenceLayers::zeroPadding1d),
      Map.entry("Cropping1D", SequenceLayers::cropping1d),
      Map.entry("UpSampling1D", SequenceLayers::upSampling1d),
      Map.entry("BatchNormalization", SequenceLayers::batchNormalization),
      Map.entry("Flatten", SequenceLayers::flatten),
      Map.entry("Reshape", SequenceLayers::reshape),
      Map.entry("RepeatVector", SequenceLayers::repeatVector),
      Map.entry("Permute", SequenceLayers::permute),
      Map.entry("ReLU", SequenceLayers::relu),
      Map.entry("LeakyReLU", SequenceLayers::leakyRelu),
      Map.entry("PReLU", SequenceLayers::prelu),
      Map.entry("ELU", SequenceLayers::elu),
      Map.entry("ThresholdedReLU", SequenceLayers::thresholdedRelu),
      Map.entry("Softmax", SequenceLayers::softmax),
      Map.entry("Activation", SequenceLayers::activation),
      // Identity at inference: randomness and regularization act only in training.
      Map.entry("SpatialDropout1D", (c, w, s, ctx) -> noOp(c, "SpatialDropout1D", "rate", "noise_shape", "seed")),
      Map.entry("GaussianNoise", (c, w, s, ctx) -> noOp(c, "GaussianNoise", "stddev", "seed")),
      Map.entry("GaussianDropout", (c, w, s, ctx) -> noOp(c, "GaussianDropout", "rate", "seed")),
      Map.entry("AlphaDropout", (c, w, s, ctx) -> noOp(c, "AlphaDropout", "rate", "noise_shape", "seed")),
      Map.entry("ActivityRegularization", (c, w, s, ctx) -> noOp(c, "ActivityRegularization", "l1", "l2")));

  static Layer conv1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int in = Builtins.features(c, inputShape, 3);
    channelsLast(c);
    int filters = c.getInt("filters");
    int k = single(c, "kernel_size", -1);
    int stride = single(c, "strides", 1);
    int dilation = single(c, "dilation_rate", 1);
    int groups = c.getInt("groups", 1);
    Padding padding = padding(c, true);
    if (stride > 1 && dilation > 1) {
      // TensorFlow rejects this combination, so no trained model can hold it.
      throw new UnsupportedFeatureException(c.where() + ": strides = " + stride + " together with dilation_rate = "
          + dilation + " is not supported (Keras/TensorFlow reject it too)");
    }
    if (groups < 1 || in % groups != 0 || filters % groups != 0) {
      throw new ShapeMismatchException(c.where() + ": groups = " + groups + " must divide the input channels (" + in
          + ") and filters (" + filters + ")");
    }
    io.kerasj.activations.Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[][] kb = Builtins.loraKernel(c, w, "kernel", new int[] {k, in / groups, filters}, useBias ? "bias" : null,
        filters, true);
    return new Conv1D(c.name(), in, filters, k, stride, dilation, groups, padding, kb[0], kb[1], act);
  }

  static Layer pooling(LayerConfig c, int[] inputShape, boolean average) {
    rank(c, inputShape, 3);
    channelsLast(c);
    int pool = single(c, "pool_size", 2);
    // strides = None means strides = pool_size, in both versions.
    int stride = single(c, "strides", pool);
    Padding padding = padding(c, false);
    return average ? new AveragePooling1D(c.name(), pool, stride, padding)
        : new MaxPooling1D(c.name(), pool, stride, padding);
  }

  static Layer globalPooling(LayerConfig c, int[] inputShape, boolean average) {
    rank(c, inputShape, 3);
    channelsLast(c);
    boolean keepDims = c.getBoolean("keepdims", false);
    return average ? new GlobalAveragePooling1D(c.name(), keepDims) : new GlobalMaxPooling1D(c.name(), keepDims);
  }

  static Layer zeroPadding1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    rank(c, inputShape, 3);
    channelsLast(c);
    int[] p = pair(c, "padding", 1);
    return new ZeroPadding1D(c.name(), p[0], p[1]);
  }

  static Layer cropping1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    rank(c, inputShape, 3);
    int[] p = pair(c, "cropping", 1);
    return new Cropping1D(c.name(), p[0], p[1]);
  }

  static Layer upSampling1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    rank(c, inputShape, 3);
    return new UpSampling1D(c.name(), c.getInt("size", 2));
  }

  /**
   * {@code axis}: Keras 3 writes an int ({@code -1}), tf-keras a list of non-negative axes ({@code
   * [2]}), several for a multi-axis layer, whose weights then have the input's rank with 1 on the
   * other axes. With {@code renorm} both create {@code moving_stddev}, {@code renorm_mean} and
   * {@code renorm_stddev} after the moving statistics; inference uses the moving mean and variance
   * only.
   */
  static Layer batchNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0 || (raw.length > 1 && c.kerasMajor() >= 3)) {
      throw new ModelFormatException(c.where() + ": option 'axis' = " + c.getJson("axis") + " (Keras "
          + c.kerasMajor() + " refuses it too: " + (raw.length == 0 ? "no axis)" : "Keras 3 takes one axis)"));
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    Axes.requireKnown(c, "axis", inputShape, axes);
    float eps = c.getFloat("epsilon", BatchNormalization.DEFAULT_EPSILON);
    boolean center = c.getBoolean("center", true);
    boolean scale = c.getBoolean("scale", true);
    boolean renorm = c.getBoolean("renorm", false);
    c.expect("virtual_batch_size", "none"); // only reached when present and non-null
    // Training-time settings: the moving statistics are used as saved.
    c.ignore("momentum", "renorm_clipping", "renorm_momentum", "synchronized", "fused");
    int[] sizes = Axes.sizes(inputShape, axes);
    int[] param = sizes;
    if (axes.length > 1) {
      param = new int[rank];
      java.util.Arrays.fill(param, 1);
      for (int a : axes) {
        param[a] = inputShape[a];
      }
    }
    float[] gamma = scale ? w.next("gamma", param) : null;
    float[] beta = center ? w.next("beta", param) : null;
    float[] mean = w.next("moving_mean", param);
    float[] var = w.next("moving_variance", param);
    if (renorm) {
      for (String unused : new String[] {"moving_stddev", "renorm_mean", "renorm_stddev"}) {
        w.next(unused, param);
      }
    }
    if (Axes.isLast(axes, rank)) {
      return new BatchNormalization(c.name(), sizes[0], eps, gamma, beta, mean, var);
    }
    return new BatchNormalization(c.name(), rank, axes, sizes, eps, gamma, beta, mean, var);
  }

  static Layer flatten(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    // channels_first reorders axes before flattening, which only matters from rank 3 on.
    if (inputShape.length >= 3) {
      channelsLast(c);
    } else {
      c.ignore("data_format");
    }
    return new Flatten(c.name());
  }

  static Layer reshape(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("target_shape");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'target_shape' should be a list, got " + e);
    }
    int[] target = ints(c, "target_shape", e.getAsJsonArray(), true);
    Reshape r = new Reshape(c.name(), target);
    r.outputShape(inputShape); // fails at load if the sizes cannot match
    return r;
  }

  static Layer repeatVector(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    rank(c, inputShape, 2);
    return new RepeatVector(c.name(), c.getInt("n"));
  }

  static Layer permute(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("dims");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'dims' should be a list, got " + e);
    }
    int[] dims = ints(c, "dims", e.getAsJsonArray(), false);
    rank(c, inputShape, dims.length + 1);
    return new Permute(c.name(), dims);
  }

  static Layer relu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Float max = c.has("max_value") ? c.getFloat("max_value", 0f) : null;
    c.ignore("max_value");
    float slope = c.getFloat("negative_slope", 0f);
    float threshold = c.getFloat("threshold", 0f);
    if (max != null && max < 0) {
      throw new ModelFormatException(c.where() + ": max_value must be >= 0, got " + max);
    }
    return new ReLU(c.name(), max, slope, threshold);
  }

  static Layer leakyRelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    // Keras 2 writes 'alpha'; Keras 3 writes 'negative_slope' and still accepts 'alpha'.
    float slope = c.has("negative_slope") ? c.getFloat("negative_slope", LeakyReLU.DEFAULT_SLOPE)
        : c.getFloat("alpha", LeakyReLU.DEFAULT_SLOPE);
    c.ignore("negative_slope", "alpha");
    return new LeakyReLU(c.name(), slope);
  }

  static Layer prelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length - 1;
    if (rank < 1) {
      throw new ShapeMismatchException(c.where() + ": needs an input with a batch axis and at least one more");
    }
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = inputShape[i + 1];
    }
    // Keras sets alpha's dimension shared_axes[i] - 1 to 1 with Python indexing, so -1 shares the
    // second-to-last axis of the input and 0 the last one, odd as that is.
    int[] axes = c.getInts("shared_axes");
    for (int a : axes == null ? new int[0] : axes) {
      int d = a - 1 < 0 ? a - 1 + rank : a - 1;
      if (d < 0 || d >= rank) {
        throw new ModelFormatException(c.where() + ": option 'shared_axes' = " + java.util.Arrays.toString(axes)
            + ": axis " + a + " is out of range for input rank " + (rank + 1) + " (Keras refuses it too)");
      }
      shape[d] = 1;
    }
    for (int i = 0; i < rank; i++) {
      if (shape[i] < 0) {
        // Keras cannot build this either: alpha needs a size on every axis it does not share.
        throw new UnsupportedFeatureException(c.where() + ": the input's axis " + (i + 1)
            + " has unknown size and is not in shared_axes");
      }
    }
    float[] alpha = w.next("alpha", shape);
    return new PReLU(c.name(), shape, alpha);
  }

  static Layer elu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new ELU(c.name(), c.getFloat("alpha", 1f));
  }

  static Layer thresholdedRelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new ThresholdedReLU(c.name(), c.getFloat("theta", 1f));
  }

  /** {@code axis} is an int or a list; several axes are normalized together (Keras' logsumexp form). */
  static Layer softmax(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (Keras refuses a softmax over no axis too)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    if (axes[0] == 0) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + java.util.Arrays.toString(raw)
          + " includes the batch axis, which kerasj does not support (it ties the samples of a batch together)");
    }
    // Counted from the end, as the runtime layer takes them: the same layer then runs on any batch.
    int[] fromEnd = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      fromEnd[i] = axes[i] - rank;
    }
    return new Softmax(c.name(), fromEnd);
  }

  static Layer activation(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    io.kerasj.activations.Activation a = c.activation("activation", "linear");
    int last = inputShape.length == 0 ? -1 : inputShape[inputShape.length - 1];
    if (last >= 0) {
      a.outputSize(last); // GLU on an odd width fails at load, not at the first call
    }
    return new ActivationLayer(c.name(), a);
  }

  static Layer noOp(LayerConfig c, String kerasClass, String... neutral) {
    c.ignore(neutral);
    return new Dropout(c.name(), kerasClass);
  }

  // ---- option readers ----------------------------------------------------------------------

  private static void channelsLast(LayerConfig c) {
    c.expect("data_format", "channels_last");
  }

  private static void rank(LayerConfig c, int[] inputShape, int rank) {
    if (inputShape.length != rank) {
      throw new ShapeMismatchException(c.where() + ": expects an input of rank " + rank + ", gets shape "
          + io.kerasj.Model.formatShape(inputShape));
    }
  }

  /** {@code padding} as a {@link Padding}; "causal" only where Keras allows it (Conv1D). */
  private static Padding padding(LayerConfig c, boolean causalAllowed) {
    String s = c.getString("padding", "valid");
    Padding p = Padding.forKerasName(s);
    if (p == null || (p == Padding.CAUSAL && !causalAllowed)) {
      throw new UnsupportedFeatureException(c.where() + ": option 'padding' = \"" + s + "\" is not supported (use "
          + (causalAllowed ? "\"valid\", \"same\" or \"causal\")" : "\"valid\" or \"same\")"));
    }
    return p;
  }

  /**
   * A 1-D size option written as an int or a one-element list ({@code 3}, {@code [3]}); {@code def}
   * when absent or null ({@code -1}: required).
   */
  static int single(LayerConfig c, String key, int def) {
    JsonElement e = c.getJson(key);
    if (e == null) {
      if (def < 0) {
        throw new ModelFormatException(c.where() + ": required option '" + key + "' is missing");
      }
      return def;
    }
    int v;
    if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      if (a.size() != 1) {
        throw new UnsupportedFeatureException(c.where() + ": option '" + key + "' = " + e
            + " is not supported; a 1-D layer takes one value");
      }
      v = intValue(c, key, a.get(0));
    } else {
      v = intValue(c, key, e);
    }
    if (v < 1) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' must be positive, got " + e);
    }
    return v;
  }

  /** A (left, right) option written as an int (both sides) or a two-element list. */
  static int[] pair(LayerConfig c, String key, int def) {
    JsonElement e = c.getJson(key);
    int[] r;
    if (e == null) {
      r = new int[] {def, def};
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      if (a.size() != 2) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' should be an int or a pair, got " + e);
      }
      r = new int[] {intValue(c, key, a.get(0)), intValue(c, key, a.get(1))};
    } else {
      int v = intValue(c, key, e);
      r = new int[] {v, v};
    }
    if (r[0] < 0 || r[1] < 0) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' must not be negative, got " + e);
    }
    return r;
  }

  private static int[] ints(LayerConfig c, String key, JsonArray a, boolean allowMinusOne) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = intValue(c, key, a.get(i));
      if (r[i] < 0 && !(allowMinusOne && r[i] == -1)) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' has a bad entry " + a.get(i));
      }
    }
    return r;
  }

  private static int intValue(LayerConfig c, String key, JsonElement e) {
    return LayerConfig.strictInt(c.where() + ": option '" + key + "'", e, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }
}
