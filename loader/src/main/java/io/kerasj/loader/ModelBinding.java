package io.kerasj.loader;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a test vector's named inputs and outputs onto a model's inputs and outputs. Today's models
 * have one unnamed input and one output, so the vector must have exactly one of each, and its
 * names are not checked; this is the one place to change when models gain named inputs and
 * outputs.
 */
final class ModelBinding {
  private ModelBinding() {}

  /** Runs the model on the vector's inputs; returns the outputs by the vector's output names. */
  static Map<String, Tensor> predict(Model model, TestVector v) {
    Map<String, Tensor> inputs = v.inputs();
    if (inputs.size() != 1) {
      throw new TestVectorException(v.source() + ": the test vector has " + inputs.size() + " inputs " + inputs.keySet()
          + ", model '" + model.name() + "' has 1 input of shape " + Model.formatShape(model.inputShape()));
    }
    if (v.outputs().size() != 1) {
      throw new TestVectorException(v.source() + ": the test vector has " + v.outputs().size() + " outputs "
          + v.outputs().keySet() + ", model '" + model.name() + "' has 1 output of shape "
          + Model.formatShape(model.outputShape()));
    }
    Map.Entry<String, Tensor> in = inputs.entrySet().iterator().next();
    int[] want = model.inputShape();
    int[] have = in.getValue().shape();
    boolean ok = want.length == have.length;
    for (int i = 0; ok && i < have.length; i++) {
      ok = want[i] < 0 || want[i] == have[i];
    }
    if (!ok) {
      throw new TestVectorException(v.source() + ": input '" + in.getKey() + "' has shape " + Model.formatShape(have)
          + " in the test vector, model '" + model.name() + "' expects " + Model.formatShape(want));
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(v.outputs().keySet().iterator().next(), model.predict(in.getValue()));
    return out;
  }
}
