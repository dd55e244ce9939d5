package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.attention.Attention;
import io.kerasj.layers.attention.GroupedQueryAttention;
import io.kerasj.layers.attention.MultiHeadAttention;
import io.kerasj.layers.core.EinsumDense;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' attention layers ({@code keras/src/layers/attention}): MultiHeadAttention,
 * GroupedQueryAttention, Attention, AdditiveAttention.
 *
 * <p>Their calls pass more than the layer config says: {@code use_causal_mask} and {@code
 * return_attention_scores} are call arguments recorded in the graph, MultiHeadAttention's {@code
 * value} (tf-keras), {@code key} and {@code attention_mask} are tensors in the call's keyword
 * arguments. The inputs' masks are not recorded (Keras computes them at run time from the inputs'
 * {@code _keras_mask}); the runtime layers take them from the masks that flow through the model.
 */
final class AttentionLayers {
  private AttentionLayers() {}

  static void register(Registry r) {
    r.layer("MultiHeadAttention", AttentionLayers::multiHeadAttention);
    r.layer("Attention", AttentionLayers::attention);
    r.layer("AdditiveAttention", AttentionLayers::additiveAttention);
    // Keras 3 exports the class as GroupQueryAttention, the name .keras and JSON configs record;
    // legacy .h5 files record the class's own name.
    r.layer("GroupQueryAttention", AttentionLayers::groupedQueryAttention);
    r.layer("GroupedQueryAttention", AttentionLayers::groupedQueryAttention);
    // Tensors in the order MultiHeadAttention's runtime layer takes them after query and value.
    r.callArguments("MultiHeadAttention", "query", "value", "key", "attention_mask", "query_mask", "value_mask",
        "key_mask", "use_causal_mask", "return_attention_scores");
    r.callArguments("GroupQueryAttention", "query", "value", "key", "attention_mask", "query_mask", "value_mask",
        "key_mask", "use_causal_mask", "return_attention_scores");
    r.callArguments("GroupedQueryAttention", "query", "value", "key", "attention_mask", "query_mask", "value_mask",
        "key_mask", "use_causal_mask", "return_attention_scores");
    r.callArguments("Attention", "use_causal_mask", "return_attention_scores");
    r.callArguments("AdditiveAttention", "use_causal_mask", "return_attention_scores");
  }

