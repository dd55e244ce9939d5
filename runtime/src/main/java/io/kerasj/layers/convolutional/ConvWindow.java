package io.kerasj.layers.convolutional;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.internal.vectorization.ConvGeometry;
import io.kerasj.layers.Padding;
import java.util.Arrays;

/**
 * The sliding window of a 1-D, 2-D or 3-D convolution: kernel size, strides, dilation rate and padding
 * per spatial axis (Keras' {@code kernel_size}, {@code strides}, {@code dilation_rate}, {@code
 * padding}), with TensorFlow's arithmetic: a window spans {@code (k − 1)·d + 1} input positions;
 * {@code valid} gives {@code ⌊(n − span)/s⌋ + 1} outputs, {@code same} gives {@code ⌈n/s⌉} with the
 * padding split so that an odd extra zero goes at the end, {@code causal} (1-D only) pads {@code
 * span − 1} zeros at the start.
 */
public final class ConvWindow {
  private final int[] kernel;
  private final int[] strides;
  private final int[] dilation;
  private final Padding padding;

  private ConvWindow(int[] kernel, int[] strides, int[] dilation, Padding padding) {
    this.kernel = kernel;
    this.strides = strides;
    this.dilation = dilation;
    this.padding = padding;
  }

  /**
   * A window of one, two or three spatial axes; the three arrays have one positive entry per axis.
   *
   * @param padding {@code null} means {@link Padding#VALID}; {@link Padding#CAUSAL} only in 1-D
   * @throws ShapeMismatchException if the arrays disagree in length or hold a non-positive entry
   */
  public static ConvWindow of(Padding padding, int[] kernelSize, int[] strides, int[] dilationRate) {
    int rank = kernelSize.length;
    if (rank < 1 || rank > 3 || strides.length != rank || dilationRate.length != rank) {
      throw new ShapeMismatchException("convolution window: kernel size " + Arrays.toString(kernelSize) + ", strides "
          + Arrays.toString(strides) + " and dilation rate " + Arrays.toString(dilationRate)
          + " must each have 1, 2 or 3 entries, as many as the layer has spatial axes");
    }
    for (int i = 0; i < rank; i++) {
      if (kernelSize[i] < 1 || strides[i] < 1 || dilationRate[i] < 1) {
        throw new ShapeMismatchException("convolution window: kernel size " + Arrays.toString(kernelSize)
            + ", strides " + Arrays.toString(strides) + " and dilation rate " + Arrays.toString(dilationRate)
            + " must be positive");
      }
    }
    Padding p = padding == null ? Padding.VALID : padding;
    if (p == Padding.CAUSAL && rank != 1) {
      throw new ShapeMismatchException("convolution window: causal padding exists only in 1-D");
    }
    return new ConvWindow(kernelSize.clone(), strides.clone(), dilationRate.clone(), p);
  }

