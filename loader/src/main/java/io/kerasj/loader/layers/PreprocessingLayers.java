package io.kerasj.loader.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.preprocessing.CategoryEncoding;
import io.kerasj.layers.preprocessing.CenterCrop;
import io.kerasj.layers.preprocessing.Discretization;
import io.kerasj.layers.preprocessing.Normalization;
import io.kerasj.layers.preprocessing.Rescaling;
import io.kerasj.layers.preprocessing.Resizing;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' preprocessing layers that act on numbers ({@code keras/src/layers/preprocessing}, {@code
 * tf_keras/src/layers/preprocessing}): {@code Rescaling}, {@code Normalization}, {@code Resizing},
 * {@code CenterCrop}, {@code CategoryEncoding}, {@code Discretization}.
 *
 * <p>What the two versions write: {@code Rescaling}'s {@code scale} and {@code offset} as numbers
 * or (nested) lists, Keras 3 a numpy array as {@code {"class_name": "__numpy__", "config":
 * {"value": …}}}. {@code Normalization} writes {@code axis} as a list ({@code [-1]}; {@code []} for
 * {@code axis=None}), {@code invert}, and {@code mean} / {@code variance}: given values, or {@code
 * null} when the statistics come from {@code adapt()} and are stored as the weights {@code mean},
 * {@code variance} and the int64 {@code count}. Only Keras 3 writes {@code data_format} (the image
 * layers), {@code pad_to_aspect_ratio}, {@code fill_mode}, {@code fill_value} and {@code antialias}.
 *
 * <p>CategoryEncoding and Discretization write their whole state into the config (Keras 3 writes
 * an adapted Discretization's {@code bin_boundaries} there too; tf-keras keeps them in a {@code
 * summary} weight, which kerasj does not read).
 */
final class PreprocessingLayers {
  private PreprocessingLayers() {}

  static void register(Registry r) {
    r.layer("Rescaling", PreprocessingLayers::rescaling);
    r.layer("Normalization", PreprocessingLayers::normalization);
    r.layer("Resizing", PreprocessingLayers::resizing);
    r.layer("CenterCrop", PreprocessingLayers::centerCrop);
    r.layer("CategoryEncoding", PreprocessingLayers::categoryEncoding);
    r.layer("Discretization", PreprocessingLayers::discretization);
    r.callArguments("CategoryEncoding", "count_weights");
  }

  /** A number, a nested list of numbers, or Keras 3's serialized numpy array: values and shape. */
  static final class Values {
    final float[] values;
    final int[] shape;

    Values(float[] values, int[] shape) {
      this.values = values;
      this.shape = shape;
    }
  }