  /**
   * MultiHeadAttention. Keras builds four EinsumDense sublayers from the query's rank {@code r}:
   * {@code query}, {@code key}, {@code value} ({@code (…, f) → (…, heads, dim)}, kernel {@code (f,
   * heads, dim)}, bias {@code (heads, dim)}) and {@code attention_output} ({@code (…, heads,
   * value_dim) → (…, output_shape)}, kernel {@code (heads, value_dim, *output_shape)}), in that
   * order in legacy files and under {@code query_dense}, {@code key_dense}, {@code value_dense},
   * {@code output_dense} in Keras 3 files. tf-keras also writes the build shapes ({@code
   * query_shape}, …) into the config; Keras 3 keeps them in {@code build_config}. Keras 3 writes
   * {@code attention_axes} resolved ({@code [1]} for sequences); tf-keras writes what was passed.
   * Keras 3's {@code use_gate} adds a fifth, {@code gate} (as {@code value}, sigmoid), created after
   * {@code key} (Keras 3 files: {@code _gate_dense}); {@code sliding_window} is a mask, no weight.
   */
  static Layer multiHeadAttention(LayerConfig c, LayerWeights w, int[] q, LoadContext ctx) {
    int heads = positive(c, "num_heads", c.getInt("num_heads"));
    int keyDim = positive(c, "key_dim", c.getInt("key_dim"));
    int valueDim = c.getInt("value_dim", 0);
    if (valueDim == 0) {
      valueDim = keyDim; // Keras: `value_dim if value_dim else key_dim`
    }
    positive(c, "value_dim", valueDim);
    float dropout = c.getFloat("dropout", 0f);
    boolean useBias = c.getBoolean("use_bias", true);
    boolean useGate = c.getBoolean("use_gate", false);
    int window = slidingWindow(c);
    boolean robust = c.getBoolean("softmax_robust_masking", false);
    c.ignore("query_shape", "key_shape", "value_shape", "seed");
    int rank = q.length;
    if (rank < 3) {
      throw new ModelFormatException(c.where() + ": the query has shape " + io.kerasj.Model.formatShape(q)
          + "; MultiHeadAttention takes inputs of rank 3 or more");
    }
    int fq = Options.features(c, q, 0);
    int[] outShape = outputShape(c, fq);
    int[] axes = attentionAxes(c, rank);

    int positional = c.callPositional();
    List<String> kw = c.callTensors();
    if (positional > 3) {
      throw new UnsupportedFeatureException(c.where() + ": a call with " + positional + " positional tensors is not "
          + "supported (query, value and key are)");
    }
    if (positional < 2 && !kw.contains("value")) {
      throw new ModelFormatException(c.where() + ": the call passes no value tensor (MultiHeadAttention(query, value))");
    }
    if (kw.contains("query") && positional > 0) {
      throw new ModelFormatException(c.where() + ": the call passes the query twice");
    }
    MultiHeadAttention.Call call = new MultiHeadAttention.Call(positional == 3 || kw.contains("key"),
        kw.contains("attention_mask"), kw.contains("query_mask"), kw.contains("value_mask"), kw.contains("key_mask"),
        c.callFlag("use_causal_mask", false), c.callFlag("return_attention_scores", false));

    String proj = projection(rank - 1, 1, 2);
    EinsumDense query = dense(c, w.scope("query_dense"), "query", proj, fq, heads, keyDim, useBias);
    int fk = features(c, w.scope("key_dense"), "key");
    EinsumDense key = dense(c, w.scope("key_dense"), "key", proj, fk, heads, keyDim, useBias);
    // Keras builds the gate between the key and the value projections.
    EinsumDense gate = useGate
        ? dense(c, w.scope("_gate_dense"), "gate", proj, fq, heads, valueDim, useBias, Activation.SIGMOID) : null;
    int fv = features(c, w.scope("value_dense"), "value");
    EinsumDense value = dense(c, w.scope("value_dense"), "value", proj, fv, heads, valueDim, useBias);
    int[] outKernel = new int[2 + outShape.length];
    outKernel[0] = heads;
    outKernel[1] = valueDim;
    System.arraycopy(outShape, 0, outKernel, 2, outShape.length);
    LayerWeights ow = w.scope("output_dense");
    float[] k = ow.next("attention_output/kernel", outKernel);
    float[] b = useBias ? ow.next("attention_output/bias", outShape) : null;
    EinsumDense output = new EinsumDense(c.name() + "/attention_output", projection(rank - 1, 2, outShape.length),
        outKernel, k, useBias ? outShape : null, b, null);
    MultiHeadAttention.Semantics semantics = c.kerasMajor() >= 3 ? MultiHeadAttention.Semantics.KERAS3
        : robust ? MultiHeadAttention.Semantics.TF_KERAS_ROBUST : MultiHeadAttention.Semantics.TF_KERAS;
    if ((useGate || window > 0) && c.kerasMajor() < 3) {
      throw new UnsupportedFeatureException(c.where() + ": options 'use_gate' and 'sliding_window' in a Keras "
          + c.kerasMajor() + " file (only Keras 3 has them)");
    }
    return new MultiHeadAttention(c.name(), heads, keyDim, valueDim, query, key, value, output, axes, dropout,
        semantics, call, window, gate);
  }

