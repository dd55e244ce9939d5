package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras {@code Conv1D}: a cross-correlation along the time axis of {@code (batch, steps,
 * channels)} ({@code channels_first}: {@code (batch, channels, steps)}), {@code y[b,t,f] =
 * act(bias[f] + Σ_j Σ_c xp[b, t·s + j·d, g·C_g + c] · W[j, c, f])} where {@code g = f /
 * (filters/groups)} is the group of filter {@code f} and {@code xp} is the input padded per {@link
 * Padding} ({@code causal} included). Computed as a 2-D convolution of height 1.
 */
public final class Conv1D extends Convolution {
  /**
   * @param channels input channels
   * @param window a 1-D window
   * @param kernel {@code (kernelSize, channels/groups, filters)} row-major
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv1D(String name, int channels, int filters, ConvWindow window, int groups, DataFormat format,
                float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, ConvWindow.requireRank(name, window, 1), groups, format, kernel, bias, activation);
  }

  /**
   * A channels-last {@code Conv1D}.
   *
   * @param kernel {@code (kernelSize, channels/groups, filters)} row-major
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv1D(String name, int channels, int filters, int kernelSize, int stride, int dilation, int groups,
                Padding padding, float[] kernel, float[] bias, Activation activation) {
    this(name, channels, filters, ConvWindow.of1D(padding, kernelSize, stride, dilation), groups,
        DataFormat.CHANNELS_LAST, kernel, bias, activation);
  }


  /** The padding mode. */
  public Padding padding() {
    return window.padding();
  }

  @Override
  public String kerasClass() {
    return "Conv1D";
  }
}
