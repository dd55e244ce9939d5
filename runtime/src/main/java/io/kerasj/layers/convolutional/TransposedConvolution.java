package io.kerasj.layers.convolutional;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.vectorization.ConvGeometry;
import io.kerasj.internal.vectorization.ConvKernels;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;

/**
 * Keras' {@code Conv1DTranspose}, {@code Conv2DTranspose} and {@code Conv3DTranspose}: TensorFlow's
 * {@code conv_transpose}, the adjoint of the forward convolution, so input pixel {@code (y, x)}
 * adds {@code x[y, x, :] · W[i, j, :, :]ᵀ} into output pixel {@code (y·sh + i·dh − pt, x·sw + j·dw
 * − pl)} for every tap,
 * where the padding is the one the forward convolution from the output's size would use. Computed
 * as one product of the input pixels with the kernel (packed at load as {@code channels × taps·
 * filters}), then a scatter of each tap's block ({@link ConvKernels#scatterAdd}).
 *
 * <p>Tiles are bands of output rows; a band recomputes the products of the few input rows it
 * shares with its neighbours, so that bands can run on several threads without a race. In 3-D the
 * bands are of output planes, and a band multiplies its input planes a few rows at a time, so that
 * the products of a whole plane (pixels × taps × filters) are never held at once.
 */
abstract class TransposedConvolution extends SpatialConv {
  private final int[] outputPadding; // per axis, or null (Keras' None)
  private final Kernels.AffineWeights kernelT;
  private final float[] bias;
  private final int taps;

