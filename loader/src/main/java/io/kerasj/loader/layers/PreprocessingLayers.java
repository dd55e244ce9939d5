package io.kerasj.loader.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.preprocessing.CategoryEncoding;
import io.kerasj.layers.preprocessing.Discretization;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' preprocessing layers that are plain arithmetic on numbers ({@code
 * keras/src/layers/preprocessing}): CategoryEncoding and Discretization. Both write their whole
 * state into the config (Keras 3 writes an adapted Discretization's {@code bin_boundaries} there
 * too; tf-keras keeps them in a {@code summary} weight, which kerasj does not read).
 */
final class PreprocessingLayers {
  private PreprocessingLayers() {}

  static void register(Registry r) {
    r.layer("CategoryEncoding", PreprocessingLayers::categoryEncoding);
    r.layer("Discretization", PreprocessingLayers::discretization);
    r.callArguments("CategoryEncoding", "count_weights");
  }

  static Layer categoryEncoding(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int n = c.getInt("num_tokens", 0);
    if (n < 1) {
      throw new ModelFormatException(c.where() + ": option 'num_tokens' must be >= 1, got "
          + io.kerasj.Messages.snippet(c.getJson("num_tokens")) + " (Keras refuses it too)");
    }
    CategoryEncoding.Mode mode = mode(c, "multi_hot");
    if (mode == null) {
      throw new ModelFormatException(c.where() + ": option 'output_mode' = 'int' is not a CategoryEncoding mode");
    }
    c.expect("sparse", false);
    boolean weighted = c.callTensors().contains("count_weights");
    if (weighted && mode != CategoryEncoding.Mode.COUNT) {
      throw new ModelFormatException(c.where() + ": count_weights with output_mode " + mode
          + " (Keras refuses it too: they are only used by 'count')");
    }
    checkRank(c, inputShape, mode, n);
    return new CategoryEncoding(c.name(), n, mode, weighted);
  }

  /**
   * Discretization: {@code bin_boundaries} as given or, in Keras 3, as adapted (then beside {@code
   * num_bins}). A layer with {@code num_bins} only was never adapted (Keras cannot call it), or is a
   * tf-keras one adapted into its {@code summary} weight.
   */
  static Layer discretization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement b = c.getJson("bin_boundaries");
    c.ignore("num_bins", "epsilon");
    if (b == null || b.isJsonNull()) {
      boolean k2 = c.kerasMajor() < 3;
      throw new UnsupportedFeatureException(c.where() + ": no 'bin_boundaries' in the config: "
          + (k2 ? "a tf-keras layer adapted with num_bins keeps them in its 'summary' weight, which kerasj does not "
          + "read; build the layer with bin_boundaries=… instead" : "the layer was never adapted (Keras cannot call "
          + "it either)"));
    }
    if (!b.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'bin_boundaries' = " + io.kerasj.Messages.snippet(b)
          + " should be a list of numbers");
    }
    JsonArray a = b.getAsJsonArray();
    float[] bounds = new float[a.size()];
    for (int i = 0; i < bounds.length; i++) {
      JsonElement e = a.get(i);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw new ModelFormatException(c.where() + ": option 'bin_boundaries' has a non-number "
            + io.kerasj.Messages.snippet(e));
      }
      bounds[i] = (float) e.getAsDouble(); // TensorFlow's Bucketize takes them as float32
    }
    CategoryEncoding.Mode mode = mode(c, "int");
    c.expect("sparse", false);
    if (mode != null) {
      checkRank(c, inputShape, mode, bounds.length + 1);
    }
    return new Discretization(c.name(), bounds, mode);
  }

  private static CategoryEncoding.Mode mode(LayerConfig c, String def) {
    String m = c.getString("output_mode", def);
    switch (m) {
      case "int":
        return null;
      case "one_hot":
        return CategoryEncoding.Mode.ONE_HOT;
      case "multi_hot":
      case "binary": // Keras' deprecated name
        return CategoryEncoding.Mode.MULTI_HOT;
      case "count":
        return CategoryEncoding.Mode.COUNT;
      default:
        throw new UnsupportedFeatureException(c.where() + ": option 'output_mode' = '" + m
            + "' is not supported (kerasj implements 'int', 'one_hot', 'multi_hot', 'count')");
    }
  }

  /**
   * multi_hot and count encode rows {@code (batch, k)}; Keras bincounts a {@code (batch,)} input over
   * the whole batch and cannot encode a rank-3 one. tf-keras' one_hot takes {@code (batch,)} or
   * {@code (batch, 1)} only.
   */
  private static void checkRank(LayerConfig c, int[] in, CategoryEncoding.Mode mode, int depth) {
    boolean ok = mode == CategoryEncoding.Mode.ONE_HOT
        ? c.kerasMajor() >= 3 || in.length == 1 || (in.length == 2 && in[1] == 1) : in.length == 2;
    if (!ok) {
      throw new UnsupportedFeatureException(c.where() + ": output_mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
          + " on an input of shape " + io.kerasj.Model.formatShape(in) + " is not supported (Keras "
          + (mode == CategoryEncoding.Mode.ONE_HOT ? "2 encodes (batch,) or (batch, 1) ids" : "encodes ids of shape "
          + "(batch, k)") + " into " + depth + " tokens)");
    }
  }
}