  /**
   * Keras 3 GroupedQueryAttention: {@code head_dim}, {@code num_query_heads}, {@code
   * num_key_value_heads} (dividing the query heads), {@code use_bias}, {@code dropout}. Keras builds
   * four EinsumDense sublayers (five with {@code use_gate}) from rank-3 inputs: {@code query} ({@code bqm,muh->bquh}, kernel
   * {@code (f, queryHeads, headDim)}), {@code key} and {@code value} ({@code bkm,mvh->bkvh}, kernel
   * {@code (f, kvHeads, headDim)}), {@code attention_output} ({@code bquh,uhm->bqm}, kernel {@code
   * (queryHeads, headDim, f)}), each with a bias over its output letters, under {@code _query_dense},
   * {@code _key_dense}, {@code _value_dense}, {@code _output_dense} in {@code .keras} files (the
   * attributes' own names: unlike MultiHeadAttention, the layer has no public properties for them)
   * and in that order in legacy ones; {@code use_gate} adds {@code gate} (as {@code query}, with the
   * sigmoid; {@code _gate_dense}) between the key and the value. {@code sliding_window} restricts
   * query {@code i} to keys {@code |i − j| < window}. {@code flash_attention} (not in Keras' config,
   * and refused by its TensorFlow backend) is the same math.
   */
  static Layer groupedQueryAttention(LayerConfig c, LayerWeights w, int[] q, LoadContext ctx) {
    int headDim = positive(c, "head_dim", c.getInt("head_dim"));
    int heads = positive(c, "num_query_heads", c.getInt("num_query_heads"));
    int kvHeads = positive(c, "num_key_value_heads", c.getInt("num_key_value_heads"));
    if (heads % kvHeads != 0) {
      throw new ModelFormatException(c.where() + ": option 'num_query_heads' = " + heads
          + " is not a multiple of 'num_key_value_heads' = " + kvHeads + " (Keras refuses it too)");
    }
    float dropout = c.getFloat("dropout", 0f);
    boolean useBias = c.getBoolean("use_bias", true);
    boolean useGate = c.getBoolean("use_gate", false);
    int window = slidingWindow(c);
    c.ignore("seed", "flash_attention");
    if (q.length != 3) {
      throw new ModelFormatException(c.where() + ": the query has shape " + io.kerasj.Model.formatShape(q)
          + "; GroupedQueryAttention takes (batch, time, features) inputs");
    }
    int fq = Options.features(c, q, 0);
    int positional = c.callPositional();
    List<String> kw = c.callTensors();
    if (positional > 3) {
      throw new UnsupportedFeatureException(c.where() + ": a call with " + positional + " positional tensors is not "
          + "supported (query, value and key are)");
    }
    if (positional < 2 && !kw.contains("value")) {
      throw new ModelFormatException(c.where() + ": the call passes no value tensor (GroupQueryAttention(query, "
          + "value))");
    }
    if (kw.contains("query") && positional > 0) {
      throw new ModelFormatException(c.where() + ": the call passes the query twice");
    }
    MultiHeadAttention.Call call = new MultiHeadAttention.Call(positional == 3 || kw.contains("key"),
        kw.contains("attention_mask"), kw.contains("query_mask"), kw.contains("value_mask"), kw.contains("key_mask"),
        c.callFlag("use_causal_mask", false), c.callFlag("return_attention_scores", false));
    String proj = projection(2, 1, 2);
    EinsumDense query = dense(c, w.scope("_query_dense"), "query", proj, fq, heads, headDim, useBias);
    int fk = features(c, w.scope("_key_dense"), "key");
    EinsumDense key = dense(c, w.scope("_key_dense"), "key", proj, fk, kvHeads, headDim, useBias);
    EinsumDense gate = useGate
        ? dense(c, w.scope("_gate_dense"), "gate", proj, fq, heads, headDim, useBias, Activation.SIGMOID) : null;
    EinsumDense value = dense(c, w.scope("_value_dense"), "value", proj, fq, kvHeads, headDim, useBias);
    LayerWeights ow = w.scope("_output_dense");
    float[] k = ow.next("attention_output/kernel", heads, headDim, fq);
    float[] b = useBias ? ow.next("attention_output/bias", fq) : null;
    EinsumDense output = new EinsumDense(c.name() + "/attention_output", projection(2, 2, 1),
        new int[] {heads, headDim, fq}, k, useBias ? new int[] {fq} : null, b, null);
    return new GroupedQueryAttention(c.name(), headDim, heads, kvHeads, query, key, value, output, dropout, call,
        window, gate);
  }

  /** Keras 3's {@code sliding_window}: null (0 here) or a positive int. */
  private static int slidingWindow(LayerConfig c) {
    com.google.gson.JsonElement e = c.getJson("sliding_window");
    if (e == null) {
      return 0;
    }
    return positive(c, "sliding_window", Options.intValue(c, "sliding_window", e));
  }

  private static int positive(LayerConfig c, String key, int v) {
    if (v <= 0) {
      throw new ModelFormatException(c.where() + ": option '" + key + "' must be positive, got " + v);
    }
    return v;
  }

  /** The input features of a projection: the first axis of its kernel. */
  private static int features(LayerConfig c, LayerWeights w, String which) {
    int[] s = w.peekShape(which + "/kernel");
    if (s.length != 3) {
      throw new io.kerasj.ShapeMismatchException(c.where() + ": weight '" + which + "/kernel' has shape "
          + Arrays.toString(s) + ", expected (features, num_heads, dim)");
    }
    return s[0];
  }

  private static EinsumDense dense(LayerConfig c, LayerWeights w, String which, String equation, int features,
                                   int heads, int dim, boolean useBias) {
    return dense(c, w, which, equation, features, heads, dim, useBias, null);
  }

  private static EinsumDense dense(LayerConfig c, LayerWeights w, String which, String equation, int features,
                                   int heads, int dim, boolean useBias, Activation activation) {
    float[] k = w.next(which + "/kernel", features, heads, dim);
    float[] b = useBias ? w.next(which + "/bias", heads, dim) : null;
    return new EinsumDense(c.name() + "/" + which, equation, new int[] {features, heads, dim}, k,
        useBias ? new int[] {heads, dim} : null, b, activation);
  }

