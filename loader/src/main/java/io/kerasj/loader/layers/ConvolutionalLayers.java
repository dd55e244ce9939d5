package io.kerasj.loader.layers;

import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.layers.convolutional.Conv1DTranspose;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.Conv2DTranspose;
import io.kerasj.layers.convolutional.Conv3D;
import io.kerasj.layers.convolutional.Conv3DTranspose;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.layers.convolutional.DepthwiseConv1D;
import io.kerasj.layers.convolutional.DepthwiseConv2D;
import io.kerasj.layers.convolutional.SeparableConv1D;
import io.kerasj.layers.convolutional.SeparableConv2D;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import java.util.Arrays;

/**
 * Keras' convolution layers ({@code keras/src/layers/convolutional}, {@code
 * tf_keras/src/layers/convolutional}): 1-D and 2-D, plain (with groups), depthwise, separable and
 * transposed, and the plain and transposed 3-D convolutions, in both data formats. tf-keras'
 * {@code Conv3DTranspose} ignores {@code dilation_rate} (its call never passes it on) and drops it
 * from its config, so its files read as dilation 1, which is what it computed.
 *
 * <p>The two Keras versions write the same options, with these differences: tf-keras writes
 * {@code groups: 1} for the depthwise, separable and transposed layers (which have no groups) and
 * names the depthwise kernel {@code depthwise_kernel} (Keras 3: {@code kernel}; weights are read in
 * creation order, so only messages see the name); tf-keras' {@code SeparableConv1D} also takes
 * {@code causal} padding, which Keras 3 refuses; Keras 3 lets depthwise and separable layers combine
 * strides and dilation (tf-keras refuses, and so do both for the other layers).
 */
final class ConvolutionalLayers {
  private ConvolutionalLayers() {}

  static void register(Registry r) {
    r.layer("Conv1D", (c, w, s, ctx) -> conv(c, w, s, 1));
    r.layer("Conv2D", (c, w, s, ctx) -> conv(c, w, s, 2));
    r.layer("Conv3D", (c, w, s, ctx) -> conv(c, w, s, 3));
    r.layer("DepthwiseConv1D", (c, w, s, ctx) -> depthwise(c, w, s, 1));
    r.layer("DepthwiseConv2D", (c, w, s, ctx) -> depthwise(c, w, s, 2));
    r.layer("SeparableConv1D", (c, w, s, ctx) -> separable(c, w, s, 1));
    r.layer("SeparableConv2D", (c, w, s, ctx) -> separable(c, w, s, 2));
    r.layer("Conv1DTranspose", (c, w, s, ctx) -> transposed(c, w, s, 1));
    r.layer("Conv2DTranspose", (c, w, s, ctx) -> transposed(c, w, s, 2));
    r.layer("Conv3DTranspose", (c, w, s, ctx) -> transposed(c, w, s, 3));
  }

  /** The window options every convolution has; {@code mixed}: whether strides and dilation may combine. */
  static ConvWindow window(LayerConfig c, int rank, boolean causalAllowed, boolean mixed) {
    int[] k = Options.tuple(c, "kernel_size", rank, -1, 1);
    int[] strides = Options.tuple(c, "strides", rank, 1, 1);
    int[] dilation = Options.tuple(c, "dilation_rate", rank, 1, 1);
    Padding padding = Options.padding(c, causalAllowed);
    if (!mixed && Arrays.stream(strides).max().getAsInt() > 1 && Arrays.stream(dilation).max().getAsInt() > 1) {
      // Keras refuses the combination when it builds the layer, so no file it wrote holds it.
      throw new UnsupportedFeatureException(c.where() + ": strides = " + Arrays.toString(strides)
          + " together with dilation_rate = " + Arrays.toString(dilation)
          + " is not supported (Keras rejects it for this layer too)");
    }
    return ConvWindow.of(padding, k, strides, dilation);
  }

  /** Keras writes {@code groups: 1} where a layer has no groups (tf-keras); anything else is refused. */
  private static void noGroups(LayerConfig c) {
    c.expect("groups", 1);
  }

  static int[] withSpatial(int[] kernelSize, int... rest) {
    int[] r = Arrays.copyOf(kernelSize, kernelSize.length + rest.length);
    System.arraycopy(rest, 0, r, kernelSize.length, rest.length);
    return r;
  }

