package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.ModelLayer;
import io.kerasj.layers.rnn.Bidirectional;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.loader.layers.Builtins;
import io.kerasj.loader.layers.CallVariant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a model config ({@code Sequential} or {@code Functional}, either Keras dialect) and a
 * weight store into a runtime {@link Model}, building each layer through the registry. Nested
 * models become {@link ModelLayer}s with a weight store of their own.
 *
 * <p>What kerasj does not implement is reported all at once ({@link UnsupportedReport}): first,
 * before anything is built, every layer and cell class no factory builds, Python code, dtype
 * policies and call arguments, in the whole model; then, while building, every option refused in
 * the layers that could be built.
 */
final class ModelAssembler {
  private final String label;
  private final int kerasMajor;
  private final LoadContext ctx;
  private final UnsupportedReport report;

  ModelAssembler(String label, int kerasMajor, LoadOptions options) {
    this.label = label;
    this.kerasMajor = kerasMajor;
    this.ctx = new LoadContext(options.customObjects(), this);
    this.report = new UnsupportedReport(label);
  }

  static boolean isModelClass(String cls) {
    return cls.equals("Sequential") || cls.equals("Functional") || cls.equals("Model");
  }

  Model assemble(JsonObject modelJson, WeightStore store) {
    try {
      LayerConfig top = new LayerConfig(label, kerasMajor, modelJson, report);
      checkSupport(top);
      report.throwIfAny();
      Model m = assemble(top, store, null);
      report.throwIfAny();
      store.checkAllClaimed();
      return m;
    } catch (RuntimeException ex) {
      throw report.stoppedBy(ex);
    }
  }

  /**
   * Checks, before anything is built, that a factory exists for every layer and cell class in a
   * model config (nested models and the built-in wrappers included), and that every call argument
   * is supported; records what is not. A layer kerasj lacks is thereby named as such, not by one of
   * its options or call arguments.
   */
  private void checkSupport(LayerConfig model) {
    if (!isModelClass(model.className())) {
      return;
    }
    boolean functional = !model.className().equals("Sequential");
    for (LayerConfig s : layerList(model)) {
      if (!s.className().equals("InputLayer") && checkClass(s, false) && functional) {
        inboundNodes(s); // records unsupported call arguments
      }
    }
  }

  /** Whether a factory builds {@code s}; records it if none does, and checks the classes nested in it. */
  private boolean checkClass(LayerConfig s, boolean cell) {
    if (Safety.isCode(s.className())) {
      return false; // its LayerConfig has recorded the refusal
    }
    CustomObjects registry = ctx.customObjects();
    if (!cell && isModelClass(s.className()) && registry.layer(s) == null) {
      checkSupport(s);
      return true;
    }
    if (cell ? registry.cell(s) == null : registry.layer(s) == null) {
      report.add(LoadContext.unknown(s, cell), cell ? "cell" : "layer", LoadContext.unknownHint(s, cell));
      return false;
    }
    if (registry.isBuiltin(s, cell)) {
      String op = cell ? null : Builtins.unsupportedOp(s);
      if (op != null) {
        report.add(op, null, null);
        return false;
      }
      for (String key : Builtins.NESTED_LAYERS.getOrDefault(s.className(), List.of())) {
        checkNested(s, key, false);
      }
      for (String key : Builtins.NESTED_CELLS.getOrDefault(s.className(), List.of())) {
        checkNested(s, key, true);
      }
    }
    return true;
  }

  private void checkNested(LayerConfig s, String key, boolean cell) {
    JsonElement e = s.peek(key);
    List<JsonElement> objects = new ArrayList<>();
    if (e != null && e.isJsonArray()) {
      e.getAsJsonArray().forEach(objects::add);
    } else if (e != null) {
      objects.add(e);
    }
    for (JsonElement x : objects) {
      LayerConfig nested;
      try {
        nested = new LayerConfig(label, kerasMajor, x.getAsJsonObject(), report);
      } catch (IllegalStateException | ModelFormatException malformed) {
        continue; // the factory reports it, with its context, when it reads the option
      }
      checkClass(nested, cell);
    }
  }

  /** @param inputShape for a nested Sequential without declared input: the shape it is called on */
  private Model assemble(LayerConfig top, WeightStore store, int[] inputShape) {
    String cls = top.className();
    if (cls.equals("Sequential")) {
      return sequential(top, store, inputShape);
    }
    if (cls.equals("Functional") || cls.equals("Model")) {
      return functional(top, store);
    }
    throw new UnsupportedFeatureException(label + ": model class " + Messages.quote(cls)
        + " is not supported (Sequential and Functional models are)");
  }

