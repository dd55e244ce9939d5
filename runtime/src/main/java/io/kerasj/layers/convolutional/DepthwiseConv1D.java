package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code DepthwiseConv1D}: every channel of a {@code (batch, steps, channels)} sequence
 * convolved with its own {@code depth_multiplier} kernels; output channel {@code c·M + m} comes
 * from input channel {@code c} and kernel {@code m}.
 */
public final class DepthwiseConv1D extends DepthwiseConvolution {
  /**
   * @param window a 1-D window
   * @param kernel {@code (k, channels, depthMultiplier)} row-major, as Keras stores it
   * @param bias {@code (channels·depthMultiplier)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public DepthwiseConv1D(String name, int channels, int depthMultiplier, ConvWindow window, DataFormat format,
                         float[] kernel, float[] bias, Activation activation) {
    super(name, channels, depthMultiplier, ConvWindow.requireRank(name, window, 1), format, kernel, bias, activation);
  }

  @Override
  public String kerasClass() {
    return "DepthwiseConv1D";
  }
}
