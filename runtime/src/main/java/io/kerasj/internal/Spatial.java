package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.internal.vectorization.ParallelGemm;
import io.kerasj.layers.DataFormat;
import java.util.Arrays;

/**
 * Shapes, layouts and threading shared by the layers that act on images, sequences and volumes:
 * inputs of shape {@code (batch, spatial…, channels)} ({@code channels_last}) or {@code (batch,
 * channels, spatial…)} ({@code channels_first}) with one to three spatial axes.
 *
 * <p>The kernels compute in {@code channels_last}, where a pixel's channels are contiguous: a
 * {@code channels_first} input is transposed in and the result out, as Keras' TensorFlow backend
 * does for pooling and resizing.
 */
public final class Spatial {
  private Spatial() {}

  /**
   * Smallest call, in elements read plus written, worth splitting across threads: below it the
   * hand-over costs more than the memory traffic it shares.
   */
  public static final long PARALLEL_MIN_ELEMENTS = Long.getLong("kerasj.spatialParallelMinElements", 1L << 18);

  private static final String[][] AXES = {
      {"steps"}, {"height", "width"}, {"depth", "height", "width"}};

  /**
   * Checks an input shape of {@code dims} spatial axes ({@code -1} entries, as in a declared shape,
   * pass) and returns the channel count, or -1 when unknown.
   *
   * @param channels the channel count the layer needs, or -1 for any
   * @throws InvalidInputException naming the layer, the expected shape and the actual one
   */
  public static int check(String layer, int[] shape, int dims, DataFormat format, int channels) {
    int rank = dims + 2;
    if (shape == null || shape.length != rank) {
      throw wrong(layer, shape, dims, format, channels);
    }
    int c = shape[format.channelAxis(rank)];
    if (channels >= 0 && c >= 0 && c != channels) {
      throw wrong(layer, shape, dims, format, channels);
    }
    return c;
  }

