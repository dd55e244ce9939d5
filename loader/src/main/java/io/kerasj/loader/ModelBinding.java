package io.kerasj.loader;

import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a test vector's named inputs and outputs onto a model's. Inputs are matched by the model's
 * {@code Input} layer names when the vector uses them (as {@code tools/record_test_vector.py}
 * writes them), else by position; outputs are in Keras' {@code model.outputs} order. This is the
 * one place that knows how the two line up.
 */
final class ModelBinding {
  private ModelBinding() {}

  /** Runs the model on the vector's inputs; returns the outputs by the vector's output names. */
  static Map<String, Tensor> predict(Model model, TestVector v) {
    Map<String, Tensor> inputs = v.inputs();
    java.util.List<String> names = model.inputNames();
    if (inputs.size() != names.size()) {
      throw new TestVectorException(v.source() + ": the test vector has " + inputs.size() + " inputs "
          + Messages.list(inputs.keySet()) + ", model " + Messages.quote(model.name()) + " has " + names.size() + " "
          + Messages.list(names));
    }
    if (v.outputs().size() != model.outputCount()) {
      throw new TestVectorException(v.source() + ": the test vector has " + v.outputs().size() + " outputs "
          + Messages.list(v.outputs().keySet()) + ", model " + Messages.quote(model.name()) + " has "
          + model.outputCount());
    }
    boolean byName = inputs.keySet().containsAll(names);
    java.util.List<Map.Entry<String, Tensor>> ordered = new java.util.ArrayList<>(inputs.entrySet());
    Tensor[] x = new Tensor[names.size()];
    for (int i = 0; i < x.length; i++) {
      String key = byName ? names.get(i) : ordered.get(i).getKey();
      x[i] = inputs.get(key);
      int[] want = model.inputShape(i);
      int[] have = x[i].shape();
      boolean ok = want.length == have.length;
      for (int d = 0; ok && d < have.length; d++) {
        ok = want[d] < 0 || want[d] == have[d];
      }
      if (!ok) {
        throw new TestVectorException(v.source() + ": input " + Messages.quote(key) + " has shape "
            + Model.formatShape(have) + " in the test vector, model " + Messages.quote(model.name()) + " expects "
            + Model.formatShape(want) + (names.size() > 1 ? " for its input " + Messages.quote(names.get(i)) : ""));
      }
    }
    java.util.List<Tensor> ys = model.predictAll(x);
    Map<String, Tensor> out = new LinkedHashMap<>();
    int i = 0;
    for (String name : v.outputs().keySet()) {
      out.put(name, ys.get(i++));
    }
    return out;
  }
}