  /** {@code w} if it has {@code rank} axes (the rank of the layer {@code layer}); else throws. */
  static ConvWindow requireRank(String layer, ConvWindow w, int rank) {
    if (w != null && w.rank() != rank) {
      throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": a " + rank
          + "-D layer needs a " + rank + "-D window, got " + w);
    }
    return w;
  }

  /** A 1-D window. */
  public static ConvWindow of1D(Padding padding, int kernelSize, int stride, int dilationRate) {
    return of(padding, new int[] {kernelSize}, new int[] {stride}, new int[] {dilationRate});
  }

  /** Number of spatial axes: 1, 2 or 3. */
  public int rank() {
    return kernel.length;
  }

  /** Kernel size per axis. */
  public int[] kernelSize() {
    return kernel.clone();
  }

  /** Strides per axis. */
  public int[] strides() {
    return strides.clone();
  }

  /** Dilation rate per axis. */
  public int[] dilationRate() {
    return dilation.clone();
  }

  /** The padding mode. */
  public Padding padding() {
    return padding;
  }

  /** Kernel taps: the product of the kernel sizes. */
  public int taps() {
    int t = 1;
    for (int k : kernel) {
      t *= k;
    }
    return t;
  }

  private int span(int axis) {
    return (kernel[axis] - 1) * dilation[axis] + 1;
  }

  /** Output positions along {@code axis} for {@code n} input positions ({@code -1} = unknown). */
  public int outputSize(int axis, int n) {
    return padding.outputLength(n, span(axis), strides[axis]);
  }

  /**
   * Output positions along {@code axis} of the transposed convolution of {@code n} input positions
   * ({@code -1} = unknown), as Keras computes them for TensorFlow: without {@code output_padding},
   * {@code (n − 1)·s + max(span, s)} for {@code valid} and {@code n·s} for {@code same}; with it,
   * {@code (n − 1)·s + span + op} and {@code (n − 1)·s + span mod 2 + op}.
   *
   * @param outputPadding the axis' {@code output_padding}, or -1 when Keras has none
   */
  public int transposedOutputSize(int axis, int n, int outputPadding) {
    if (n < 0) {
      return -1;
    }
    if (n == 0) {
      return 0;
    }
    int s = strides[axis];
    int span = span(axis);
    long r;
    if (padding == Padding.VALID) {
      r = (long) (n - 1) * s + (outputPadding < 0 ? Math.max(span, s) : span + outputPadding);
    } else {
      r = outputPadding < 0 ? (long) n * s : (long) (n - 1) * s + span % 2 + outputPadding;
    }
    return Math.toIntExact(r);
  }

  /** The geometry of a forward convolution of an {@code h × w × c} image (1-D: {@code h = 1}). */
  ConvGeometry forward(int h, int w, int c) {
    if (rank() == 1) {
      return new ConvGeometry(1, w, c, 1, outputSize(0, w), 1, kernel[0], 1, strides[0], 1, dilation[0],
          0, padding.padLeft(w, span(0), strides[0]));
    }
    return new ConvGeometry(h, w, c, outputSize(0, h), outputSize(1, w), kernel[0], kernel[1], strides[0], strides[1],
        dilation[0], dilation[1], padding.padLeft(h, span(0), strides[0]), padding.padLeft(w, span(1), strides[1]));
  }

  /** The geometry of a forward 3-D convolution of a {@code d × h × w × c} volume. */
  ConvGeometry forward(int d, int h, int w, int c) {
    if (rank() != 3) {
      return forward(h, w, c);
    }
    return new ConvGeometry(d, h, w, c, outputSize(0, d), outputSize(1, h), outputSize(2, w),
        kernel[0], kernel[1], kernel[2], strides[0], strides[1], strides[2], dilation[0], dilation[1], dilation[2],
        padding.padLeft(d, span(0), strides[0]), padding.padLeft(h, span(1), strides[1]),
        padding.padLeft(w, span(2), strides[2]));
  }

  /**
   * The geometry of a transposed convolution of an {@code h × w × c} image. TensorFlow computes it
   * as the gradient of the forward convolution whose input has the transposed output's size, so
   * the padding is the one that forward convolution would use.
   */
  ConvGeometry transposed(int h, int w, int c, int[] outputPadding) {
    if (rank() == 1) {
      int ow = transposedOutputSize(0, w, outputPadding == null ? -1 : outputPadding[0]);
      return new ConvGeometry(1, w, c, 1, ow, 1, kernel[0], 1, strides[0], 1, dilation[0],
          0, padding.padLeft(ow, span(0), strides[0]));
    }
    int oh = transposedOutputSize(0, h, outputPadding == null ? -1 : outputPadding[0]);
    int ow = transposedOutputSize(1, w, outputPadding == null ? -1 : outputPadding[1]);
    return new ConvGeometry(h, w, c, oh, ow, kernel[0], kernel[1], strides[0], strides[1], dilation[0], dilation[1],
        padding.padLeft(oh, span(0), strides[0]), padding.padLeft(ow, span(1), strides[1]));
  }

  /**
   * The geometry of a transposed 3-D convolution of a {@code d × h × w × c} volume, padded as
   * {@link #transposed(int, int, int, int[])} pads.
   */
  ConvGeometry transposed(int d, int h, int w, int c, int[] outputPadding) {
    if (rank() != 3) {
      return transposed(h, w, c, outputPadding);
    }
    int od = transposedOutputSize(0, d, outputPadding == null ? -1 : outputPadding[0]);
    int oh = transposedOutputSize(1, h, outputPadding == null ? -1 : outputPadding[1]);
    int ow = transposedOutputSize(2, w, outputPadding == null ? -1 : outputPadding[2]);
    return new ConvGeometry(d, h, w, c, od, oh, ow, kernel[0], kernel[1], kernel[2], strides[0], strides[1],
        strides[2], dilation[0], dilation[1], dilation[2], padding.padLeft(od, span(0), strides[0]),
        padding.padLeft(oh, span(1), strides[1]), padding.padLeft(ow, span(2), strides[2]));
  }

  @Override
  public String toString() {
    return "kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides) + ", dilation "
        + Arrays.toString(dilation) + ", padding " + Messages.quote(padding.name().toLowerCase(java.util.Locale.ROOT));
  }
}
