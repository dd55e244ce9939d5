package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration of one serialized Keras object (a layer or a cell), in either of Keras'
 * dialects ({@code {class_name, config}} or {@code {module, class_name, config,
 * registered_name}}), as a factory sees it.
 *
 * <p>Every key a factory does not read, and does not mark with {@link #ignore}, is an option
 * kerasj does not implement: {@link #finish()} rejects it by name, so that a model never runs with
 * silently wrong math. Keys that cannot change inference (initializers, regularizers, constraints,
 * the layer name, trainability, the declared input shape) are accepted without reading.
 *
 * <p>While a model loads, the refusals of {@link #expect}, {@link #finish()}, {@link #activation}
 * and the dtype policy are collected rather than thrown at once, and the load fails with one
 * {@link UnsupportedFeatureException} naming every unsupported feature of every layer it could
 * check; a factory may therefore continue past a refused option, and the model it builds is never
 * returned.
 */
public final class LayerConfig {
  private final String source;
  private final int kerasMajor;
  private final String className;
  private final String registeredName;
  private final JsonObject config;
  private final JsonObject serialized;
  private final UnsupportedReport report; // null: refusals are thrown at once
  private final Set<String> used = new LinkedHashSet<>();
  private final List<LayerConfig> children = new ArrayList<>();
  private List<JsonElement> callConstants = List.of();
  private CallArguments callArguments = CallArguments.NONE;
  private boolean constantsRead;
  private int callPositional = -1;
  private boolean callMasked;
  private List<String> callTensors = List.of();
  private java.util.Map<String, JsonElement> callOptions = java.util.Map.of();
  private final Set<String> callOptionsRead = new LinkedHashSet<>();

  LayerConfig(String source, int kerasMajor, JsonObject serialized, UnsupportedReport report) {
    this.source = source;
    this.kerasMajor = kerasMajor;
    this.report = report;
    JsonElement cn = serialized.get("class_name");
    if (cn == null || !cn.isJsonPrimitive()) {
      throw new ModelFormatException(source + ": a serialized layer has no 'class_name': " + abbreviate(serialized));
    }
    this.serialized = serialized;
    String rawClass = cn.getAsString();
    JsonElement rn = serialized.get("registered_name");
    String reg = rn != null && rn.isJsonPrimitive() ? rn.getAsString() : null;
    // The legacy dialect writes a registered class as class_name "Package>Name".
    if (reg == null && rawClass.indexOf('>') >= 0) {
      reg = rawClass;
    }
    this.className = rawClass.substring(rawClass.lastIndexOf('>') + 1);
    this.registeredName = reg;
    JsonElement c = serialized.get("config");
    if (c == null || c.isJsonNull()) {
      this.config = new JsonObject();
    } else if (c.isJsonObject()) {
      this.config = c.getAsJsonObject();
    } else {
      throw new ModelFormatException(source + ": the config of " + Messages.quote(className) + " is not a JSON object");
    }
    Safety.refuseCode(source, where(), className, serialized, m -> refuse(m, "code", Safety.HOW_TO_REPLACE));
    checkDtype();
  }

  /** The Python class name, e.g. {@code "LSTM"} or {@code "LNSimpleRNNCell"}. */
  public String className() {
    return className;
  }

  /** The registered name (e.g. {@code "Custom>LNSimpleRNNCell"}), or {@code null}. */
  public String registeredName() {
    return registeredName;
  }

  /**
   * The Python module Keras 3 recorded for the class ({@code "keras.layers"}, {@code
   * "keras.src.ops.numpy"}), or {@code null} (tf-keras, Keras 3's legacy {@code .h5}).
   */
  public String module() {
    JsonElement m = serialized.get("module");
    return m != null && m.isJsonPrimitive() ? m.getAsString() : null;
  }

  /**
   * Whether this is a Keras 3 operation recorded as a graph node ({@code x + y} is the op {@code
   * keras.src.ops.numpy.Add}, not the layer {@code keras.layers.Add}). Keras 3's legacy {@code
   * .h5} drops the module; there an op is recognized by its config, which unlike every layer's
   * has no {@code trainable} key, and by its class being an op kerasj knows.
   */
  public boolean isOpNode() {
    String m = module();
    if (m != null) {
      return m.startsWith("keras.src.ops.") || m.startsWith("keras.ops.");
    }
    return kerasMajor >= 3 && !config.has("trainable") && io.kerasj.loader.layers.Builtins.OP_CLASSES.contains(className);
  }

  /** The layer's Keras name ({@code config.name}), or the snake-case class name if absent. */
  public String name() {
    JsonElement n = config.get("name");
    return n != null && n.isJsonPrimitive() ? n.getAsString() : className;
  }

  /** The major version of the Keras that wrote the file (2 or 3). */
  public int kerasMajor() {
    return kerasMajor;
  }

  /** What the file is, for messages. */
  public String source() {
    return source;
  }

  /** The option names the config holds, in file order. */
  public java.util.Set<String> keys() {
    return java.util.Collections.unmodifiableSet(config.keySet());
  }

  /** Whether the config holds {@code key} with a non-null value. */
  public boolean has(String key) {
    JsonElement e = config.get(key);
    return e != null && !e.isJsonNull();
  }

  /** Whether the config holds {@code key} with an explicit {@code null} (e.g. {@code merge_mode: None}). */
  public boolean isExplicitNull(String key) {
    used.add(key);
    JsonElement e = config.get(key);
    return e != null && e.isJsonNull();
  }

  /** A required integer option. */
  public int getInt(String key) {
    JsonElement e = read(key);
    if (e == null) {
      throw new ModelFormatException(where() + ": required option '" + key + "' is missing");
    }
    return asInt(key, e);
  }

  /** An integer option, or {@code def} when absent. */
  public int getInt(String key, int def) {
    JsonElement e = read(key);
    return e == null ? def : asInt(key, e);
  }

  /** A boolean option, or {@code def} when absent. */
  public boolean getBoolean(String key, boolean def) {
    JsonElement e = read(key);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new ModelFormatException(where() + ": option '" + key + "' should be a boolean, got " + abbreviate(e));
    }
    return e.getAsBoolean();
  }

  /** A float option, or {@code def} when absent. */
  public float getFloat(String key, float def) {
    JsonElement e = read(key);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new ModelFormatException(where() + ": option '" + key + "' should be a number, got " + abbreviate(e));
    }
    return e.getAsFloat();
  }

  /** A string option, or {@code def} when absent. */
  public String getString(String key, String def) {
    JsonElement e = read(key);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive()) {
      throw new ModelFormatException(where() + ": option '" + key + "' should be a string, got " + abbreviate(e));
    }
    return e.getAsString();
  }

  /**
   * An option Keras writes as an integer or a list of integers (an {@code axis}, {@code axes},
   * {@code shared_axes}); an integer comes back as a one-element array. {@code null} when absent.
   */
  public int[] getInts(String key) {
    JsonElement e = read(key);
    if (e == null) {
      return null;
    }
    if (!e.isJsonArray()) {
      return new int[] {asInt(key, e)};
    }
    JsonArray a = e.getAsJsonArray();
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      JsonElement x = a.get(i);
      if (x.isJsonArray()) {
        throw new ModelFormatException(where() + ": option '" + key + "' should be an integer or a list of integers, got "
            + abbreviate(e));
      }
      r[i] = asInt(key, x);
    }
    return r;
  }

  /** A raw JSON option, or {@code null} when absent. */
  public JsonElement getJson(String key) {
    return read(key);
  }

  /**
   * An activation option, resolved with the semantics of the Keras that wrote the file. Accepts a
   * name or a serialized built-in activation object.
   */
  public Activation activation(String key, String def) {
    JsonElement e = read(key);
    String name = def;
    if (e != null) {
      if (e.isJsonPrimitive()) {
        name = e.getAsString();
      } else if (e.isJsonObject() && e.getAsJsonObject().has("class_name")) {
        JsonObject o = e.getAsJsonObject();
        if (!o.get("class_name").isJsonPrimitive()) {
          throw new ModelFormatException(where() + ": option '" + key + "' has a malformed class_name: " + abbreviate(e));
        }
        String cn = o.get("class_name").getAsString();
        if (cn.equals("function") && o.has("config") && o.get("config").isJsonPrimitive()) {
          name = o.get("config").getAsString();
        } else {
          refuse(where() + ": option '" + key + "' is a custom activation object " + Messages.quote(cn)
              + ", which kerasj cannot run", null, null);
          return Activation.LINEAR;
        }
      } else {
        throw new ModelFormatException(where() + ": option '" + key + "' should be an activation name, got "
            + abbreviate(e));
      }
    }
    try {
      return Activation.forKerasName(name, kerasMajor);
    } catch (UnsupportedFeatureException ex) {
      refuse(where() + ": option '" + key + "': " + ex.getMessage(), null, null);
      return Activation.LINEAR;
    }
  }

  /** A nested serialized object (an RNN's {@code cell}, a wrapper's {@code layer}). */
  public LayerConfig nested(String key) {
    JsonElement e = read(key);
    if (e == null) {
      throw new ModelFormatException(where() + ": required option '" + key + "' is missing");
    }
    if (!e.isJsonObject()) {
      throw new ModelFormatException(where() + ": option '" + key + "' should be a serialized object, got " + abbreviate(e));
    }
    LayerConfig child = new LayerConfig(source, kerasMajor, e.getAsJsonObject(), report);
    children.add(child);
    return child;
  }

  /** A nested list of serialized objects (e.g. {@code StackedRNNCells}' {@code cells}). */
  public java.util.List<LayerConfig> nestedList(String key) {
    JsonElement e = read(key);
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(where() + ": option '" + key + "' should be a list of serialized objects, got "
          + abbreviate(e));
    }
    java.util.List<LayerConfig> r = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonObject()) {
        throw new ModelFormatException(where() + ": an entry of option '" + key + "' is not an object: " + abbreviate(x));
      }
      LayerConfig child = new LayerConfig(source, kerasMajor, x.getAsJsonObject(), report);
      children.add(child);
      r.add(child);
    }
    return r;
  }

  /**
   * Non-tensor arguments of the layer's call in a Keras 3 Functional graph, e.g. the {@code 0.0}
   * of {@code ops.not_equal(x, 0.0)}. A factory that reads them accepts them; otherwise they are
   * refused at {@link #finish()}.
   */
  public List<JsonElement> callConstants() {
    constantsRead = true;
    return callConstants;
  }

  void setCallConstants(List<JsonElement> constants) {
    this.callConstants = List.copyOf(constants);
  }

  /**
   * The call's keyword arguments that are tensors, in the order they follow the positional inputs
   * (e.g. {@code ["key", "attention_mask"]} for {@code mha(q, v, key=k, attention_mask=m)}): the
   * keyword arguments the layer class declares with {@code Registry.callArguments}.
   */
  public List<String> callTensors() {
    return callTensors;
  }

  /**
   * A non-tensor keyword argument of the call (e.g. {@code use_causal_mask}), or {@code null} if the
   * call did not pass it. A factory that reads an argument accepts it; the others are refused at
   * {@link #finish()}.
   */
  public JsonElement callOption(String name) {
    callOptionsRead.add(name);
    JsonElement e = callOptions.get(name);
    return e == null || e.isJsonNull() ? null : e;
  }

  /** {@link #callOption} as a boolean, {@code def} if absent. */
  public boolean callFlag(String name, boolean def) {
    JsonElement e = callOption(name);
    if (e == null) {
      return def;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new ModelFormatException(where() + ": call argument '" + name + "' should be a boolean, got "
          + abbreviate(e));
    }
    return e.getAsBoolean();
  }

  /**
   * The number of tensors the call passed positionally (before those of {@link #callTensors}), or
   * -1 outside a Functional graph (a Sequential model passes one).
   */
  public int callPositional() {
    return callPositional;
  }

  /**
   * Whether the call passed a mask explicitly ({@code layer(x, mask=m)}; Keras 3 also records the
   * mask it handed a call of one tensor argument this way).
   */
  public boolean callMasked() {
    return callMasked;
  }

  void setCallKeywords(int positional, List<String> tensors, java.util.Map<String, JsonElement> options,
                        boolean masked) {
    this.callMasked = masked;
    this.callPositional = positional;
    this.callTensors = List.copyOf(tensors);
    this.callOptions = new java.util.LinkedHashMap<>(options);
  }

  /**
   * The arguments of the call of an operation node (a Keras 3 op, a tf-keras {@code TFOpLambda} or
   * {@code SlicingOpLambda}): its constants, and which input each tensor argument is. Empty for
   * layers.
   */
  public CallArguments callArguments() {
    constantsRead = true;
    return callArguments;
  }

  void setCallArguments(CallArguments arguments) {
    this.callArguments = arguments;
  }

  private int[][] callInputShapes;

  void setCallInputShapes(int[][] shapes) {
    this.callInputShapes = shapes;
  }

  /**
   * The shapes of the tensors of the layer's first call, in the order of its inputs (batch axis
   * included, {@code -1} unknown), or null outside a Functional graph: for ops whose math depends
   * on an operand other than the first ({@code tensordot}).
   */
  public int[][] callInputShapes() {
    return callInputShapes;
  }

  /** The whole serialized object ({@code class_name}, {@code config}, and in Functional models {@code inbound_nodes}). */
  JsonObject serialized() {
    return serialized;
  }

  /** A config value without marking it read (for checks that look ahead of the factory); null if absent. */
  JsonElement peek(String key) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? null : e;
  }

  /** Marks options as read: they exist in the file but cannot change inference. */
  public void ignore(String... keys) {
    for (String k : keys) {
      used.add(k);
    }
  }

  /**
   * Requires that an option is absent or has the one value kerasj implements, e.g.
   * {@code expect("stateful", false)}.
   */
  public void expect(String key, Object supported) {
    JsonElement e = read(key);
    if (e == null) {
      return;
    }
    JsonElement want = supported instanceof Boolean ? new JsonPrimitive((Boolean) supported)
        : supported instanceof Number ? new JsonPrimitive((Number) supported) : new JsonPrimitive(supported.toString());
    boolean same = e.equals(want)
        || (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && want.getAsJsonPrimitive().isNumber()
            && e.getAsDouble() == want.getAsDouble());
    if (!same) {
      refuse(where() + ": option " + Messages.quote(key) + " = " + abbreviate(e)
          + " is not supported (kerasj implements only " + want + ")", null, null);
    }
  }

  /**
   * Rejects every option that was neither read nor ignored, here and in nested objects.
   *
   * @throws UnsupportedFeatureException naming such options and their values (during a model load,
   *     they are collected with the other layers' and thrown once the model has been checked)
   */
  public void finish() {
    if (!callConstants.isEmpty() && !constantsRead) {
      refuse(where() + ": non-tensor call arguments " + Messages.snippet(callConstants)
          + " are not supported for this layer", null, null);
    }
    for (java.util.Map.Entry<String, JsonElement> o : callOptions.entrySet()) {
      if (!callOptionsRead.contains(o.getKey()) && !o.getValue().isJsonNull()) {
        refuse(where() + ": call argument " + Messages.quote(o.getKey()) + " = " + abbreviate(o.getValue())
            + " is not supported", null, null);
      }
    }
    for (String key : config.keySet()) {
      if (used.contains(key) || isInferenceNeutral(key)) {
        continue;
      }
      JsonElement v = config.get(key);
      if (v.isJsonNull()) {
        continue;
      }
      refuse(where() + ": option " + Messages.quote(key) + " = " + abbreviate(v) + " is not supported by kerasj",
          null, null);
    }
    for (LayerConfig c : children) {
      c.finish();
    }
  }

  /** "file: layer 'name' (Class)", the prefix of every message about this object. */
  public String where() {
    return where(source, name(), className);
  }

  static String where(String source, String name, String className) {
    return source + ": layer " + Messages.quote(name) + " (" + Messages.snippet(className) + ")";
  }

  /** Throws, or during a model load records, one unsupported feature. */
  private void refuse(String message, String hintKind, String hint) {
    if (report != null) {
      report.add(message, hintKind, hint);
      return;
    }
    throw new UnsupportedFeatureException(hint == null ? message : message + ". " + UnsupportedReport.sentence(hint));
  }

  private JsonElement read(String key) {
    used.add(key);
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? null : e;
  }

  private int asInt(String key, JsonElement e) {
    return strictInt(where() + ": option '" + key + "'", e, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * The one conversion of a config number to an {@code int}: the value must be a JSON integer
   * literal (as Python's {@code json} reads an {@code int}; {@code 0.5}, {@code 1e3}, {@code 2.0} and
   * {@code "0"} are not) within {@code [min, max]}. Nothing is rounded, truncated or wrapped.
   *
   * @param what the message prefix naming the file, the layer and the option or field
   * @throws ModelFormatException naming {@code what}, the value and the accepted range
   */
  public static int strictInt(String what, JsonElement e, long min, long max) {
    String literal = e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsString() : null;
    if (literal != null && INTEGER.matcher(literal).matches()) {
      // Up to 11 characters ("-2147483648") cannot overflow a long; anything longer is out of range.
      long v = literal.length() <= 11 ? Long.parseLong(literal) : literal.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    throw new ModelFormatException(what + " should be an integer from " + min + " to " + max + ", got " + abbreviate(e));
  }

  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)");

  private static boolean isInferenceNeutral(String key) {
    switch (key) {
      case "name":
      case "trainable":
      case "dtype":
      case "batch_input_shape":
      case "batch_shape":
      case "input_shape":
      case "input_dim":
      case "activity_regularizer":
        return true;
      default:
        return key.endsWith("_initializer") || key.endsWith("_regularizer") || key.endsWith("_constraint");
    }
  }

  // Inference runs in float32; a layer configured to compute in another precision would give
  // other numbers, so it is refused rather than run at the wrong precision.
  private void checkDtype() {
    if (isOpNode()) {
      return; // an op's "dtype" is an argument (ops.cast), read by its factory; ops have no policy
    }
    JsonElement d = config.get("dtype");
    if (d == null || d.isJsonNull()) {
      return;
    }
    String name;
    if (d.isJsonPrimitive()) {
      name = d.getAsString();
    } else if (d.isJsonObject() && d.getAsJsonObject().get("config") != null
        && d.getAsJsonObject().get("config").isJsonObject()
        && d.getAsJsonObject().getAsJsonObject("config").get("name") != null
        && d.getAsJsonObject().getAsJsonObject("config").get("name").isJsonPrimitive()) {
      name = d.getAsJsonObject().getAsJsonObject("config").get("name").getAsString();
    } else {
      throw new ModelFormatException(where() + ": unreadable dtype " + abbreviate(d));
    }
    // An InputLayer's dtype is the dtype of the data fed in, not a compute policy: token ids for an
    // Embedding are declared int32 or int64, and kerasj takes them as float32 values (exact below
    // 2^24), which is what Keras casts them to wherever they meet a float.
    // tf-keras' Discretization(output_mode="int") declares int64: its output, bin indices, which
    // kerasj gives exactly as float32 values.
    if ((className.equals("InputLayer") || className.equals("Discretization")) && name.matches("u?int(8|16|32|64)")) {
      return;
    }
    if (!name.equals("float32")) {
      refuse(where() + ": dtype policy " + Messages.quote(name) + " is not supported; kerasj computes in float32 only",
          null, null);
    }
  }

  /** A JSON value for a message: its JSON text, cut and escaped by {@link Messages#snippet}. */
  static String abbreviate(Object e) {
    return Messages.snippet(e);
  }

  /** Reads a shape list such as {@code [null, null, 1]}; {@code null} entries become -1. */
  static int[] shapeOf(String where, JsonElement e) {
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(where + ": expected a shape list, got " + abbreviate(e));
    }
    JsonArray a = e.getAsJsonArray();
    int[] s = new int[a.size()];
    for (int i = 0; i < s.length; i++) {
      JsonElement d = a.get(i);
      if (d.isJsonNull()) {
        s[i] = -1;
      } else {
        s[i] = strictInt(where + ": dimension " + i + " of shape " + abbreviate(e), d, 0, Integer.MAX_VALUE);
      }
    }
    return s;
  }
}