  /**
   * Keras' {@code _build_proj_equation(free, bound, output)}: {@code "abc,cde->abde"} for (2, 1,
   * 2); the bias covers the output letters.
   */
  static String projection(int free, int bound, int output) {
    StringBuilder in = new StringBuilder();
    StringBuilder kernel = new StringBuilder();
    StringBuilder out = new StringBuilder();
    char ch = 'a';
    for (int i = 0; i < free; i++, ch++) {
      in.append(ch);
      out.append(ch);
    }
    for (int i = 0; i < bound; i++, ch++) {
      in.append(ch);
      kernel.append(ch);
    }
    for (int i = 0; i < output; i++, ch++) {
      kernel.append(ch);
      out.append(ch);
    }
    return in + "," + kernel + "->" + out;
  }

  /** {@code output_shape}: null (the query's features), an int, or a list of ints. */
  private static int[] outputShape(LayerConfig c, int features) {
    JsonElement e = c.getJson("output_shape");
    if (e == null) {
      return new int[] {features};
    }
    int[] r = e.isJsonArray() ? Options.ints(c, "output_shape", e.getAsJsonArray(), false)
        : new int[] {Options.intValue(c, "output_shape", e)};
    if (r.length == 0) {
      return new int[] {features}; // an empty tuple is falsy in Keras
    }
    for (int d : r) {
      positive(c, "output_shape", d);
    }
    return r;
  }

  /**
   * {@code attention_axes} in the projected tensors' axes, or null for the default. Keras 3 resolves
   * a negative axis {@code a} to {@code r + a} (r: the query's rank); tf-keras uses the values as
   * written.
   */
  private static int[] attentionAxes(LayerConfig c, int rank) {
    int[] raw = c.getInts("attention_axes");
    if (raw == null) {
      return null;
    }
    int[] r = new int[raw.length];
    for (int i = 0; i < r.length; i++) {
      int a = raw[i] < 0 && c.kerasMajor() >= 3 ? rank + raw[i] : raw[i];
      if (a < 1 || a > rank - 2) {
        throw new UnsupportedFeatureException(c.where() + ": option 'attention_axes' = " + Arrays.toString(raw)
            + " is not supported for inputs of rank " + rank + " (axes 1 to " + (rank - 2) + " are)");
      }
      r[i] = a;
    }
    return r;
  }

  /** Attention (Luong): {@code use_scale} creates {@code scale} (a scalar), {@code score_mode="concat"} {@code concat_score_weight}. */
  static Layer attention(LayerConfig c, LayerWeights w, int[] q, LoadContext ctx) {
    boolean useScale = c.getBoolean("use_scale", false);
    String mode = c.getString("score_mode", "dot");
    Attention.Score score;
    if (mode.equals("dot")) {
      score = Attention.Score.DOT;
    } else if (mode.equals("concat")) {
      score = Attention.Score.CONCAT;
    } else {
      throw new ModelFormatException(c.where() + ": option 'score_mode' = \"" + mode + "\" (Keras takes dot or concat)");
    }
    float[] scale = useScale ? w.next("scale") : null;
    float concat = score == Attention.Score.CONCAT ? w.next("concat_score_weight")[0] : 0f;
    return luong(c, score, scale, concat);
  }

  /** AdditiveAttention: {@code use_scale} (on by default) creates {@code scale} of shape {@code (dim)}. */
  static Layer additiveAttention(LayerConfig c, LayerWeights w, int[] q, LoadContext ctx) {
    boolean useScale = c.getBoolean("use_scale", true);
    float[] scale = useScale ? w.next("scale", Options.features(c, q, 0)) : null;
    return luong(c, Attention.Score.ADDITIVE, scale, 0f);
  }

  private static Layer luong(LayerConfig c, Attention.Score score, float[] scale, float concat) {
    c.getFloat("dropout", 0f); // not applied at inference
    c.ignore("seed");
    boolean causal = c.getBoolean("causal", false); // the old config option, before use_causal_mask
    int inputs = c.callPositional();
    if (inputs != 2 && inputs != 3) {
      throw new ModelFormatException(c.where() + ": the layer is called on " + (inputs < 0 ? "one tensor" : inputs
          + " tensors") + "; it takes [query, value] or [query, value, key]");
    }
    return new Attention(c.name(), score, scale, concat, inputs, causal || c.callFlag("use_causal_mask", false),
        c.callFlag("return_attention_scores", false));
  }
}
