package io.kerasj.loader.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.CallArguments;
import io.kerasj.loader.LayerConfig;
import io.kerasj.ops.GetItem;
import io.kerasj.ops.Operand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An op node's recorded call bound to the parameters of the function it called, as Python binds
 * them (positional arguments first, then keywords), with the conversions the op factories share:
 * tensor or constant operands, axes, shapes, slice keys.
 */
final class OpArgs {
  private final LayerConfig config;
  private final CallArguments call;
  private final String function; // for messages: "tf.math.add", "keras.src.ops.numpy.Add"
  private final Map<String, JsonElement> bound = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  private OpArgs(LayerConfig config, String function) {
    this.config = config;
    this.call = config.callArguments();
    this.function = function;
  }

  /** Whether the config is a tf-keras op layer rather than a Keras 3 op node. */
  static boolean isTf(LayerConfig c) {
    return !c.isOpNode() && (c.className().equals("TFOpLambda") || c.className().equals("SlicingOpLambda"));
  }

  /**
   * Binds an op's recorded call to the parameters {@code params} of the function it called, as
   * Python does (a last parameter {@code "*name"} takes the remaining positional arguments as a
   * list). A Keras 3 op's constructor arguments, which its config holds ({@code axis}, {@code
   * keepdims}…), are bound too, so that factories read one namespace; a TensorFlow call's
   * {@code name} is ignored.
   *
   * @throws ModelFormatException for arguments the function does not take
   */
  static OpArgs of(LayerConfig c, String... params) {
    boolean tf = isTf(c);
    String function = tf ? "tf." + c.getString("function", "?")
        : (c.module() == null ? "" : c.module() + ".") + c.className();
    OpArgs a = new OpArgs(c, function);
    List<JsonElement> pos = a.call.positional();
    int i = 0;
    for (String p : params) {
      if (p.startsWith("*")) {
        JsonArray rest = new JsonArray();
        for (; i < pos.size(); i++) {
          rest.add(pos.get(i));
        }
        a.bound.put(p.substring(1), rest);
      } else if (i < pos.size()) {
        a.bound.put(p, pos.get(i++));
      }
    }
    if (i < pos.size()) {
      throw new ModelFormatException(a.where() + " takes " + params.length + " positional arguments, the call has "
          + pos.size());
    }
    for (Map.Entry<String, JsonElement> kw : a.call.keywords().entrySet()) {
      a.put(kw.getKey(), kw.getValue());
    }
    if (tf) {
      a.ignore("name");
    } else {
      for (String k : c.keys()) {
        if (!k.equals("name")) {
          JsonElement v = c.getJson(k);
          a.put(k, v == null ? com.google.gson.JsonNull.INSTANCE : v);
        }
      }
    }
    return a;
  }

  private void put(String k, JsonElement v) {
    if (bound.containsKey(k)) {
      throw new ModelFormatException(where() + ": argument " + Messages.quote(k) + " is given twice");
    }
    bound.put(k, v);
  }

  String where() {
    return config.where() + ": " + function;
  }

  /** Whether the argument is given and not {@code None}. */
  boolean has(String p) {
    JsonElement e = bound.get(p);
    return e != null && !e.isJsonNull();
  }

  /** The argument's JSON (tensors are the call's stand-ins), or null when absent or None; marks it read. */
  JsonElement raw(String p) {
    read.add(p);
    JsonElement e = bound.get(p);
    return e == null || e.isJsonNull() ? null : e;
  }

  /** Whether the JSON is one of the call's tensors. */
  boolean isTensor(JsonElement e) {
    return call.input(e) >= 0;
  }

