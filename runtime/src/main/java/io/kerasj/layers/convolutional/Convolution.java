package io.kerasj.layers.convolutional;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.vectorization.ConvKernels;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import io.kerasj.layers.DataFormat;

/**
 * Keras' {@code Conv1D}, {@code Conv2D} and {@code Conv3D}: {@code y[p, f] = act(bias[f] +
 * Σ_taps Σ_c x[tap(p), g·C_g + c] · W[tap, c, f])}, where {@code g = f / (filters/groups)} is the
 * group of filter {@code f}, as a matrix product per tile of output pixels: the tile's patches are
 * gathered into rows ({@link ConvKernels#im2col}, "im2col") and multiplied by the kernel, packed once at load. A 1×1 kernel
 * with stride 1 reads the input rows as they are. Tiles run on several threads when the call is
 * large.
 */
abstract class Convolution extends SpatialConv {
  private final int filters;
  private final int groups;
  private final int patch;                 // taps · channels/groups: the product's k
  private final Kernels.AffineWeights packed; // one group: kernel and bias
  private final PackedMatrix[] groupKernels;  // several groups: one column block each
  private final float[] bias;
  private final boolean pointwise;

  Convolution(String name, int channels, int filters, ConvWindow window, int groups, DataFormat format,
              float[] kernel, float[] bias, Activation activation) {
    super(name, channels, filters, window, format, activation);
    Checks.positive(name, "groups", groups);
    if (channels % groups != 0 || filters % groups != 0) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": groups = " + groups
          + " must divide both the input channels (" + channels + ") and filters (" + filters + ")");
    }
    this.filters = filters;
    this.groups = groups;
    int cg = channels / groups;
    this.patch = window.taps() * cg;
    int[] kshape = new int[window.rank() + 2];
    int[] ks = window.kernelSize();
    System.arraycopy(ks, 0, kshape, 0, ks.length);
    kshape[ks.length] = cg;
    kshape[ks.length + 1] = filters;
    Checks.weight(name, "kernel", kernel, kshape);
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, filters).clone();
    if (groups == 1) {
      this.packed = Kernels.packAffine(kernel, patch, filters, bias);
      this.groupKernels = null;
    } else {
      // Group g's filters are columns [g·F_g, (g+1)·F_g) of the (patch × filters) kernel.
      int fg = filters / groups;
      this.packed = null;
      this.groupKernels = new PackedMatrix[groups];
      float[] block = new float[patch * fg];
      for (int g = 0; g < groups; g++) {
        for (int r = 0; r < patch; r++) {
          System.arraycopy(kernel, r * filters + g * fg, block, r * fg, fg);
        }
        groupKernels[g] = Kernels.pack(block, patch, fg);
      }
    }
    int[] strides = window.strides();
    boolean unit = window.taps() == 1;
    for (int s : strides) {
      unit &= s == 1;
    }
    this.pointwise = unit && groups == 1;
  }

  /** Number of filters (output channels). */
  public int filters() {
    return filters;
  }

  /** Number of groups the channels and filters are split into. */
  public int groups() {
    return groups;
  }

  @Override
  public long trainableParams() {
    return (long) patch * filters + (bias == null ? 0 : filters);
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
    // Tiles are runs of output pixels over the whole batch (they may span images).
    Tiles.run((rows + c.tile - 1) / c.tile, 2L * rows * patch * filters / groups, pointwise ? 0 : c.tile * patch,
        TILE, c);
  }

  @Override
  void tile(Call c, int t, float[] scratch, int so) {
    final int rows = c.batch * c.g.outPixels();
    final int r0 = t * c.tile;
    final int n = Math.min(c.tile, rows - r0);
    final int o = r0 * filters;
    if (pointwise) {
      // A 1×1 kernel with stride 1: the input rows are the patches.
      ConvKernels.affine(c.x, r0 * channels, n, packed, c.out, o);
    } else if (groups == 1) {
      ConvKernels.im2col(c.x, c.g, 0, channels, r0, r0 + n, scratch, so);
      ConvKernels.affine(scratch, so, n, packed, c.out, o);
    } else {
      final int cg = channels / groups;
      final int fg = filters / groups;
      Kernels.fillRows(c.out, o, n, filters, bias);
      for (int gi = 0; gi < groups; gi++) {
        ConvKernels.im2col(c.x, c.g, gi * cg, cg, r0, r0 + n, scratch, so);
        Kernels.IMPL.gemm(scratch, so, patch, 0, n, groupKernels[gi], c.out, o + gi * fg, filters);
      }
    }
    c.finish(c.out, o, n, filters);
  }
}