  TransposedConvolution(String name, int channels, int filters, ConvWindow window, int[] outputPadding,
                        DataFormat format, float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, window, format, activation);
    if (window.padding() == Padding.CAUSAL) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": a transposed convolution has no causal padding");
    }
    if (outputPadding != null) {
      int[] strides = window.strides();
      if (outputPadding.length != window.rank()) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": output_padding "
            + java.util.Arrays.toString(outputPadding) + " needs one entry per spatial axis (" + window.rank() + ")");
      }
      for (int i = 0; i < outputPadding.length; i++) {
        if (outputPadding[i] < 0 || outputPadding[i] >= strides[i]) {
          throw new ShapeMismatchException("layer " + Messages.quote(name) + ": output_padding "
              + java.util.Arrays.toString(outputPadding) + " must be at least 0 and below the strides "
              + java.util.Arrays.toString(strides) + ", as Keras requires");
        }
      }
    }
    this.outputPadding = outputPadding == null ? null : outputPadding.clone();
    this.taps = window.taps();
    int[] ks = window.kernelSize();
    int[] kshape = new int[ks.length + 2];
    System.arraycopy(ks, 0, kshape, 0, ks.length);
    kshape[ks.length] = filters;
    kshape[ks.length + 1] = channels;
    Checks.weight(name, "kernel", kernel, kshape);
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, filters).clone();
    // Keras' (taps, filters, channels) seen as (taps·filters) × channels, transposed.
    int cols = taps * filters;
    float[] t = new float[channels * cols];
    for (int r = 0; r < cols; r++) {
      for (int c = 0; c < channels; c++) {
        t[c * cols + r] = kernel[r * channels + c];
      }
    }
    this.kernelT = Kernels.packAffine(t, channels, cols, null);
  }

  /** Number of filters (output channels). */
  public int filters() {
    return outChannels;
  }

  /** Keras' {@code output_padding} per spatial axis, or null when it is None. */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  @Override
  public long trainableParams() {
    return (long) taps * outChannels * channels + (bias == null ? 0 : outChannels);
  }

  @Override
  boolean transposed() {
    return true;
  }

  @Override
  int outputSize(int axis, int n) {
    return window.transposedOutputSize(axis, n, outputPadding == null ? -1 : outputPadding[axis]);
  }

  @Override
  ConvGeometry geometry(int h, int w) {
    ConvGeometry g = window.transposed(h, w, channels, outputPadding);
    if (window.rank() == 1) {
      // A sequence as a column (steps × 1) rather than a row, so that bands of output rows cut it.
      return new ConvGeometry(g.w, 1, g.c, g.ow, 1, g.kw, 1, g.sw, 1, g.dw, 1, g.padLeft, 0);
    }
    return g;
  }

  @Override
  ConvGeometry geometry(int d, int h, int w) {
    return window.rank() == 3 ? window.transposed(d, h, w, channels, outputPadding) : geometry(h, w);
  }

  /** Input rows a 3-D band multiplies at once: about a tile's pixels. */
  private static int chunkRows(ConvGeometry g) {
    return Math.max(1, Math.min(g.h, MAX_TILE_ROWS / Math.max(1, g.w)));
  }

  @Override
  void compute(Call c) {
    final ConvGeometry g = c.g;
    if (g.deep()) {
      final int reach = (g.kd - 1) * g.dd; // output planes a tap spans beyond its first
      final int inPlanes = Math.max(1, 4 * ((reach + g.sd - 1) / g.sd));
      c.tile = Math.max(1, Math.min(g.od, inPlanes * g.sd));
      c.perImage = (g.od + c.tile - 1) / c.tile;
      long flops = 2L * c.batch * g.inPixels() * channels * taps * outChannels;
      Tiles.run(c.batch * c.perImage, flops, Math.multiplyExact(chunkRows(g) * g.w, taps * outChannels), TILE, c);
      return;
    }
    final int reach = (g.kh - 1) * g.dh; // output rows a tap column spans beyond its first
    // Input rows per band: enough to fill a tile, and several times the rows shared with the next
    // band (recomputed by both).
    int inRows = Math.max(4 * ((reach + g.sh - 1) / g.sh), Math.max(1, MAX_TILE_ROWS / g.w));
    c.tile = Math.max(1, Math.min(g.oh, inRows * g.sh));
    c.perImage = (g.oh + c.tile - 1) / c.tile;
    final int maxInRows = Math.min(g.h, (c.tile - 1 + reach) / g.sh + 2);
    long flops = 2L * c.batch * g.inPixels() * channels * taps * outChannels;
    Tiles.run(c.batch * c.perImage, flops, Math.multiplyExact(maxInRows * g.w, taps * outChannels), TILE, c);
  }

  @Override
  void tile(Call c, int t, float[] scratch, int so) {
    final ConvGeometry g = c.g;
    if (g.deep()) {
      tile3D(c, t, scratch, so);
      return;
    }
    final int filters = outChannels;
    final int inPixels = g.inPixels();
    final int reach = (g.kh - 1) * g.dh;
    final int b = t / c.perImage;
    final int oyLo = (t % c.perImage) * c.tile;
    final int oyHi = Math.min(g.oh, oyLo + c.tile);
    final int o = b * g.outPixels() * filters;
    Kernels.fillRows(c.out, o + oyLo * g.ow * filters, (oyHi - oyLo) * g.ow, filters, bias);
    // Input rows y with y·sh + i·dh − pt in [oyLo, oyHi) for some tap row i.
    int yLo = Math.max(0, Math.floorDiv(oyLo + g.padTop - reach + g.sh - 1, g.sh));
    int yHi = Math.min(g.h, Math.floorDiv(oyHi - 1 + g.padTop, g.sh) + 1);
    if (yHi > yLo) {
      ConvKernels.affine(c.x, (b * inPixels + yLo * g.w) * channels, (yHi - yLo) * g.w, kernelT, scratch, so);
      ConvKernels.scatterAdd(scratch, so, g, filters, yLo * g.w, yHi * g.w, c.out, o, oyLo, oyHi);
    }
    c.finish(c.out, o + oyLo * g.ow * filters, (oyHi - oyLo) * g.ow, filters);
  }

  // A band of output planes [ozLo, ozHi) of one volume: every input plane with a tap landing in it,
  // a few input rows at a time.
  private void tile3D(Call c, int t, float[] scratch, int so) {
    final ConvGeometry g = c.g;
    final int filters = outChannels;
    final int plane = g.oh * g.ow;
    final int inPlane = g.h * g.w;
    final int reach = (g.kd - 1) * g.dd;
    final int b = t / c.perImage;
    final int ozLo = (t % c.perImage) * c.tile;
    final int ozHi = Math.min(g.od, ozLo + c.tile);
    final int o = b * g.outPixels() * filters;
    Kernels.fillRows(c.out, o + ozLo * plane * filters, (ozHi - ozLo) * plane, filters, bias);
    final int zLo = Math.max(0, Math.floorDiv(ozLo + g.padFront - reach + g.sd - 1, g.sd));
    final int zHi = Math.min(g.d, Math.floorDiv(ozHi - 1 + g.padFront, g.sd) + 1);
    final int chunk = chunkRows(g);
    for (int z = zLo; z < zHi; z++) {
      for (int y0 = 0; y0 < g.h; y0 += chunk) {
        final int y1 = Math.min(g.h, y0 + chunk);
        ConvKernels.affine(c.x, (b * g.inPixels() + z * inPlane + y0 * g.w) * channels, (y1 - y0) * g.w, kernelT,
            scratch, so);
        ConvKernels.scatterAdd3D(scratch, so, g, filters, z, y0 * g.w, y1 * g.w, c.out, o, ozLo, ozHi);
      }
    }
    c.finish(c.out, o + ozLo * plane * filters, (ozHi - ozLo) * plane, filters);
  }
}
