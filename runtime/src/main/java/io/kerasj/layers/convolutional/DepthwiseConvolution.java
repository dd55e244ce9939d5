package io.kerasj.layers.convolutional;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.vectorization.ConvKernels;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.DataFormat;

/**
 * Keras' {@code DepthwiseConv1D} and {@code DepthwiseConv2D}: each input channel {@code c} is
 * convolved on its own with {@code depth_multiplier} kernels, giving output channels {@code c·M +
 * m}: {@code y[p, c·M + m] = act(bias[c·M + m] + Σ_taps x[tap(p), c] · W[tap, c, m])}. A direct
 * loop along the channels ({@link ConvKernels#depthwise}), not a matrix product: each output reads
 * only {@code taps} inputs.
 */
abstract class DepthwiseConvolution extends SpatialConv {
  /** A depthwise tap does one multiply-add per ~3 memory accesses: a product does ~16 per access. */
  static final int DIRECT_COST = 4;

  private final int multiplier;
  private final float[] kernel; // (taps, channels, multiplier)
  private final float[] bias;
  // For the scalar kernels with a multiplier of 1: the kernel as one row of channels per tap (see
  // ConvKernels.depthwiseByTaps; the same sums as ConvKernels.depthwise in loops the JIT vectorizes);
  // null otherwise. The Vector API kernels keep ConvKernels.depthwise (their fused multiply-adds).
  private final float[][] taps;

  DepthwiseConvolution(String name, int channels, int multiplier, ConvWindow window, DataFormat format,
                       float[] kernel, float[] bias, Activation activation) {
    super(name, channels, Math.multiplyExact(channels, Math.max(1, multiplier)), window, format, activation);
    Checks.positive(name, "depth multiplier", multiplier);
    this.multiplier = multiplier;
    this.kernel = Checks.weight(name, "kernel", kernel, kernelShape(window, channels, multiplier)).clone();
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, channels * multiplier).clone();
    if (multiplier == 1 && !Kernels.vectorApi()) {
      this.taps = new float[window.taps()][];
      for (int t = 0; t < taps.length; t++) {
        taps[t] = java.util.Arrays.copyOfRange(this.kernel, t * channels, (t + 1) * channels);
      }
    } else {
      this.taps = null;
    }
  }

  /** {@code (k…, channels, multiplier)}. */
  static int[] kernelShape(ConvWindow window, int channels, int multiplier) {
    int[] ks = window.kernelSize();
    int[] shape = new int[ks.length + 2];
    System.arraycopy(ks, 0, shape, 0, ks.length);
    shape[ks.length] = channels;
    shape[ks.length + 1] = multiplier;
    return shape;
  }

  /** Output channels per input channel. */
  public int depthMultiplier() {
    return multiplier;
  }

  @Override
  public long trainableParams() {
    return (long) kernel.length + (bias == null ? 0 : bias.length);
  }

  // Every tile sets its rows from the bias (or zero) before accumulating.
  @Override
  boolean writesEveryOutput() {
    return true;
  }

  @Override
  void compute(Call c) {
    final int rows = c.batch * c.g.outPixels();
    c.tile = tileRows(rows);
    Tiles.run((rows + c.tile - 1) / c.tile, 2L * rows * c.g.taps() * outChannels * DIRECT_COST, 0, TILE, c);
  }

  @Override
  void tile(Call c, int t, float[] scratch, int so) {
    final int n = outChannels;
    final int r0 = t * c.tile;
    final int r1 = Math.min(c.batch * c.g.outPixels(), r0 + c.tile);
    if (taps != null && !Kernels.vectorApi()) {
      ConvKernels.depthwiseByTaps(c.x, c.g, taps, bias, r0, r1, c.out, r0 * n);
    } else {
      ConvKernels.depthwise(c.x, c.g, multiplier, kernel, bias, r0, r1, c.out, r0 * n);
    }
    c.finish(c.out, r0 * n, r1 - r0, n);
  }
}