  private List<LayerConfig> layerList(LayerConfig top) {
    JsonElement layersJson = top.getJson("layers");
    if (layersJson == null && top.serialized().get("config") != null && top.serialized().get("config").isJsonArray()) {
      layersJson = top.serialized().get("config"); // Keras 2.0–2.2 wrote a Sequential's config as the layer list
    }
    if (layersJson == null || !layersJson.isJsonArray()) {
      throw new ModelFormatException(label + ": the " + top.className() + " config has no 'layers' list");
    }
    List<LayerConfig> specs = new ArrayList<>();
    for (JsonElement e : layersJson.getAsJsonArray()) {
      if (!e.isJsonObject()) {
        throw new ModelFormatException(label + ": an entry of the 'layers' list is not an object: "
            + LayerConfig.abbreviate(e));
      }
      specs.add(new LayerConfig(label, kerasMajor, e.getAsJsonObject(), report));
    }
    Safety.checkUniqueNames(label, specs);
    return specs;
  }

  private Model sequential(LayerConfig top, WeightStore store, int[] calledWith) {
    List<LayerConfig> specs = layerList(top);
    top.ignore("layers", "build_input_shape");
    int[] input = declaredInput(top, specs);
    if (input == null) {
      input = calledWith;
    }
    if (input == null) {
      throw new ModelFormatException(label + ": the model declares no input shape (no InputLayer, batch_input_shape, "
          + "batch_shape or build_input_shape)");
    }
    int[] shape = input;
    List<Layer> layers = new ArrayList<>();
    for (LayerConfig spec : specs) {
      if (spec.className().equals("InputLayer")) {
        continue;
      }
      Layer layer = build(spec, claim(store, spec), shape);
      int[] in = shape;
      shape = shapes(spec, () -> layer.outputShapes(new int[][] {in})[0]);
      layers.add(layer);
    }
    return Model.sequential(top.name(), input, layers);
  }

  /** A model used as a layer: built from its own config and a weight store of its own. */
  ModelLayer nestedModel(LayerConfig spec, WeightStore store, int[] inputShape) {
    Model nested = assemble(spec, store, inputShape);
    store.checkAllClaimed();
    return new ModelLayer(nested);
  }

  /**
   * Claims a top-level entry's weights, in model order (Keras 3 numbers same-class layers by
   * position): a nested model's store, or a layer's weights.
   */
  private static Object claim(WeightStore store, LayerConfig spec) {
    return isModelClass(spec.className()) ? store.nested(spec.name(), spec.className())
        : store.forLayer(spec.name(), spec.className());
  }

  /** Builds one entry from its claimed weights: a layer from the registry, or a nested model. */
  private Layer build(LayerConfig spec, Object weights, int[] inputShape) {
    try {
      if (weights instanceof WeightStore) {
        return nestedModel(spec, (WeightStore) weights, inputShape);
      }
      LayerWeights w = (LayerWeights) weights;
      int refusals = report.size();
      Layer layer = ctx.layer(spec, w, inputShape);
      spec.finish();
      // A layer refused for an option may well leave weights unused; the refusal is what to report.
      if (report.size() == refusals) {
        w.checkAllUsed();
      }
      return layer;
    } catch (ArithmeticException | NegativeArraySizeException ex) {
      throw outOfRange(spec);
    } catch (OutOfMemoryError ex) {
      // Every allocation is within the LoadOptions limits; the heap is smaller than they allow.
      throw new ModelFormatException(spec.where() + ": out of memory while building the layer: the Java heap ("
          + (Runtime.getRuntime().maxMemory() >> 20) + " MiB) is too small for it; raise the heap (-Xmx) or lower "
          + "LoadOptions.withMaxWeightElements / withMaxTotalWeightElements so that such a model is refused before "
          + "it is read");
    }
  }

  /**
   * Shape arithmetic on sizes from the config ({@code Math.multiplyExact} in the layers) that
   * overflows: the config's fault, reported by layer instead of as a bare ArithmeticException.
   */
  private static ShapeMismatchException outOfRange(LayerConfig spec) {
    return new ShapeMismatchException(spec.where() + ": sizes in the config are out of range (a size computed from "
        + "them does not fit a Java int)");
  }

  /** Runs shape propagation through the layer built from {@code spec}; see {@link #outOfRange}. */
  private static <T> T shapes(LayerConfig spec, java.util.function.Supplier<T> propagate) {
    try {
      return propagate.get();
    } catch (ArithmeticException | NegativeArraySizeException ex) {
      throw outOfRange(spec);
    }
  }

