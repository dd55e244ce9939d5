package io.kerasj.loader.layers;

import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.activations.ActivationLayer;
import io.kerasj.layers.activations.ELU;
import io.kerasj.layers.activations.LeakyReLU;
import io.kerasj.layers.activations.PReLU;
import io.kerasj.layers.activations.ReLU;
import io.kerasj.layers.activations.Softmax;
import io.kerasj.layers.activations.ThresholdedReLU;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.Arrays;

/**
 * Keras' activation layers ({@code keras/src/layers/activations}).
 *
 * <p>LeakyReLU's slope is {@code alpha} in Keras 2 and {@code negative_slope} in Keras 3;
 * ThresholdedReLU exists only in Keras 2.
 */
final class ActivationLayers {
  private ActivationLayers() {}

  static void register(Registry r) {
    r.layer("ReLU", ActivationLayers::relu);
    r.layer("LeakyReLU", ActivationLayers::leakyRelu);
    r.layer("PReLU", ActivationLayers::prelu);
    r.layer("ELU", ActivationLayers::elu);
    r.layer("ThresholdedReLU", ActivationLayers::thresholdedRelu);
    r.layer("Softmax", ActivationLayers::softmax);
    // Softmax()(x, mask=m): the mask is a tensor of the call, broadcast against x.
    r.callArguments("Softmax", "mask");
    r.layer("Activation", ActivationLayers::activation);
  }

  static Layer relu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Float max = c.has("max_value") ? c.getFloat("max_value", 0f) : null;
    c.ignore("max_value");
    float slope = c.getFloat("negative_slope", 0f);
    float threshold = c.getFloat("threshold", 0f);
    if (max != null && max < 0) {
      throw new ModelFormatException(c.where() + ": max_value must be >= 0, got " + max);
    }
    return new ReLU(c.name(), max, slope, threshold);
  }

  static Layer leakyRelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    // Keras 2 writes 'alpha'; Keras 3 writes 'negative_slope' and still accepts 'alpha'.
    float slope = c.has("negative_slope") ? c.getFloat("negative_slope", LeakyReLU.DEFAULT_SLOPE)
        : c.getFloat("alpha", LeakyReLU.DEFAULT_SLOPE);
    c.ignore("negative_slope", "alpha");
    return new LeakyReLU(c.name(), slope);
  }

  static Layer prelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length - 1;
    if (rank < 1) {
      throw new ShapeMismatchException(c.where() + ": needs an input with a batch axis and at least one more");
    }
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = inputShape[i + 1];
    }
    // Keras sets alpha's dimension shared_axes[i] - 1 to 1 with Python indexing, so -1 shares the
    // second-to-last axis of the input and 0 the last one, odd as that is.
    int[] axes = c.getInts("shared_axes");
    for (int a : axes == null ? new int[0] : axes) {
      int d = a - 1 < 0 ? a - 1 + rank : a - 1;
      if (d < 0 || d >= rank) {
        throw new ModelFormatException(c.where() + ": option 'shared_axes' = " + java.util.Arrays.toString(axes)
            + ": axis " + a + " is out of range for input rank " + (rank + 1) + " (Keras refuses it too)");
      }
      shape[d] = 1;
    }
    for (int i = 0; i < rank; i++) {
      if (shape[i] < 0) {
        // Keras cannot build this either: alpha needs a size on every axis it does not share.
        throw new UnsupportedFeatureException(c.where() + ": the input's axis " + (i + 1)
            + " has unknown size and is not in shared_axes");
      }
    }
    float[] alpha = w.next("alpha", shape);
    return new PReLU(c.name(), shape, alpha);
  }

  static Layer elu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new ELU(c.name(), c.getFloat("alpha", 1f));
  }

  static Layer thresholdedRelu(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new ThresholdedReLU(c.name(), c.getFloat("theta", 1f));
  }

  /**
   * {@code axis} is an int or a list; several axes are normalized together (Keras' logsumexp form).
   * A {@code mask} passed to the call becomes the layer's second input; how it applies depends on
   * the Keras that saved the file and tf-keras' {@code robust_masking}.
   */
  static Layer softmax(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (Keras refuses a softmax over no axis too)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    if (axes[0] == 0) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + java.util.Arrays.toString(raw)
          + " includes the batch axis, which kerasj does not support (it ties the samples of a batch together)");
    }
    // Counted from the end, as the runtime layer takes them: the same layer then runs on any batch.
    int[] fromEnd = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      fromEnd[i] = axes[i] - rank;
    }
    boolean robust = c.getBoolean("robust_masking", false);
    if (robust && c.kerasMajor() >= 3) {
      throw new UnsupportedFeatureException(c.where() + ": option 'robust_masking' = true in a Keras 3 file (only "
          + "tf-keras has it)");
    }
    Softmax.MaskMode mode = !c.callTensors().contains("mask") ? Softmax.MaskMode.NONE
        : c.kerasMajor() >= 3 ? Softmax.MaskMode.KERAS3
        : robust ? Softmax.MaskMode.TF_KERAS_ROBUST : Softmax.MaskMode.TF_KERAS;
    return new Softmax(c.name(), fromEnd, mode);
  }

  static Layer activation(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    io.kerasj.activations.Activation a = c.activation("activation", "linear");
    int last = inputShape.length == 0 ? -1 : inputShape[inputShape.length - 1];
    if (last >= 0) {
      a.outputSize(last); // GLU on an odd width fails at load, not at the first call
    }
    return new ActivationLayer(c.name(), a);
  }
}