  static Values values(LayerConfig c, String key, JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      JsonElement cn = o.get("class_name");
      JsonElement cfg = o.get("config");
      if (cn == null || !cn.isJsonPrimitive() || !cn.getAsString().equals("__numpy__") || cfg == null
          || !cfg.isJsonObject() || !cfg.getAsJsonObject().has("value")) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' should be a number, a list or a numpy "
            + "array, got " + Messages.snippet(e));
      }
      return values(c, key, cfg.getAsJsonObject().get("value"));
    }
    List<Integer> shape = new ArrayList<>();
    JsonElement x = e;
    while (x.isJsonArray()) {
      JsonArray a = x.getAsJsonArray();
      shape.add(a.size());
      if (a.size() == 0) {
        break;
      }
      x = a.get(0);
    }
    int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    if (n == 0 || n > (1 << 24)) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' has shape " + Arrays.toString(dims)
          + " (empty, or more than 2^24 values)");
    }
    float[] v = new float[(int) n];
    int[] filled = {0};
    flatten(c, key, e, dims, 0, v, filled);
    return new Values(v, dims);
  }

  private static void flatten(LayerConfig c, String key, JsonElement e, int[] dims, int depth, float[] out,
                              int[] at) {
    if (depth == dims.length) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' holds " + Messages.snippet(e)
            + " where a number should be");
      }
      out[at[0]++] = e.getAsFloat();
      return;
    }
    if (!e.isJsonArray() || e.getAsJsonArray().size() != dims[depth]) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' is a ragged list (expected shape "
          + Arrays.toString(dims) + ")");
    }
    for (JsonElement x : e.getAsJsonArray()) {
      flatten(c, key, x, dims, depth + 1, out, at);
    }
  }

  static Layer rescaling(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement s = c.getJson("scale");
    if (s == null) {
      throw new ModelFormatException(c.where() + ": required option 'scale' is missing");
    }
    Values scale = values(c, "scale", s);
    JsonElement o = c.getJson("offset");
    Values offset = o == null ? new Values(new float[] {0f}, new int[0]) : values(c, "offset", o);
    Rescaling r = new Rescaling(c.name(), scale.values, scale.shape, offset.values, offset.shape);
    try {
      r.outputShape(inputShape);
    } catch (io.kerasj.InvalidInputException e) {
      throw new io.kerasj.ShapeMismatchException(c.where() + ": " + e.getMessage());
    }
    return r;
  }

  /**
   * The kept axes are {@code axis} resolved against the input's rank ({@code []}: none, one mean
   * over everything). Given {@code mean} and {@code variance} broadcast over the kept axes' shape as
   * numpy broadcasts them (aligned on the last kept axes); adapted ones are the weights.
   */
  static Layer normalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = c.isExplicitNull("axis") ? new int[0] : new int[] {-1};
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    Axes.requireKnown(c, "axis", inputShape, axes);
    Axes.batchAxis(c, "axis", inputShape, axes);
    int[] sizes = Axes.sizes(inputShape, axes);
    boolean invert = c.getBoolean("invert", false);
    JsonElement m = c.getJson("mean");
    JsonElement v = c.getJson("variance");
    if ((m == null) != (v == null)) {
      throw new ModelFormatException(c.where() + ": options 'mean' and 'variance' must both be set or both be null "
          + "(Keras refuses it too)");
    }
    float[] mean;
    float[] variance;
    if (m == null) {
      mean = w.next("mean", sizes);
      variance = w.next("variance", sizes);
      w.skip("count"); // adapt()'s sample count: an int64 that inference does not use
    } else {
      mean = broadcast(c, "mean", values(c, "mean", m), sizes);
      variance = broadcast(c, "variance", values(c, "variance", v), sizes);
    }
    return new Normalization(c.name(), rank, axes, sizes, mean, variance, invert, m == null);
  }

  /** {@code v} broadcast to {@code target} as numpy does (trailing alignment; sizes 1 or equal). */
  static float[] broadcast(LayerConfig c, String key, Values v, int[] target) {
    int k = v.shape.length;
    boolean ok = k <= target.length;
    for (int i = 0; ok && i < k; i++) {
      int d = v.shape[k - 1 - i];
      ok = d == 1 || d == target[target.length - 1 - i];
    }
    if (!ok) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' of shape " + Arrays.toString(v.shape)
          + " does not broadcast to the kept axes' shape " + Arrays.toString(target));
    }
    int n = 1;
    for (int d : target) {
      n *= d;
    }
    float[] r = new float[n];
    for (int p = 0; p < n; p++) {
      int rest = p;
      int idx = 0;
      int stride = 1;
      for (int i = 0; i < target.length; i++) {
        int axis = target.length - 1 - i;
        int pos = rest % target[axis];
        rest /= target[axis];
        int j = k - 1 - i;
        if (j >= 0) {
          idx += (v.shape[j] == 1 ? 0 : pos) * stride;
          stride *= v.shape[j];
        }
      }
      r[p] = v.values[idx];
    }
    return r;
  }

  /** Keras 3 writes {@code data_format}; tf-keras' image layers are {@code channels_last} only. */
  private static DataFormat imageFormat(LayerConfig c, int[] inputShape) {
    Options.rank(c, inputShape, 4);
    return Options.dataFormat(c);
  }

  static Layer resizing(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    DataFormat format = imageFormat(c, inputShape);
    int height = c.getInt("height");
    int width = c.getInt("width");
    io.kerasj.layers.Interpolation interpolation = ReshapingLayers.interpolation(c, "bilinear");
    boolean crop = c.getBoolean("crop_to_aspect_ratio", false);
    boolean pad = c.getBoolean("pad_to_aspect_ratio", false);
    if (crop && pad) {
      throw new ModelFormatException(c.where() + ": options 'crop_to_aspect_ratio' and 'pad_to_aspect_ratio' are "
          + "both true (Keras refuses it too)");
    }
    c.expect("fill_mode", "constant");
    float fill = c.getFloat("fill_value", 0f);
    if (c.getBoolean("antialias", false)) {
      throw new UnsupportedFeatureException(c.where() + ": option 'antialias' = true is not supported");
    }
    Resizing.Fit fit = crop ? Resizing.Fit.CROP : pad ? Resizing.Fit.PAD : Resizing.Fit.STRETCH;
    return new Resizing(c.name(), height, width, interpolation, fit, fill, format);
  }

  static Layer centerCrop(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    DataFormat format = imageFormat(c, inputShape);
    return new CenterCrop(c.name(), c.getInt("height"), c.getInt("width"), format, c.kerasMajor() < 3);
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
    c.ignore("epsilon");
    if (b == null || b.isJsonNull()) {
      JsonElement nb = c.getJson("num_bins");
      if (c.kerasMajor() < 3 && nb != null && !nb.isJsonNull()) {
        return discretization(c, adaptedBoundaries(c, w, c.getInt("num_bins", 0)), inputShape);
      }
      throw new UnsupportedFeatureException(c.where() + ": no 'bin_boundaries' in the config: the layer was never "
          + "adapted (Keras cannot call it either)");
    }
    c.ignore("num_bins");
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
    return discretization(c, bounds, inputShape);
  }

  private static Layer discretization(LayerConfig c, float[] bounds, int[] inputShape) {
    CategoryEncoding.Mode mode = mode(c, "int");
    c.expect("sparse", false);
    if (mode != null) {
      checkRank(c, inputShape, mode, bounds.length + 1);
    }
    return new Discretization(c.name(), bounds, mode);
  }

  /**
   * The boundaries of a tf-keras Discretization adapted with {@code num_bins}: tf-keras keeps the
   * adapted quantile summary (values, then weights) in its {@code summary} weight and derives the
   * boundaries when the layer is loaded ({@code finalize_state} → {@code get_bin_boundaries} →
   * {@code _compress_summary_numpy}). This is that NumPy code in its own types: float32 cumulative
   * weights, float64 {@code np.arange} and {@code np.interp}, the result rounded to float32.
   */
  static float[] adaptedBoundaries(LayerConfig c, LayerWeights w, int numBins) {
    if (numBins < 1) {
      throw new ModelFormatException(c.where() + ": option 'num_bins' = " + numBins + " should be at least 1");
    }
    int[] shape = w.peekShape("summary");
    float[] summary = w.next("summary", 2, -1);
    int k = shape[1];
    double eps = 1.0 / numBins;
    if (k * eps < 1) {
      return Arrays.copyOfRange(summary, 0, Math.max(0, k - 1));
    }
    float[] cum = new float[k];
    float sum = 0f;
    for (int i = 0; i < k; i++) {
      float weight = summary[k + i];
      if (!(weight >= 0f) || weight == Float.POSITIVE_INFINITY) {
        throw new ModelFormatException(c.where() + ": weight 'summary' holds the weight " + weight + " at " + i
            + "; an adapted quantile summary has finite, non-negative weights");
      }
      sum += weight;
      cum[i] = sum;
    }
    if (!(sum > 0f) || sum == Float.POSITIVE_INFINITY) {
      throw new ModelFormatException(c.where() + ": weight 'summary' has weights summing to " + sum
          + "; an adapted quantile summary has a positive, finite total");
    }
    double[] xp = new double[k];
    for (int i = 0; i < k; i++) {
      xp[i] = cum[i] / sum; // float32 division, as NumPy divides the float32 arrays
    }
    // np.arange(0.0, 1.0, eps) has ceil(1 / eps) values i * eps; np.interp's last one is dropped.
    int n = (int) Math.ceil((1.0 - 0.0) / eps);
    float[] bounds = new float[n - 1];
    for (int i = 0; i < n - 1; i++) {
      bounds[i] = (float) interp(eps + i * eps, xp, summary);
    }
    return bounds;
  }

  /** {@code np.interp(x, xp, fp)} for one x, with NumPy's edge rules ({@code fp} = the first xp.length values). */
  private static double interp(double x, double[] xp, float[] fp) {
    int last = xp.length - 1;
    if (x > xp[last]) {
      return fp[last];
    }
    if (x < xp[0]) {
      return fp[0];
    }
    // The last j with xp[j] <= x (NumPy's binary_search_with_guess).
    int lo = 0;
    int hi = xp.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x >= xp[mid]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int j = lo - 1;
    if (j == last || xp[j] == x) {
      return fp[j];
    }
    double slope = ((double) fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    double r = slope * (x - xp[j]) + fp[j];
    if (Double.isNaN(r)) {
      r = slope * (x - xp[j + 1]) + fp[j + 1];
      if (Double.isNaN(r) && fp[j] == fp[j + 1]) {
        r = fp[j];
      }
    }
    return r;
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