  /** {@link #check(String, int[], int, DataFormat, int)} for a tensor, which must not be null. */
  public static int check(String layer, io.kerasj.Tensor x, int dims, DataFormat format, int channels) {
    if (x == null) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": input is null");
    }
    return check(layer, x.shape(), dims, format, channels);
  }

  private static InvalidInputException wrong(String layer, int[] shape, int dims, DataFormat format, int channels) {
    StringBuilder want = new StringBuilder("(batch, ");
    String ch = channels >= 0 ? Integer.toString(channels) : "channels";
    if (format == DataFormat.CHANNELS_FIRST) {
      want.append(ch).append(", ");
    }
    want.append(String.join(", ", AXES[dims - 1]));
    if (format == DataFormat.CHANNELS_LAST) {
      want.append(", ").append(ch);
    }
    want.append(')');
    return new InvalidInputException("layer " + Messages.quote(layer) + ": expected an input of shape " + want
        + " (" + format.kerasName() + "), got " + (shape == null ? "null" : Arrays.toString(shape)));
  }

  /** The input's spatial sizes, in axis order, from a checked shape. */
  public static int[] sizes(int[] shape, DataFormat format) {
    int dims = shape.length - 2;
    int first = format == DataFormat.CHANNELS_FIRST ? 2 : 1;
    return Arrays.copyOfRange(shape, first, first + dims);
  }

  /** The shape with spatial sizes {@code sizes} and {@code channels} channels in {@code format}. */
  public static int[] shape(int batch, int[] sizes, int channels, DataFormat format) {
    int[] r = new int[sizes.length + 2];
    r[0] = batch;
    int first = format == DataFormat.CHANNELS_FIRST ? 2 : 1;
    System.arraycopy(sizes, 0, r, first, sizes.length);
    r[format.channelAxis(r.length)] = channels;
    return r;
  }

  /** The product of the sizes ({@code -1} if any is unknown). */
  public static int product(int[] sizes) {
    int n = 1;
    for (int s : sizes) {
      n = Sequences.times(n, s);
    }
    return n;
  }

  /**
   * Copies a block of {@code count[0]×count[1]×count[2]} pixels of {@code unit} floats from each of
   * {@code outer} volumes of {@code n[0]×n[1]×n[2]} pixels, starting at pixel {@code from}, to each of
   * {@code outer} volumes of {@code m[0]×m[1]×m[2]} pixels at pixel {@code to}: a crop, a pad, or
   * both. A {@code channels_last} image is one volume per sample with the channels as the unit; a
   * {@code channels_first} one is one volume per channel with unit 1. One row is one copy.
   */
  public static void copyBlock(float[] src, int outer, int[] n, int[] from, float[] dst, int[] m, int[] to,
                               int[] count, int unit) {
    int run = count[2] * unit;
    for (int o = 0; o < outer; o++) {
      for (int z = 0; z < count[0]; z++) {
        for (int y = 0; y < count[1]; y++) {
          int s = (((o * n[0] + from[0] + z) * n[1] + from[1] + y) * n[2] + from[2]) * unit;
          int d = (((o * m[0] + to[0] + z) * m[1] + to[1] + y) * m[2] + to[2]) * unit;
          System.arraycopy(src, s, dst, d, run);
        }
      }
    }
  }

  /** {@code (batch, c, s) → (batch, s, c)} into a workspace array. */
  public static float[] toChannelsLast(float[] src, int batch, int c, int s) {
    float[] dst = Buffers.floats(src.length);
    toChannelsLast(src, batch, c, s, dst);
    return dst;
  }

  /** {@code (batch, c, s) → (batch, s, c)} into {@code dst}. */
  public static void toChannelsLast(float[] src, int batch, int c, int s, float[] dst) {
    for (int b = 0; b < batch; b++) {
      transpose(src, b * c * s, c, s, dst);
    }
  }

  /** {@code (batch, s, c) → (batch, c, s)} into a workspace array. */
  public static float[] toChannelsFirst(float[] src, int batch, int s, int c) {
    float[] dst = Buffers.floats(src.length);
    toChannelsFirst(src, batch, s, c, dst);
    return dst;
  }

  /** {@code (batch, s, c) → (batch, c, s)} into {@code dst}. */
  public static void toChannelsFirst(float[] src, int batch, int s, int c, float[] dst) {
    for (int b = 0; b < batch; b++) {
      transpose(src, b * c * s, s, c, dst);
    }
  }

  // dst (cols × rows) = src (rows × cols) transposed, both at off, in 32×32 blocks that stay in cache.
  private static void transpose(float[] src, int off, int rows, int cols, float[] dst) {
    final int blk = 32;
    for (int r0 = 0; r0 < rows; r0 += blk) {
      final int r1 = Math.min(rows, r0 + blk);
      for (int c0 = 0; c0 < cols; c0 += blk) {
        final int c1 = Math.min(cols, c0 + blk);
        for (int r = r0; r < r1; r++) {
          for (int q = c0; q < c1; q++) {
            dst[off + q * rows + r] = src[off + r * cols + q];
          }
        }
      }
    }
  }

  /** A run of independent rows of one call. */
  @FunctionalInterface
  public interface Rows {
    /** Computes rows {@code [lo, hi)}. */
    void run(int lo, int hi);
  }

  /**
   * Slices to cut a call of {@code rows} independent rows into: 1 (run on the caller) when it moves
   * fewer than {@link #PARALLEL_MIN_ELEMENTS} elements, else one per thread. Callers run the
   * one-slice case themselves, so that a small call allocates nothing.
   *
   * @param elements the call's elements read plus written
   */
  public static int slices(int rows, long elements) {
    int slices = Math.min(ParallelGemm.THREADS, rows);
    return slices < 2 || elements < PARALLEL_MIN_ELEMENTS ? 1 : slices;
  }

  /**
   * Runs {@code body} over rows {@code [0, rows)} in {@code slices} contiguous slices on the worker
   * threads of {@link BatchSplit} (the caller runs the first). Rows must write disjoint outputs.
   */
  public static void run(int slices, int rows, Rows body) {
    BatchSplit.run(slices, s -> body.run((int) ((long) rows * s / slices), (int) ((long) rows * (s + 1) / slices)));
  }
}