  /** The batch input shape: InputLayer, first layer's declared shape, or build_input_shape; null if none. */
  private int[] declaredInput(LayerConfig top, List<LayerConfig> specs) {
    if (!specs.isEmpty()) {
      LayerConfig first = specs.get(0);
      for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
        if (first.has(key)) {
          return LayerConfig.shapeOf(first.where() + ": option '" + key + "'", first.getJson(key));
        }
      }
      if (first.has("input_shape")) {
        int[] s = LayerConfig.shapeOf(first.where() + ": option 'input_shape'", first.getJson("input_shape"));
        int[] r = new int[s.length + 1];
        r[0] = -1;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
      }
    }
    if (top.has("build_input_shape")) {
      return LayerConfig.shapeOf(label + ": Sequential 'build_input_shape'", top.getJson("build_input_shape"));
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Functional

  /** One call of a layer as the config records it: the tensors it reads, by (layer, node, tensor). */
  private static final class Call {
    final LayerConfig spec;
    final int nodeIndex; // as other layers' references name it
    final int ordinal;   // position among the layer's calls
    final List<String[]> inputs = new ArrayList<>(); // each {layer, node, tensor}
    final List<JsonElement> constants = new ArrayList<>();
    CallArguments arguments = CallArguments.NONE; // an operation node's arguments
    String[] mask; // an explicit mask argument (Keras 3), or null
    final Map<String, JsonElement> kwargs = new LinkedHashMap<>(); // keyword arguments the layer's factory reads
    final List<String> tensorArgs = new ArrayList<>(); // those of them passed as tensors, in input order
    final Map<String, JsonElement> options = new LinkedHashMap<>(); // the others
    int positional; // tensors passed positionally (they come first)
    boolean initialState; // initial_state passed as tensors

    Call(LayerConfig spec, int nodeIndex, int ordinal) {
      this.spec = spec;
      this.nodeIndex = nodeIndex;
      this.ordinal = ordinal;
    }
  }

  private Model functional(LayerConfig top, WeightStore store) {
    List<LayerConfig> specs = layerList(top);
    top.ignore("layers");
    Model.Builder b = Model.builder(top.name());
    Map<String, Model.Ref> tensors = new HashMap<>();
    Map<String, LayerConfig> byName = new LinkedHashMap<>();
    for (LayerConfig s : specs) {
      byName.put(s.name(), s); // names are unique: layerList checked them
    }
    // Inputs, in input_layers order.
    JsonElement inputLayers = top.getJson("input_layers");
    for (String[] ref : refs(top, "input_layers", inputLayers)) {
      LayerConfig in = byName.get(ref[0]);
      if (in == null || !in.className().equals("InputLayer")) {
        throw new ModelFormatException(label + ": input_layers names " + Messages.quote(ref[0])
            + ", which is not an InputLayer");
      }
      int[] shape = null;
      for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
        if (in.has(key)) {
          shape = LayerConfig.shapeOf(in.where() + ": option '" + key + "'", in.getJson(key));
        }
      }
      if (shape == null) {
        throw new ModelFormatException(in.where() + ": the InputLayer declares no shape");
      }
      in.expect("sparse", false);
      in.expect("ragged", false);
      in.ignore("optional", "input_tensor");
      in.finish();
      tensors.put(key(ref[0], "0", "0"), b.input(ref[0], shape));
    }
    List<Call> pending = new ArrayList<>();
    int refusals = report.size();
    for (LayerConfig s : specs) {
      if (!s.className().equals("InputLayer")) {
        pending.addAll(inboundNodes(s));
      }
    }
    if (report.size() > refusals) {
      report.throwIfAny(); // unsupported call arguments: the graph cannot be built as saved
    }
    // Weights are claimed in config order (Keras 3 numbers same-class layers in model.layers order).
    Map<String, Object> weights = new LinkedHashMap<>();
    for (LayerConfig s : specs) {
      if (!s.className().equals("InputLayer")) {
        weights.put(s.name(), claim(store, s));
      }
    }
    checkGraph(pending, tensors.keySet());
    // Calls run when their inputs exist: config order is creation order, but a shared layer's
    // later calls may read layers listed after it.
    Map<String, Layer> built = new HashMap<>();
    Map<String, Call> firstCalls = new HashMap<>();
    Map<String, Integer> nextNode = new HashMap<>();
    while (!pending.isEmpty()) {
      Call ready = null;
      for (Call c : pending) {
        if (c.ordinal == nextNode.getOrDefault(c.spec.name(), 0) && available(c, tensors)) {
          ready = c;
          break;
        }
      }
      if (ready == null) {
        Call c = pending.get(0);
        throw new ModelFormatException(label + ": the Functional graph cannot be evaluated: layer "
            + Messages.quote(c.spec.name()) + " reads " + describe(c.inputs)
            + ", which no layer produces (dangling or cyclic graph)");
      }
      pending.remove(ready);
      nextNode.merge(ready.spec.name(), 1, Integer::sum);
      Model.Ref[] in = new Model.Ref[ready.inputs.size()];
      for (int i = 0; i < in.length; i++) {
        String[] r = ready.inputs.get(i);
        in[i] = tensors.get(key(r[0], r[1], r[2]));
      }
      if (in.length == 0) {
        // Keras records a node for calls on symbolic tensors only; this file's node has none.
        throw new ModelFormatException(ready.spec.where() + ": a call with no input tensor (node "
            + ready.nodeIndex + "); a layer in a Functional graph is called on at least one");
      }
      Layer layer = built.get(ready.spec.name());
      Call first = firstCalls.get(ready.spec.name());
      if (layer == null) {
        firstCalls.put(ready.spec.name(), ready);
        ready.spec.setCallKeywords(ready.positional, ready.tensorArgs, ready.options, ready.mask != null);
        ready.spec.setCallConstants(ready.constants);
        ready.spec.setCallArguments(ready.arguments);
        int[][] shapes = b.shapesOf(in);
        ready.spec.setCallInputShapes(shapes);
        layer = build(ready.spec, weights.get(ready.spec.name()), shapes[0]);
        built.put(ready.spec.name(), layer);
      } else if (!first.arguments.sameAs(ready.arguments)) {
        // An op's constants are built into it; Keras never reuses an op node with others.
        throw new UnsupportedFeatureException(ready.spec.where() + ": the operation is called twice with different "
            + "arguments (" + LayerConfig.abbreviate(first.arguments.toString()) + "; "
            + LayerConfig.abbreviate(ready.arguments.toString()) + "), which kerasj does not support");
      } else {
        Layer variant = callVariant(ready, first, layer);
        if (variant != null) {
          layer = variant;
        } else {
          sameArguments(ready, first);
        }
      }
      Model.Ref mask = ready.mask == null ? null : tensors.get(key(ready.mask[0], ready.mask[1], ready.mask[2]));
      Layer called = layer;
      // Keras 3's Layer.__call__ fills a layer's `mask` from its input only when the call has a single
      // tensor argument; initial_state is a second one, by keyword or positionally (a recurrent
      // layer's tensors after the sequence are its states). The output masks are still computed.
      boolean states = ready.initialState
          || ready.positional > 1 && (called instanceof RNN || called instanceof Bidirectional);
      boolean withheld = kerasMajor == 3 && states && mask == null;
      Model.Ref[] out = shapes(ready.spec, () -> withheld ? b.callWithoutMask(called, in) : b.callMasked(called, mask, in));
      for (int i = 0; i < out.length; i++) {
        tensors.put(key(ready.spec.name(), Integer.toString(ready.nodeIndex), Integer.toString(i)), out[i]);
      }
    }
    List<String[]> outs = refs(top, "output_layers", top.getJson("output_layers"));
    Model.Ref[] outputs = new Model.Ref[outs.size()];
    for (int i = 0; i < outputs.length; i++) {
      String[] r = outs.get(i);
      outputs[i] = tensors.get(key(r[0], r[1], r[2]));
      if (outputs[i] == null) {
        throw new ModelFormatException(label + ": output_layers names " + describe(java.util.Collections.singletonList(r))
            + ", which no layer produces");
      }
    }
    return b.build(outputs);
  }

