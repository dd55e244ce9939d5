package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code DepthwiseConv2D}: every channel of a {@code (batch, height, width, channels)} image
 * convolved with its own {@code depth_multiplier} kernels; output channel {@code c·M + m} comes
 * from input channel {@code c} and kernel {@code m}.
 */
public final class DepthwiseConv2D extends DepthwiseConvolution {
  /**
   * @param window a 2-D window
   * @param kernel {@code (kh, kw, channels, depthMultiplier)} row-major, as Keras stores it
   * @param bias {@code (channels·depthMultiplier)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public DepthwiseConv2D(String name, int channels, int depthMultiplier, ConvWindow window, DataFormat format,
                         float[] kernel, float[] bias, Activation activation) {
    super(name, channels, depthMultiplier, ConvWindow.requireRank(name, window, 2), format, kernel, bias, activation);
  }

  @Override
  public String kerasClass() {
    return "DepthwiseConv2D";
  }
}