  /** A required argument that must be one of the call's tensors: its input number. */
  int tensor(String p) {
    JsonElement e = raw(p);
    int i = call.input(e);
    if (i < 0) {
      throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " should be a tensor, got "
          + Messages.snippet(e));
    }
    return i;
  }

  /** A list of tensors (e.g. {@code concatenate}'s {@code xs}): their input numbers. */
  int[] tensors(String p) {
    JsonElement e = raw(p);
    if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() == 0) {
      throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p)
          + " should be a list of tensors, got " + Messages.snippet(e));
    }
    JsonArray a = e.getAsJsonArray();
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = call.input(a.get(i));
      if (r[i] < 0) {
        throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p)
            + " holds a non-tensor " + Messages.snippet(a.get(i)) + ", which kerasj does not support");
      }
    }
    return r;
  }

  /** A tensor or a constant (number, bool, NumPy array or tensor constant, nested list of numbers). */
  Operand operand(String p) {
    JsonElement e = raw(p);
    if (e == null) {
      throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " is missing or None");
    }
    int i = call.input(e);
    return i >= 0 ? Operand.input(i) : Operand.constant(constant(p, e));
  }

  /** A number, as a constant or as the config holds it. */
  float number(String p, float def) {
    JsonElement e = raw(p);
    if (e == null) {
      return def;
    }
    Tensor t = constant(p, e);
    if (t.size() != 1) {
      throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " should be a number, got "
          + Messages.snippet(e));
    }
    return t.data()[0];
  }

  boolean bool(String p, boolean def) {
    JsonElement e = raw(p);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new ModelFormatException(where() + ": argument " + Messages.quote(p) + " should be a boolean, got "
          + Messages.snippet(e));
    }
    return e.getAsBoolean();
  }

  String string(String p, String def) {
    JsonElement e = raw(p);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new ModelFormatException(where() + ": argument " + Messages.quote(p) + " should be a string, got "
          + Messages.snippet(e));
    }
    return e.getAsString();
  }

  /** An int or a list of ints (an axis, axes, a shape); null when absent. */
  int[] ints(String p) {
    JsonElement e = raw(p);
    if (e == null) {
      return null;
    }
    return intsOf(where() + ": argument " + Messages.quote(p), e);
  }

  /** The same, from the config (Keras 3 ops keep their constructor arguments there). */
  static int[] configInts(LayerConfig c, String key) {
    JsonElement e = c.getJson(key);
    return e == null ? null : intsOf(c.where() + ": option " + Messages.quote(key), e);
  }

  static int[] intsOf(String what, JsonElement e) {
    if (!e.isJsonArray()) {
      return new int[] {LayerConfig.strictInt(what, e, Integer.MIN_VALUE, Integer.MAX_VALUE)};
    }
    JsonArray a = e.getAsJsonArray();
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = LayerConfig.strictInt(what + " element " + i, a.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    return r;
  }

  /** Refuses an argument given with a value other than its default (or None). */
  void expect(String p, Object def) {
    JsonElement e = raw(p);
    if (e == null) {
      return;
    }
    boolean same = def instanceof Boolean ? e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()
        && e.getAsBoolean() == (Boolean) def
        : def instanceof Number ? e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()
            && e.getAsDouble() == ((Number) def).doubleValue()
            : e.isJsonPrimitive() && e.getAsString().equals(String.valueOf(def));
    if (!same) {
      throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " = " + Messages.snippet(e)
          + " is not supported (kerasj implements " + def + ")");
    }
  }

  /** Marks arguments that cannot change the result (an op's {@code name}). */
  void ignore(String... ps) {
    for (String p : ps) {
      read.add(p);
    }
  }

  /** Refuses every argument given that no factory read. */
  void finish() {
    for (Map.Entry<String, JsonElement> e : bound.entrySet()) {
      if (!read.contains(e.getKey()) && !e.getValue().isJsonNull()) {
        throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(e.getKey()) + " = "
            + Messages.snippet(e.getValue()) + " is not supported");
      }
    }
  }

  /**
   * A constant argument as a tensor: a number or bool, Keras 3's {@code __numpy__} / {@code
   * __tensor__} objects, or a nested list of numbers (tf-keras).
   */
  Tensor constant(String p, JsonElement e) {
    JsonElement v = e;
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      String cn = o.has("class_name") && o.get("class_name").isJsonPrimitive() ? o.get("class_name").getAsString() : "";
      JsonElement cfg = o.get("config");
      if ((cn.equals("__numpy__") || cn.equals("__tensor__")) && cfg != null && cfg.isJsonObject()
          && cfg.getAsJsonObject().has("value")) {
        JsonElement dtype = cfg.getAsJsonObject().get("dtype");
        String d = dtype != null && dtype.isJsonPrimitive() ? dtype.getAsString() : "float32";
        if (!d.matches("float32|float64|u?int(8|16|32|64)|bool")) {
          throw new UnsupportedFeatureException(where() + ": a constant of dtype " + Messages.quote(d)
              + " is not supported");
        }
        v = cfg.getAsJsonObject().get("value");
      } else {
        throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " = "
            + Messages.snippet(e) + " is not supported");
      }
    }
    List<Integer> shape = new ArrayList<>();
    JsonElement x = v;
    while (x.isJsonArray()) {
      shape.add(x.getAsJsonArray().size());
      if (x.getAsJsonArray().size() == 0) {
        break;
      }
      x = x.getAsJsonArray().get(0);
    }
    int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    if (n > 1 << 24) {
      throw new UnsupportedFeatureException(where() + ": a constant of " + n + " elements is too large");
    }
    float[] data = new float[(int) n];
    int[] pos = {0};
    fill(p, v, 0, s, data, pos);
    return Tensor.of(data, s);
  }

  private void fill(String p, JsonElement v, int depth, int[] s, float[] data, int[] pos) {
    if (depth == s.length) {
      if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
        data[pos[0]++] = v.getAsBoolean() ? 1f : 0f;
      } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
        data[pos[0]++] = v.getAsFloat();
      } else {
        throw new UnsupportedFeatureException(where() + ": argument " + Messages.quote(p) + " holds "
            + Messages.snippet(v) + ", which is not a number or a tensor kerasj supports");
      }
      return;
    }
    if (!v.isJsonArray() || v.getAsJsonArray().size() != s[depth]) {
      throw new ModelFormatException(where() + ": argument " + Messages.quote(p) + " is a ragged list");
    }
    for (JsonElement x : v.getAsJsonArray()) {
      fill(p, x, depth + 1, s, data, pos);
    }
  }

  /**
   * A slice key: Keras 3's {@code __slice__} / {@code __ellipsis__} objects or tf-keras'
   * {@code {start, stop, step}} / {@code {class_name: __ellipsis__}}, integers and {@code None}.
   */
  List<GetItem.Index> sliceKey(String p) {
    read.add(p);
    JsonElement e = bound.get(p);
    if (e == null) {
      throw new ModelFormatException(where() + ": the slice key " + Messages.quote(p) + " is missing");
    }
    List<GetItem.Index> r = new ArrayList<>();
    if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        r.add(index(x));
      }
    } else {
      r.add(index(e));
    }
    return r;
  }

  private GetItem.Index index(JsonElement e) {
    if (e.isJsonNull()) {
      return GetItem.Index.newAxis();
    }
    if (call.input(e) >= 0) {
      throw new UnsupportedFeatureException(where() + ": indexing with a tensor is not supported (basic slicing only)");
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      return GetItem.Index.at(LayerConfig.strictInt(where() + ": index", e, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      JsonElement cn = o.get("class_name");
      String c = cn != null && cn.isJsonPrimitive() ? cn.getAsString() : null;
      if ("__ellipsis__".equals(c)) {
        return GetItem.Index.ellipsis();
      }
      JsonObject s = "__slice__".equals(c) && o.get("config") != null && o.get("config").isJsonObject()
          ? o.getAsJsonObject("config") : c == null ? o : null;
      if (s != null && s.keySet().stream().allMatch(k -> k.equals("start") || k.equals("stop") || k.equals("step"))) {
        Integer step = bound(s, "step");
        if (step != null && step == 0) {
          throw new ModelFormatException(where() + ": slice step cannot be zero (Python refuses it too)");
        }
        return GetItem.Index.slice(bound(s, "start"), bound(s, "stop"), step);
      }
    }
    throw new UnsupportedFeatureException(where() + ": index element " + Messages.snippet(e)
        + " is not supported (integers, slices, None and ... are)");
  }

  private Integer bound(JsonObject s, String k) {
    JsonElement e = s.get(k);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (call.input(e) >= 0) {
      throw new UnsupportedFeatureException(where() + ": a slice bound given by a tensor is not supported");
    }
    return LayerConfig.strictInt(where() + ": slice " + k, e, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }
}