  static Layer conv(LayerConfig c, LayerWeights w, int[] inputShape, int rank) {
    DataFormat format = Options.dataFormat(c);
    int in = Options.channels(c, inputShape, rank + 2, format);
    int filters = c.getInt("filters");
    ConvWindow window = window(c, rank, rank == 1, false);
    int groups = c.getInt("groups", 1);
    if (groups < 1 || in % groups != 0 || filters % groups != 0) {
      throw new ShapeMismatchException(c.where() + ": groups = " + groups + " must divide the input channels (" + in
          + ") and filters (" + filters + ")");
    }
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[][] kb = Options.loraKernel(c, w, "kernel", withSpatial(window.kernelSize(), in / groups, filters),
        useBias ? "bias" : null, filters, true);
    return rank == 1 ? new Conv1D(c.name(), in, filters, window, groups, format, kb[0], kb[1], act)
        : rank == 2 ? new Conv2D(c.name(), in, filters, window, groups, format, kb[0], kb[1], act)
        : new Conv3D(c.name(), in, filters, window, groups, format, kb[0], kb[1], act);
  }

  static Layer depthwise(LayerConfig c, LayerWeights w, int[] inputShape, int rank) {
    DataFormat format = Options.dataFormat(c);
    int in = Options.channels(c, inputShape, rank + 2, format);
    int mult = c.getInt("depth_multiplier", 1);
    ConvWindow window = window(c, rank, false, c.kerasMajor() >= 3);
    noGroups(c);
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[] kernel = w.next(c.kerasMajor() >= 3 ? "kernel" : "depthwise_kernel", withSpatial(window.kernelSize(), in, mult));
    float[] bias = useBias ? w.next("bias", (long) in * mult) : null;
    return rank == 1 ? new DepthwiseConv1D(c.name(), in, mult, window, format, kernel, bias, act)
        : new DepthwiseConv2D(c.name(), in, mult, window, format, kernel, bias, act);
  }

  static Layer separable(LayerConfig c, LayerWeights w, int[] inputShape, int rank) {
    DataFormat format = Options.dataFormat(c);
    int in = Options.channels(c, inputShape, rank + 2, format);
    int filters = c.getInt("filters");
    int mult = c.getInt("depth_multiplier", 1);
    ConvWindow window = window(c, rank, rank == 1 && c.kerasMajor() < 3, c.kerasMajor() >= 3);
    noGroups(c);
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[] depthwise = w.next("depthwise_kernel", withSpatial(window.kernelSize(), in, mult));
    int[] ones = new int[rank];
    Arrays.fill(ones, 1);
    float[] pointwise = w.next("pointwise_kernel", withSpatial(ones, in * mult, filters));
    float[] bias = useBias ? w.next("bias", filters) : null;
    return rank == 1 ? new SeparableConv1D(c.name(), in, filters, mult, window, format, depthwise, pointwise, bias, act)
        : new SeparableConv2D(c.name(), in, filters, mult, window, format, depthwise, pointwise, bias, act);
  }

  static Layer transposed(LayerConfig c, LayerWeights w, int[] inputShape, int rank) {
    DataFormat format = Options.dataFormat(c);
    int in = Options.channels(c, inputShape, rank + 2, format);
    int filters = c.getInt("filters");
    ConvWindow window = window(c, rank, false, false);
    noGroups(c);
    int[] outputPadding = c.getJson("output_padding") == null ? null : Options.tuple(c, "output_padding", rank, 0, 0);
    if (outputPadding != null) {
      int[] strides = window.strides();
      for (int i = 0; i < rank; i++) {
        if (outputPadding[i] >= strides[i]) {
          throw new UnsupportedFeatureException(c.where() + ": output_padding = " + Arrays.toString(outputPadding)
              + " must be below strides = " + Arrays.toString(strides) + " (Keras rejects it too)");
        }
      }
    }
    Activation act = c.activation("activation", "linear");
    boolean useBias = c.getBoolean("use_bias", true);
    float[] kernel = w.next("kernel", withSpatial(window.kernelSize(), filters, in));
    float[] bias = useBias ? w.next("bias", filters) : null;
    return rank == 1 ? new Conv1DTranspose(c.name(), in, filters, window, outputPadding, format, kernel, bias, act)
        : rank == 2 ? new Conv2DTranspose(c.name(), in, filters, window, outputPadding, format, kernel, bias, act)
        : new Conv3DTranspose(c.name(), in, filters, window, outputPadding, format, kernel, bias, act);
  }
}
