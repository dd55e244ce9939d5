package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.vectorization.ConvGeometry;
import io.kerasj.internal.vectorization.ConvKernels;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.DataFormat;

/**
 * Keras' {@code SeparableConv1D} and {@code SeparableConv2D}: a depthwise convolution (no bias)
 * followed by a 1×1 convolution, {@code y = act(bias + (depthwise(x) · P))}. Both run per tile of
 * output pixels: the tile's depthwise result stays in cache and goes straight into the product
 * with the pointwise kernel, packed at load.
 */
abstract class SeparableConvolution extends SpatialConv {
  private final int multiplier;
  private final float[] depthwise;              // (taps, channels, multiplier)
  private final Kernels.AffineWeights pointwise; // (channels·multiplier, filters) and the bias
  private final boolean hasBias;

  SeparableConvolution(String name, int channels, int filters, int multiplier, ConvWindow window, DataFormat format,
                       float[] depthwiseKernel, float[] pointwiseKernel, float[] bias, Activation activation) {
    super(name, channels, filters, window, format, activation);
    Checks.positive(name, "depth multiplier", multiplier);
    this.multiplier = multiplier;
    this.depthwise = Checks.weight(name, "depthwise_kernel", depthwiseKernel,
        DepthwiseConvolution.kernelShape(window, channels, multiplier)).clone();
    int mid = Math.multiplyExact(channels, multiplier);
    int[] pshape = new int[window.rank() + 2];
    java.util.Arrays.fill(pshape, 1);
    pshape[window.rank()] = mid;
    pshape[window.rank() + 1] = filters;
    Checks.weight(name, "pointwise_kernel", pointwiseKernel, pshape);
    if (bias != null) {
      Checks.weight(name, "bias", bias, filters);
    }
    this.hasBias = bias != null;
    this.pointwise = Kernels.packAffine(pointwiseKernel, mid, filters, bias);
  }

  /** Number of filters (output channels). */
  public int filters() {
    return outChannels;
  }

  /** Depthwise kernels per input channel. */
  public int depthMultiplier() {
    return multiplier;
  }

  @Override
  public long trainableParams() {
    return (long) depthwise.length + (long) channels * multiplier * outChannels + (hasBias ? outChannels : 0);
  }

  @Override
  void compute(float[] x, int batch, ConvGeometry g, float[] out, Activation fused) {
    final int pixels = g.outPixels();
    final int mid = channels * multiplier;
    final int filters = outChannels;
    final int tile = tileRows(mid);
    final int perImage = (pixels + tile - 1) / tile;
    final int imageIn = g.inPixels() * channels;
    long flops = 2L * batch * pixels * ((long) g.taps() * mid * DepthwiseConvolution.DIRECT_COST + (long) mid * filters);
    Tiles.run(batch * perImage, flops, tile * mid, (t, scratch, so) -> {
      int b = t / perImage;
      int p0 = (t % perImage) * tile;
      int p1 = Math.min(pixels, p0 + tile);
      int o = (b * pixels + p0) * filters;
      ConvKernels.depthwise(x, b * imageIn, g, multiplier, depthwise, null, p0, p1, scratch, so);
      ConvKernels.affine(scratch, so, p1 - p0, pointwise, out, o);
      fused.apply(out, o, p1 - p0, filters);
    });
  }
}
