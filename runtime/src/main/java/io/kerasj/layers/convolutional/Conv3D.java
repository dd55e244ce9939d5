package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;

/**
 * Keras {@code Conv3D} on {@code (batch, depth, height, width, channels)} volumes ({@code
 * channels_first}: {@code (batch, channels, depth, height, width)}): {@code y[b,oz,oy,ox,f] =
 * act(bias[f] + Σ_{t,i,j} Σ_c x[b, oz·sd + t·dd − pf, oy·sh + i·dh − pt, ox·sw + j·dw − pl, g·C_g +
 * c] · W[t, i, j, c, f])}, with zeros outside the volume, {@code g = f / (filters/groups)} the group
 * of filter {@code f}, and TensorFlow's padding ({@link ConvWindow}).
 */
public final class Conv3D extends Convolution {
  /**
   * @param channels input channels
   * @param window a 3-D window
   * @param kernel {@code (kd, kh, kw, channels/groups, filters)} row-major, as Keras stores it
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv3D(String name, int channels, int filters, ConvWindow window, int groups, DataFormat format,
                float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, ConvWindow.requireRank(name, window, 3), groups, format, kernel, bias, activation);
  }


  @Override
  public String kerasClass() {
    return "Conv3D";
  }
}
