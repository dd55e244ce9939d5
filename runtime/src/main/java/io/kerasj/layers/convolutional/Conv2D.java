package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code Conv2D} on {@code (batch, height, width, channels)} images ({@code channels_first}:
 * {@code (batch, channels, height, width)}): {@code y[b,oy,ox,f] = act(bias[f] + Σ_{i,j} Σ_c
 * x[b, oy·sh + i·dh − pt, ox·sw + j·dw − pl, g·C_g + c] · W[i, j, c, f])}, with zeros outside the
 * image, {@code g = f / (filters/groups)} the group of filter {@code f}, and TensorFlow's padding
 * ({@link ConvWindow}).
 */
public final class Conv2D extends Convolution {
  /**
   * @param channels input channels
   * @param window a 2-D window
   * @param kernel {@code (kh, kw, channels/groups, filters)} row-major, as Keras stores it
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv2D(String name, int channels, int filters, ConvWindow window, int groups, DataFormat format,
                float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, ConvWindow.requireRank(name, window, 2), groups, format, kernel, bias, activation);
  }


  @Override
  public String kerasClass() {
    return "Conv2D";
  }
}
