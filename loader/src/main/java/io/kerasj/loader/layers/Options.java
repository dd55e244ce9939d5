package io.kerasj.loader.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;

/**
 * Config options shared by several layer families: the input's feature count, sizes given as an int
 * or a tuple, paddings, {@code data_format}, and Keras 3 LoRA kernels.
 */
final class Options {
  private Options() {}

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
    if (rank <= 0 || !w.isLegacyLayout()) {
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

  // ---- option readers ----------------------------------------------------------------------

  static void channelsLast(LayerConfig c) {
    c.expect("data_format", "channels_last");
  }

  /** {@code data_format}; absent means {@code channels_last} (what Keras writes unless configured otherwise). */
  static DataFormat dataFormat(LayerConfig c) {
    String s = c.getString("data_format", "channels_last");
    DataFormat f = DataFormat.forKerasName(s);
    if (f == null) {
      throw new UnsupportedFeatureException(c.where() + ": option 'data_format' = " + Messages.quote(s)
          + " is not supported (use \"channels_last\" or \"channels_first\")");
    }
    return f;
  }

  /**
   * The channel count of an input of rank {@code rank} in format {@code f}: the last axis, or axis
   * 1 for {@code channels_first}; it must be known.
   */
  static int channels(LayerConfig c, int[] inputShape, int rank, DataFormat f) {
    rank(c, inputShape, rank);
    int axis = f.channelAxis(rank);
    int ch = inputShape[axis];
    if (ch < 0) {
      throw new ModelFormatException(c.where() + ": the input's channel axis " + axis + " (" + f.kerasName()
          + ") has unknown size " + io.kerasj.Model.formatShape(inputShape));
    }
    return ch;
  }

  /**
   * A size option with one value per spatial axis, written as an int (the same on every axis) or a
   * list of {@code rank} ints ({@code 3}, {@code [3, 3]}); {@code def} when absent or null ({@code
   * -1}: required). Values must be at least {@code min}.
   */
  static int[] tuple(LayerConfig c, String key, int rank, int def, int min) {
    JsonElement e = c.getJson(key);
    int[] r = new int[rank];
    if (e == null) {
      if (def < 0) {
        throw new ModelFormatException(c.where() + ": required option '" + key + "' is missing");
      }
      java.util.Arrays.fill(r, def);
      return r;
    }
    if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      if (a.size() != rank) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' = " + Messages.snippet(e)
            + " should have " + rank + " value" + (rank == 1 ? "" : "s") + ", one per spatial axis");
      }
      for (int i = 0; i < rank; i++) {
        r[i] = intValue(c, key, a.get(i));
      }
    } else {
      java.util.Arrays.fill(r, intValue(c, key, e));
    }
    for (int v : r) {
      if (v < min) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' must be at least " + min + ", got "
            + Messages.snippet(e));
      }
    }
    return r;
  }

  static void rank(LayerConfig c, int[] inputShape, int rank) {
    if (inputShape.length != rank) {
      throw new ShapeMismatchException(c.where() + ": expects an input of rank " + rank + ", gets shape "
          + io.kerasj.Model.formatShape(inputShape));
    }
  }

  /** {@code padding} as a {@link Padding}; "causal" only where Keras allows it (Conv1D). */
  static Padding padding(LayerConfig c, boolean causalAllowed) {
    String s = c.getString("padding", "valid");
    Padding p = Padding.forKerasName(s);
    if (p == null || (p == Padding.CAUSAL && !causalAllowed)) {
      throw new UnsupportedFeatureException(c.where() + ": option 'padding' = " + io.kerasj.Messages.quote(s)
          + " is not supported (use "
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
        throw new UnsupportedFeatureException(c.where() + ": option '" + key + "' = " + Messages.snippet(e)
            + " is not supported; a 1-D layer takes one value");
      }
      v = intValue(c, key, a.get(0));
    } else {
      v = intValue(c, key, e);
    }
    if (v < 1) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' must be positive, got "
          + Messages.snippet(e));
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
        throw new ModelFormatException(c.where() + ": option '" + key + "' should be an int or a pair, got "
            + Messages.snippet(e));
      }
      r = new int[] {intValue(c, key, a.get(0)), intValue(c, key, a.get(1))};
    } else {
      int v = intValue(c, key, e);
      r = new int[] {v, v};
    }
    if (r[0] < 0 || r[1] < 0) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' must not be negative, got "
          + Messages.snippet(e));
    }
    return r;
  }

  static int[] ints(LayerConfig c, String key, JsonArray a, boolean allowMinusOne) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = intValue(c, key, a.get(i));
      if (r[i] < 0 && !(allowMinusOne && r[i] == -1)) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' has a bad entry " + a.get(i));
      }
    }
    return r;
  }

  static int intValue(LayerConfig c, String key, JsonElement e) {
    return LayerConfig.strictInt(c.where() + ": option '" + key + "'", e, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }
}
