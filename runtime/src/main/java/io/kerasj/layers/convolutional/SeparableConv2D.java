package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code SeparableConv2D} on {@code (batch, height, width, channels)} inputs: a depthwise convolution with
 * {@code depth_multiplier} kernels per channel and no bias, then a 1×1 convolution to {@code
 * filters} channels with the bias, then the activation.
 */
public final class SeparableConv2D extends SeparableConvolution {
  /**
   * @param window a 2-D window (the depthwise step's)
   * @param depthwiseKernel {@code (kh, kw, channels, depthMultiplier)} row-major
   * @param pointwiseKernel {@code (1, 1, channels·depthMultiplier, filters)} row-major
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public SeparableConv2D(String name, int channels, int filters, int depthMultiplier, ConvWindow window,
                         DataFormat format, float[] depthwiseKernel, float[] pointwiseKernel, float[] bias,
                         Activation activation) {
    super(name, channels, filters, depthMultiplier, ConvWindow.requireRank(name, window, 2), format,
        depthwiseKernel, pointwiseKernel, bias, activation);
  }

  @Override
  public String kerasClass() {
    return "SeparableConv2D";
  }
}