  /**
   * The layer that runs a later call of a built-in layer whose call options differ from its first
   * call's in a way the class has a variant for (ReversibleEmbedding's {@code reverse}); null
   * otherwise.
   */
  private Layer callVariant(Call later, Call first, Layer built) {
    CallVariant v = Builtins.CALL_VARIANTS.get(later.spec.className());
    if (v == null || later.positional != first.positional || !later.tensorArgs.equals(first.tensorArgs)
        || later.options.equals(first.options) || !ctx.customObjects().isBuiltin(later.spec, false)) {
      return null;
    }
    return v.of(built, later.options, later.spec.where());
  }

  /**
   * A layer is built once, from its first call's keyword arguments; a shared layer called again
   * with others (say {@code use_causal_mask} in one call only) would need another layer.
   */
  private void sameArguments(Call later, Call first) {
    if (later.positional != first.positional || !later.tensorArgs.equals(first.tensorArgs)
        || !later.options.equals(first.options)) {
      report.add(later.spec.where() + ": the shared layer is called with keyword arguments " + describeArgs(later)
          + " after " + describeArgs(first) + "; kerasj supports the same arguments in every call", null, null);
    }
  }

  private static String describeArgs(Call c) {
    List<String> r = new ArrayList<>();
    for (String t : c.tensorArgs) {
      r.add(t + "=<tensor>");
    }
    for (Map.Entry<String, JsonElement> o : c.options.entrySet()) {
      r.add(o.getKey() + "=" + LayerConfig.abbreviate(o.getValue()));
    }
    return r.isEmpty() ? "(none)" : "(" + String.join(", ", r) + ")";
  }

