package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Tiles;
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
  void compute(Call c) {
    final int rows = c.batch * c.g.outPixels();
    final int mid = channels * multiplier;
    c.tile = tileRows(rows);
    long flops = 2L * rows * ((long) c.g.taps() * mid * DepthwiseConvolution.DIRECT_COST + (long) mid * outChannels);
    Tiles.run((rows + c.tile - 1) / c.tile, flops, c.tile * mid, TILE, c);
  }

  @Override
  void tile(Call c, int t, float[] scratch, int so) {
    final int filters = outChannels;
    final int r0 = t * c.tile;
    final int r1 = Math.min(c.batch * c.g.outPixels(), r0 + c.tile);
    ConvKernels.depthwise(c.x, c.g, multiplier, depthwise, null, r0, r1, scratch, so);
    ConvKernels.affine(scratch, so, r1 - r0, pointwise, c.out, r0 * filters);
    c.finish(c.out, r0 * filters, r1 - r0, filters);
  }
}
