package io.kerasj.loader;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one recorded call of an operation in a Functional graph: a Keras 3 op node's
 * {@code args} and {@code kwargs} ({@code [tensor, 2.0]} for {@code x * 2.0}), or a tf-keras
 * {@code TFOpLambda}'s first argument and keyword arguments. Every tensor in them, however deeply
 * nested, stands for one of the call's inputs: {@link #input(JsonElement)} says which. Everything
 * else is the JSON the file holds.
 */
public final class CallArguments {
  static final CallArguments NONE = new CallArguments(List.of(), Map.of(), new IdentityHashMap<>());

  private final List<JsonElement> positional;
  private final Map<String, JsonElement> keywords;
  private final IdentityHashMap<JsonElement, Integer> inputs; // by identity: file content cannot pose as one

  private CallArguments(List<JsonElement> positional, Map<String, JsonElement> keywords,
                        IdentityHashMap<JsonElement, Integer> inputs) {
    this.positional = positional;
    this.keywords = keywords;
    this.inputs = inputs;
  }

  /** The positional arguments, in call order. */
  public List<JsonElement> positional() {
    return positional;
  }

  /** The keyword arguments, in file order. */
  public Map<String, JsonElement> keywords() {
    return keywords;
  }

  /** The call's input number of a tensor argument (0-based), or -1 if {@code e} is not a tensor. */
  public int input(JsonElement e) {
    Integer i = e == null ? null : inputs.get(e);
    return i == null ? -1 : i;
  }

  /** The number of tensors among the arguments (the call's inputs). */
  public int tensorCount() {
    return inputs.size();
  }

  /** Whether two calls pass the same constants and the same inputs in the same places. */
  boolean sameAs(CallArguments o) {
    return positional.equals(o.positional) && keywords.equals(o.keywords);
  }

  @Override
  public String toString() {
    return "args " + positional + ", kwargs " + keywords;
  }

  /** Collects one call's arguments; {@link #tensor()} gives the stand-in of the next input. */
  static final class Builder {
    private final List<JsonElement> positional = new ArrayList<>();
    private final Map<String, JsonElement> keywords = new LinkedHashMap<>();
    private final IdentityHashMap<JsonElement, Integer> inputs = new IdentityHashMap<>();

    /** The stand-in for the call's next input tensor. */
    JsonElement tensor() {
      JsonObject o = new JsonObject();
      o.addProperty("input", inputs.size()); // content only for equality between calls and for messages
      inputs.put(o, inputs.size());
      return o;
    }

    Builder positional(JsonElement e) {
      positional.add(e);
      return this;
    }

    Builder keyword(String name, JsonElement e) {
      keywords.put(name, e);
      return this;
    }

    CallArguments build() {
      return new CallArguments(Collections.unmodifiableList(positional), Collections.unmodifiableMap(keywords),
          inputs);
    }
  }
}