  /** The call keyword arguments the factory of {@code s} reads, if a built-in one builds it. */
  private List<String> acceptedArguments(LayerConfig s) {
    List<String> names = Builtins.CALL_ARGUMENTS.get(s.className());
    return names != null && ctx.customObjects().isBuiltin(s, false) ? names : List.of();
  }

  /**
   * Splits the accepted keyword arguments of a call into tensors, appended to its inputs in the
   * order the layer declares them, and options for the factory.
   */
  private void resolveArguments(LayerConfig s, Call call, List<String> accepted) {
    call.positional = call.inputs.size();
    for (String name : accepted) {
      JsonElement v = call.kwargs.get(name);
      if (v == null || v.isJsonNull()) {
        continue;
      }
      String[] ref = tensorRef(s, v);
      if (ref != null) {
        call.inputs.add(ref);
        call.tensorArgs.add(name);
      } else {
        call.options.put(name, v);
      }
    }
  }

  /**
   * A keyword argument that is one tensor: Keras 3 writes {@code {"class_name": "__keras_tensor__",
   * …, "keras_history": [layer, node, tensor]}}, tf-keras {@code [layer, node, tensor]}; null for
   * anything else.
   */
  private String[] tensorRef(LayerConfig s, JsonElement v) {
    if (v.isJsonObject()) {
      return kerasTensor(s, v.getAsJsonObject());
    }
    if (kerasMajor == 2 && v.isJsonArray() && v.getAsJsonArray().size() >= 3 && v.getAsJsonArray().size() <= 4
        && v.getAsJsonArray().get(0).isJsonPrimitive() && v.getAsJsonArray().get(0).getAsJsonPrimitive().isString()) {
      return triple(s.where() + ": call argument", v.getAsJsonArray());
    }
    return null;
  }

