package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code Conv3DTranspose} on {@code (batch, depth, height, width, channels)} inputs: TensorFlow's transposed
 * convolution (the gradient of {@code Conv3D} with respect to its input), with Keras' output size
 * ({@link ConvWindow#transposedOutputSize}) and {@code output_padding}.
 */
public final class Conv3DTranspose extends TransposedConvolution {
  /**
   * @param window a 3-D window
   * @param outputPadding {@code output_padding}, one entry per spatial axis below its stride, or
   *     {@code null} for Keras' default (None)
   * @param kernel {@code (kd, kh, kw, filters, channels)} row-major, as Keras stores it
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv3DTranspose(String name, int channels, int filters, ConvWindow window, int[] outputPadding,
                          DataFormat format, float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, ConvWindow.requireRank(name, window, 3), outputPadding, format, kernel, bias,
        activation);
  }

  @Override
  public String kerasClass() {
    return "Conv3DTranspose";
  }
}
