package io.kerasj.layers.convolutional;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Sequences;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import java.util.Arrays;

/**
 * Keras {@code Conv1D}, {@code channels_last}: a cross-correlation along the time axis,
 * {@code y[b,t,f] = act(bias[f] + Σ_j Σ_c xp[b, t·s + j·d, g·C_g + c] · W[j, c, f])} where
 * {@code g = f / (filters/groups)} is the group of filter {@code f} and {@code xp} is the input
 * padded per {@link Padding}.
 *
 * <p>For each kernel tap the output steps whose input row lies inside the sequence form one
 * contiguous range, and their input rows are evenly spaced ({@code s·channels} apart). So with one
 * group every tap is a single strided matrix product in axpy form over contiguous kernel rows;
 * padded positions are simply never visited, which is the same as multiplying them by zero.
 */
public final class Conv1D extends Layer {
  private final int channels;
  private final int filters;
  private final int kernelSize;
  private final int stride;
  private final int dilation;
  private final int groups;
  private final Padding padding;
  private final float[] kernel; // (kernelSize, channels/groups, filters), row-major as Keras stores it
  private final float[] bias;   // (filters) or null
  private final Activation activation;

  /**
   * @param channels input channels (last axis of the input)
   * @param kernel {@code (kernelSize, channels/groups, filters)} row-major
   * @param bias {@code (filters)}, or {@code null} for {@code use_bias=False}
   * @param activation applied after the bias; {@code null} means linear
   */
  public Conv1D(String name, int channels, int filters, int kernelSize, int stride, int dilation, int groups,
                Padding padding, float[] kernel, float[] bias, Activation activation) {
    super(name);
    Checks.positive(name, "input channels", channels);
    Checks.positive(name, "filters", filters);
    Checks.positive(name, "kernel size", kernelSize);
    Checks.positive(name, "strides", stride);
    Checks.positive(name, "dilation rate", dilation);
    Checks.positive(name, "groups", groups);
    if (channels % groups != 0 || filters % groups != 0) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": groups = " + groups
          + " must divide both the input channels ("
          + channels + ") and filters (" + filters + ")");
    }
    this.channels = channels;
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.dilation = dilation;
    this.groups = groups;
    this.padding = padding == null ? Padding.VALID : padding;
    this.kernel = Checks.weight(name, "kernel", kernel, kernelSize, channels / groups, filters).clone();
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, filters).clone();
    this.activation = activation == null ? Activation.LINEAR : activation;
    this.activation.outputSize(filters);
  }

  /** Number of output channels before the activation. */
  public int filters() {
    return filters;
  }

  /** The padding mode. */
  public Padding padding() {
    return padding;
  }

  @Override
  public String kerasClass() {
    return "Conv1D";
  }

  private int span() {
    return (kernelSize - 1) * dilation + 1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return new int[] {inputShape[0], padding.outputLength(inputShape[1], span(), stride),
        activation.outputSize(filters)};
  }

  @Override
  public long trainableParams() {
    return (long) kernelSize * (channels / groups) * filters + (bias == null ? 0 : filters);
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, channels);
    int batch = x.dim(0);
    int length = x.dim(1);
    int span = span();
    int outLen = padding.outputLength(length, span, stride);
    int padL = padding.padLeft(length, span, stride);
    float[] in = x.data();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, outLen), filters)];
    int cg = channels / groups;
    int fg = filters / groups;
    for (int b = 0; b < batch; b++) {
      int xb = b * length * channels;
      int ob = b * outLen * filters;
      Kernels.fillRows(out, ob, outLen, filters, bias);
      for (int j = 0; j < kernelSize; j++) {
        // Output steps t whose input row r = t·s + j·d − padL lies in [0, length).
        int shift = j * dilation - padL;
        int tLo = Math.max(0, -Math.floorDiv(shift, stride));
        int tHi = Math.min(outLen, Math.floorDiv(length - 1 - shift, stride) + 1);
        if (tHi <= tLo) {
          continue;
        }
        int firstRow = tLo * stride + shift;
        if (groups == 1) {
          Kernels.gemmAccumulate(in, xb + firstRow * channels, stride * channels, tHi - tLo, channels,
              kernel, j * channels * filters, filters, out, ob + tLo * filters, filters);
        } else {
          groupedTap(in, xb + firstRow * channels, tHi - tLo, j, cg, fg, out, ob + tLo * filters);
        }
      }
    }
    activation.apply(out, 0, batch * outLen, filters);
    int width = activation.outputSize(filters);
    if (width != filters) {
      out = Arrays.copyOf(out, batch * outLen * width);
    }
    return Tensor.of(out, batch, outLen, width);
  }

  // One tap of a grouped convolution: group g's filters read only its own C_g input channels, and
  // kernel row (j, c) holds all filters, so each group uses a contiguous slice of that row.
  private void groupedTap(float[] in, int xOff, int steps, int j, int cg, int fg, float[] out, int oOff) {
    int rowStride = stride * channels;
    for (int t = 0; t < steps; t++) {
      int xr = xOff + t * rowStride;
      int or = oOff + t * filters;
      for (int g = 0; g < groups; g++) {
        int og = or + g * fg;
        for (int c = 0; c < cg; c++) {
          float xv = in[xr + g * cg + c];
          int w = (j * cg + c) * filters + g * fg;
          for (int f = 0; f < fg; f++) {
            out[og + f] += xv * kernel[w + f];
          }
        }
      }
    }
  }
}
