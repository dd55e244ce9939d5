package io.kerasj.loader.layers;

import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' convolution layers ({@code keras/src/layers/convolutional}).
 */
final class ConvolutionalLayers {
  private ConvolutionalLayers() {}

  static void register(Registry r) {
    r.layer("Conv1D", ConvolutionalLayers::conv1d);
  }

  static Layer conv1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int in = Options.features(c, inputShape, 3);
    Options.channelsLast(c);
    int filters = c.getInt("filters");
    int k = Options.single(c, "kernel_size", -1);
    int stride = Options.single(c, "strides", 1);
    int dilation = Options.single(c, "dilation_rate", 1);
    int groups = c.getInt("groups", 1);
    Padding padding = Options.padding(c, true);
    if (stride > 1 && dilation > 1) {
      // TensorFlow rejects this combination, so no trained model can hold it.
      throw new UnsupportedFeatureException(c.where() + ": strides = " + stride + " together with dilation_rate = "
          + dilation + " is not supported (Keras/TensorFlow reject it too)");
    }
    if (groups < 1 || in % groups != 0 || filters % groups != 0) {
      throw new ShapeMismatchException(c.where() + ": groups = " + groups + " must divide the input channels (" + in
          + ") and filters (" + filters + ")");
    }
    io.kerasj.activations.Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[][] kb = Options.loraKernel(c, w, "kernel", new int[] {k, in / groups, filters}, useBias ? "bias" : null,
        filters, true);
    return new Conv1D(c.name(), in, filters, k, stride, dilation, groups, padding, kb[0], kb[1], act);
  }
}