  /**
   * Refuses a graph that reads a tensor no call produces (dangling) or whose calls depend on each
   * other in a circle (cyclic), before any layer is built, so the message names the graph's fault.
   */
  private void checkGraph(List<Call> calls, java.util.Set<String> inputs) {
    java.util.Set<String> produced = new java.util.HashSet<>();
    for (String k : inputs) {
      produced.add(k.substring(0, k.lastIndexOf('\u0000')));
    }
    for (Call c : calls) {
      produced.add(c.spec.name() + "\u0000" + c.nodeIndex);
    }
    for (Call c : calls) {
      List<String[]> reads = new ArrayList<>(c.inputs);
      if (c.mask != null) {
        reads.add(c.mask);
      }
      for (String[] r : reads) {
        if (!produced.contains(r[0] + "\u0000" + r[1])) {
          throw new ModelFormatException(label + ": dangling Functional graph: layer " + Messages.quote(c.spec.name())
              + " reads " + describe(java.util.Collections.singletonList(r)) + ", which no layer or input produces");
        }
      }
    }
    java.util.Set<String> done = new java.util.HashSet<>(produced.size());
    for (String k : inputs) {
      done.add(k.substring(0, k.lastIndexOf('\u0000')));
    }
    List<Call> left = new ArrayList<>(calls);
    boolean progress = true;
    while (!left.isEmpty() && progress) {
      progress = false;
      for (java.util.Iterator<Call> it = left.iterator(); it.hasNext(); ) {
        Call c = it.next();
        boolean ready = true;
        for (String[] r : c.inputs) {
          ready &= done.contains(r[0] + "\u0000" + r[1]);
        }
        if (c.mask != null) {
          ready &= done.contains(c.mask[0] + "\u0000" + c.mask[1]);
        }
        if (ready) {
          done.add(c.spec.name() + "\u0000" + c.nodeIndex);
          it.remove();
          progress = true;
        }
      }
    }
    if (!left.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Call c : left) {
        names.add(c.spec.name());
      }
      throw new ModelFormatException(label + ": cyclic Functional graph: layers " + Messages.list(names)
          + " read each other's outputs, so none of them can run first");
    }
  }

  private static boolean hasOwnInput(LayerConfig s) {
    if (!s.className().equals("Sequential")) {
      return true;
    }
    JsonElement cfg = s.serialized().get("config");
    JsonElement layers = cfg != null && cfg.isJsonObject() ? cfg.getAsJsonObject().get("layers") : null;
    if (layers == null || !layers.isJsonArray() || layers.getAsJsonArray().size() == 0) {
      return false;
    }
    JsonElement first = layers.getAsJsonArray().get(0);
    return first.isJsonObject() && first.getAsJsonObject().has("class_name")
        && first.getAsJsonObject().get("class_name").getAsString().equals("InputLayer");
  }

  private static boolean available(Call c, Map<String, Model.Ref> tensors) {
    if (c.mask != null && !tensors.containsKey(key(c.mask[0], c.mask[1], c.mask[2]))) {
      return false;
    }
    for (String[] r : c.inputs) {
      if (!tensors.containsKey(key(r[0], r[1], r[2]))) {
        return false;
      }
    }
    return true;
  }

  private static String key(String layer, String node, String tensor) {
    return layer + "\u0000" + node + "\u0000" + tensor;
  }

  private static String describe(List<String[]> refs) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (String[] r : refs) {
      if (shown++ == Messages.MAX_ITEMS) {
        sb.append(", … and ").append(refs.size() - Messages.MAX_ITEMS).append(" more");
        break;
      }
      sb.append(shown == 1 ? "" : ", ").append(Messages.quote(r[0])).append('[').append(r[1]).append("][").append(r[2])
          .append(']');
    }
    return sb.toString();
  }

  /** {@code [["name", node, tensor], …]} (or a single triple) from input_layers / output_layers. */
  private List<String[]> refs(LayerConfig top, String key, JsonElement e) {
    top.ignore(key);
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(label + ": the Functional config has no '" + key + "' list");
    }
    JsonArray a = e.getAsJsonArray();
    List<String[]> r = new ArrayList<>();
    if (a.size() == 3 && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString()) {
      r.add(triple(label + ": '" + key + "'", a));
      return r;
    }
    for (JsonElement x : a) {
      if (!x.isJsonArray() || x.getAsJsonArray().size() < 3) {
        throw new ModelFormatException(label + ": bad entry in '" + key + "': " + LayerConfig.abbreviate(x));
      }
      r.add(triple(label + ": '" + key + "'", x.getAsJsonArray()));
    }
    return r;
  }

  /**
   * The tensor a Keras 3 call argument {@code {"class_name": "__keras_tensor__", "config":
   * {"keras_history": [layer, node, tensor]}}} refers to, or null if {@code o} is not a tensor.
   */
  private static String[] kerasTensor(LayerConfig s, JsonObject o) {
    JsonElement cn = o.get("class_name");
    if (cn == null || !cn.isJsonPrimitive() || !cn.getAsString().equals("__keras_tensor__")) {
      return null;
    }
    JsonElement cfg = o.get("config");
    JsonElement hist = cfg != null && cfg.isJsonObject() ? cfg.getAsJsonObject().get("keras_history") : null;
    if (hist == null || !hist.isJsonArray() || hist.getAsJsonArray().size() < 3) {
      throw new ModelFormatException(s.where() + ": a call argument has no keras_history");
    }
    return triple(s.where() + ": call argument", hist.getAsJsonArray());
  }

  /**
   * A tensor reference {@code [layer, node_index, tensor_index]}. The indices are list positions in
   * Keras, so anything but an integer in range is refused, as Python's list indexing refuses it
   * (never truncated or wrapped, which would silently read another tensor).
   */
  private static String[] triple(String owner, JsonArray a) {
    JsonElement layer = a.get(0);
    String where = owner + ": tensor reference " + LayerConfig.abbreviate(a) + ": ";
    if (!layer.isJsonPrimitive() || !layer.getAsJsonPrimitive().isString()) {
      throw new ModelFormatException(where + "the layer name should be a string");
    }
    int node = LayerConfig.strictInt(where + "node index", a.get(1), 0, Integer.MAX_VALUE);
    int tensor = LayerConfig.strictInt(where + "tensor index", a.get(2), 0, Integer.MAX_VALUE);
    return new String[] {layer.getAsString(), Integer.toString(node), Integer.toString(tensor)};
  }

  /** The layer's calls: Keras 2 lists of [layer, node, tensor, kwargs]; Keras 3 {args, kwargs} objects. */
  private List<Call> inboundNodes(LayerConfig s) {
    JsonElement nodes = s.serialized().get("inbound_nodes");
    List<Call> r = new ArrayList<>();
    if (nodes == null || nodes.isJsonNull()) {
      return r;
    }
    if (!nodes.isJsonArray()) {
      throw new ModelFormatException(s.where() + ": 'inbound_nodes' is not a list");
    }
    // Keras 2 numbers the calls of a nested model that has its own InputLayer from 1: node 0 is
    // the model's own input (tf-keras functional.py, _should_skip_first_node).
    int offset = kerasMajor == 2 && isModelClass(s.className()) && hasOwnInput(s) ? 1 : 0;
    List<String> accepted = acceptedArguments(s);
    boolean op = s.isOpNode();
    boolean tfOp = kerasMajor == 2 && isTfOpLayer(s.className());
    for (JsonElement node : nodes.getAsJsonArray()) {
      Call call = new Call(s, r.size() + offset, r.size());
      if (op && node.isJsonObject()) {
        opArguments(s, node.getAsJsonObject(), call);
      } else if (tfOp && node.isJsonArray()) {
        tfOpArguments(s, node.getAsJsonArray(), call);
      } else if (node.isJsonObject()) {
        JsonObject o = node.getAsJsonObject();
        collectTensors(s, o.get("args"), call.inputs, call.constants);
        JsonElement kwargs = o.get("kwargs");
        if (kwargs != null && kwargs.isJsonObject()) {
          for (Map.Entry<String, JsonElement> kw : kwargs.getAsJsonObject().entrySet()) {
            if (accepted.contains(kw.getKey())) {
              call.kwargs.put(kw.getKey(), kw.getValue());
              continue;
            }
            switch (kw.getKey()) {
              case "initial_state":
                int before = call.inputs.size();
                collectTensors(s, kw.getValue(), call.inputs, null);
                call.initialState = call.inputs.size() > before;
                break;
              case "training":
                break;
              case "mask":
                // Keras 3 records the mask a layer received as an explicit argument.
                List<String[]> m = new ArrayList<>();
                collectTensors(s, kw.getValue(), m, null);
                if (m.size() > 1) {
                  report.add(s.where() + ": a call with " + m.size() + " masks (one per input) is not supported",
                      null, null);
                }
                call.mask = m.isEmpty() ? null : m.get(0);
                break;
              default:
                if (!kw.getValue().isJsonNull()) {
                  refuseArgument(s, kw);
                }
            }
          }
        }
      } else if (node.isJsonArray()) {
        for (JsonElement t : node.getAsJsonArray()) {
          if (!t.isJsonArray() || t.getAsJsonArray().size() < 3) {
            throw new ModelFormatException(s.where() + ": bad inbound node entry " + LayerConfig.abbreviate(t));
          }
          JsonArray ta = t.getAsJsonArray();
          if (ta.size() > 3 && ta.get(3).isJsonObject()) {
            for (Map.Entry<String, JsonElement> kw : ta.get(3).getAsJsonObject().entrySet()) {
              if (accepted.contains(kw.getKey())) {
                call.kwargs.put(kw.getKey(), kw.getValue()); // tf-keras repeats them for each input
              } else if (!kw.getKey().equals("training") && !kw.getValue().isJsonNull()) {
                refuseArgument(s, kw);
              }
            }
          }
          call.inputs.add(triple(s.where() + ": inbound node", ta));
        }
      } else {
        throw new ModelFormatException(s.where() + ": bad inbound node " + LayerConfig.abbreviate(node));
      }
      if ((op || tfOp) && call.inputs.isEmpty()) {
        report.add(s.where() + ": the recorded call has no tensor argument, so it cannot be part of the graph"
            + (tfOp ? " (tf-keras records only the first argument and keywords, e.g. not tf.einsum's operands; "
            + "tf-keras cannot reload this model either)" : ""), null, null);
        continue;
      }
      resolveArguments(s, call, accepted);
      r.add(call);
    }
    return r;
  }

  /** tf-keras's op layers: a TensorFlow function, or slicing, recorded with its arguments. */
  static boolean isTfOpLayer(String className) {
    return className.equals("TFOpLambda") || className.equals("SlicingOpLambda");
  }

  /** A Keras 3 op node's {@code args} and {@code kwargs}, every tensor replaced by an input. */
  private void opArguments(LayerConfig s, JsonObject node, Call call) {
    CallArguments.Builder b = new CallArguments.Builder();
    JsonElement args = node.get("args");
    if (args != null && !args.isJsonNull()) {
      if (!args.isJsonArray()) {
        throw new ModelFormatException(s.where() + ": inbound node 'args' is not a list: " + LayerConfig.abbreviate(args));
      }
      for (JsonElement a : args.getAsJsonArray()) {
        b.positional(opArgument(s, a, b, call, 0));
      }
    }
    JsonElement kwargs = node.get("kwargs");
    if (kwargs != null && !kwargs.isJsonNull()) {
      if (!kwargs.isJsonObject()) {
        throw new ModelFormatException(s.where() + ": inbound node 'kwargs' is not an object: "
            + LayerConfig.abbreviate(kwargs));
      }
      for (Map.Entry<String, JsonElement> kw : kwargs.getAsJsonObject().entrySet()) {
        b.keyword(kw.getKey(), opArgument(s, kw.getValue(), b, call, 0));
      }
    }
    call.arguments = b.build();
  }

  private JsonElement opArgument(LayerConfig s, JsonElement e, CallArguments.Builder b, Call call, int depth) {
    if (depth > 64) {
      throw new ModelFormatException(s.where() + ": call arguments nested deeper than 64 levels");
    }
    if (e.isJsonArray()) {
      JsonArray r = new JsonArray();
      for (JsonElement x : e.getAsJsonArray()) {
        r.add(opArgument(s, x, b, call, depth + 1));
      }
      return r;
    }
    if (!e.isJsonObject()) {
      return e;
    }
    JsonObject o = e.getAsJsonObject();
    String[] tensor = kerasTensor(s, o);
    if (tensor != null) {
      call.inputs.add(tensor);
      return b.tensor();
    }
    JsonObject r = new JsonObject();
    for (Map.Entry<String, JsonElement> m : o.entrySet()) {
      r.add(m.getKey(), opArgument(s, m.getValue(), b, call, depth + 1));
    }
    return r;
  }

  /**
   * A tf-keras op layer's call: its first argument (a tensor {@code [layer, node, tensor, kwargs]},
   * a constant {@code ["_CONSTANT_VALUE", -1, value, kwargs]}, or a list of those, e.g. {@code
   * tf.concat}'s) and the keyword arguments, where a list {@code [layer, node, tensor]} is a tensor
   * (tf-keras' {@code convert_inner_node_data} rule).
   */
  private void tfOpArguments(LayerConfig s, JsonArray node, Call call) {
    CallArguments.Builder b = new CallArguments.Builder();
    JsonObject[] kwargs = new JsonObject[1];
    b.positional(tfFirstArgument(s, node, b, call, kwargs, 0));
    if (kwargs[0] != null) {
      for (Map.Entry<String, JsonElement> kw : kwargs[0].entrySet()) {
        b.keyword(kw.getKey(), tfKeyword(s, kw.getValue(), b, call, 0));
      }
    }
    call.arguments = b.build();
  }

  private static boolean isTfEntry(JsonElement e) {
    if (!e.isJsonArray()) {
      return false;
    }
    JsonArray a = e.getAsJsonArray();
    return (a.size() == 3 || a.size() == 4) && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString();
  }

  private JsonElement tfFirstArgument(LayerConfig s, JsonElement e, CallArguments.Builder b, Call call,
                                      JsonObject[] kwargs, int depth) {
    if (depth > 64) {
      throw new ModelFormatException(s.where() + ": inbound node nested deeper than 64 levels");
    }
    if (isTfEntry(e)) {
      JsonArray a = e.getAsJsonArray();
      if (a.size() == 4) {
        if (!a.get(3).isJsonObject()) {
          throw new ModelFormatException(s.where() + ": bad inbound node entry " + LayerConfig.abbreviate(a));
        }
        kwargs[0] = a.get(3).getAsJsonObject(); // tf-keras calls with the last entry's
      }
      if (a.get(0).getAsString().equals("_CONSTANT_VALUE")) {
        return a.get(2);
      }
      call.inputs.add(triple(s.where() + ": inbound node", a));
      return b.tensor();
    }
    if (!e.isJsonArray()) {
      throw new ModelFormatException(s.where() + ": bad inbound node entry " + LayerConfig.abbreviate(e));
    }
    JsonArray r = new JsonArray();
    for (JsonElement x : e.getAsJsonArray()) {
      r.add(tfFirstArgument(s, x, b, call, kwargs, depth + 1));
    }
    return r;
  }

  private JsonElement tfKeyword(LayerConfig s, JsonElement e, CallArguments.Builder b, Call call, int depth) {
    if (depth > 64) {
      throw new ModelFormatException(s.where() + ": call arguments nested deeper than 64 levels");
    }
    if (isTfEntry(e)) {
      call.inputs.add(triple(s.where() + ": call argument", e.getAsJsonArray()));
      return b.tensor();
    }
    if (e.isJsonArray()) {
      JsonArray r = new JsonArray();
      for (JsonElement x : e.getAsJsonArray()) {
        r.add(tfKeyword(s, x, b, call, depth + 1));
      }
      return r;
    }
    if (e.isJsonObject()) {
      JsonObject r = new JsonObject();
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        r.add(m.getKey(), tfKeyword(s, m.getValue(), b, call, depth + 1));
      }
      return r;
    }
    return e;
  }

  private void refuseArgument(LayerConfig s, Map.Entry<String, JsonElement> kw) {
    report.add(s.where() + ": call argument " + Messages.quote(kw.getKey()) + " = "
        + LayerConfig.abbreviate(kw.getValue()) + " is not supported", null, null);
  }

  /**
   * Keras 3 call arguments: tensors (possibly in nested lists) in order; plain numbers go to
   * {@code constants} when the caller accepts them.
   */
  private void collectTensors(LayerConfig s, JsonElement e, List<String[]> out, List<JsonElement> constants) {
    if (e == null || e.isJsonNull()) {
      return;
    }
    if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        collectTensors(s, x, out, constants);
      }
      return;
    }
    if (constants != null && e.isJsonPrimitive()) {
      constants.add(e);
      return;
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      String[] tensor = kerasTensor(s, o);
      if (tensor != null) {
        out.add(tensor);
        return;
      }
    }
    report.add(s.where() + ": a non-tensor call argument " + LayerConfig.abbreviate(e) + " is not supported", null,
        null);
  }
}
