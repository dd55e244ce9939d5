package io.kerasj.layers.convolutional;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Fusion;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.vectorization.ConvGeometry;
import io.kerasj.internal.Spatial;
import io.kerasj.internal.vectorization.ParallelGemm;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * What every 1-D, 2-D and 3-D convolution layer shares: the input checks, the {@code channels_first}
 * layout (the input is turned channels-last, computed, and the output turned back), the
 * activation, and the workspace buffers. Subclasses compute one call on channels-last data.
 *
 * <p>The activation acts on the last axis of the output, as Keras applies it: the channels for
 * {@code channels_last}, the width for {@code channels_first} (which matters only to the row-wise
 * activations such as softmax).
 */
abstract class SpatialConv extends Layer implements Fusion.Head {
  /**
   * Most output pixels a tile holds: as many rows as the product's row block ({@code MC} of the
   * packed kernels), so that a tile's patches are read from cache by every panel of the weights.
   */
  static final int MAX_TILE_ROWS = Math.max(8, Integer.getInteger("kerasj.conv.tileRows", 256));

  /** The tile body of every convolution: non-capturing, so handing it to the threads allocates nothing. */
  static final Tiles.Body<Call> TILE = (c, t, scratch, so) -> c.layer.tile(c, t, scratch, so);

  private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

  /**
   * The arguments of one call, read by its tiles: one per calling thread, reused (its arrays are
   * dropped when the call returns, so that it holds no workspace buffer between calls).
   */
  static final class Call {
    SpatialConv layer;
    float[] x;
    int batch;
    ConvGeometry g;
    float[] out;
    Activation fused;
    /** Steps of the layers fused after this one ({@link Fusion}), applied after {@link #fused}; or null. */
    Fusion.Step[] steps;
    /** Rows (output pixels, or output image rows for a transposed convolution) per tile. */
    int tile;
    /** Tiles per image, where tiles do not span images. */
    int perImage;

    /**
     * Finishes {@code rows} output rows of {@code cols} channels at {@code off} (a tile's): the
     * fused activation, then the steps of the layers fused after this one, while the rows are in
     * cache.
     */
    void finish(float[] a, int off, int rows, int cols) {
      fused.apply(a, off, rows, cols);
      if (steps != null) {
        for (Fusion.Step s : steps) {
          s.apply(a, off, rows, cols);
        }
      }
    }
  }

  /** A geometry and the input size it was made for. */
  private static final class Cached {
    final int d;
    final int h;
    final int w;
    final ConvGeometry g;

    Cached(int d, int h, int w, ConvGeometry g) {
      this.d = d;
      this.h = h;
      this.w = w;
      this.g = g;
    }
  }

  private static final String[] AXES = {"depth", "height", "width"};

  final int channels;
  final int outChannels;
  final ConvWindow window;
  final DataFormat format;
  final Activation activation;
  // The last call's geometry: a model sees one image size call after call.
  private volatile Cached lastGeometry;

  SpatialConv(String name, int channels, int outChannels, ConvWindow window, DataFormat format,
              Activation activation) {
    super(name);
    Checks.positive(name, "input channels", channels);
    Checks.positive(name, "output channels", outChannels);
    if (window == null) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": the convolution window is missing");
    }
    this.channels = channels;
    this.outChannels = outChannels;
    this.window = window;
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.activation = activation == null ? Activation.LINEAR : activation;
    if (this.format == DataFormat.CHANNELS_LAST) {
      this.activation.outputSize(outChannels);
    }
  }

  /**
   * Output pixels per tile for a call of {@code rows} pixels (over the whole batch): at most {@link
   * #MAX_TILE_ROWS}, at least two tiles a thread (so that a thread scheduled late costs the caller
   * half its share, not all of it), and a number of tiles that is a multiple of the threads, of
   * near-equal size: at batch 1 ResNet50's 49- and 196-pixel calls, cut in 16 and 56 rows as
   * before, left one thread 32 rows of 49 and 112 of 196 while the other spun. Sizes of 64 rows or
   * more are rounded up to 4 (the scalar kernels' height; the Vector API kernels take 8, then 4);
   * smaller ones are not, as that would unbalance the tiles again (49 rows: 16, 16, 16, 1), and
   * the few rows left over by the micro-kernels read the weights from cache, where the tile's other
   * rows just brought them. At least 8 rows a tile (a tile streams all the weights once).
   */
  static int tileRows(int rows) {
    int threads = ParallelGemm.THREADS;
    int tiles = Math.max((rows + MAX_TILE_ROWS - 1) / MAX_TILE_ROWS, 2 * threads);
    tiles = (tiles + threads - 1) / threads * threads;
    if (tiles > rows / 8) {
      tiles = Math.max(1, rows / 8 / threads * threads);
    }
    int size = (rows + tiles - 1) / tiles;
    return Math.max(1, Math.min(MAX_TILE_ROWS, size >= 64 ? (size + 3) / 4 * 4 : size));
  }

  /**
   * Whether this is a transposed convolution, whose output may be empty (Keras computes a length
   * of 0 for some {@code output_padding}) where a forward convolution's empty output is refused.
   */
  boolean transposed() {
    return false;
  }

  /** The window: kernel size, strides, dilation rate, padding. */
  public ConvWindow window() {
    return window;
  }

  /** The data format. */
  public DataFormat dataFormat() {
    return format;
  }

  /** The activation applied last. */
  public Activation activation() {
    return activation;
  }

  /** Output positions along spatial {@code axis} for {@code n} input positions (-1 = unknown). */
  int outputSize(int axis, int n) {
    return window.outputSize(axis, n);
  }

  /** The geometry of a call on {@code h × w} images ({@code h = 1} in 1-D). */
  ConvGeometry geometry(int h, int w) {
    return window.forward(h, w, channels);
  }

  /** The geometry of a call on {@code d × h × w} volumes ({@code d = 1} in 1-D and 2-D). */
  ConvGeometry geometry(int d, int h, int w) {
    return window.rank() == 3 ? window.forward(d, h, w, channels) : geometry(h, w);
  }

  /**
   * Computes {@code c.out} ({@code batch × oh × ow × outChannels}, channels-last) from {@code c.x}
   * ({@code batch × h × w × channels}), bias included, by running {@link #TILE} over tiles
   * ({@link Tiles#run}); then applies {@code c.fused} to each finished row of {@code outChannels}
   * (LINEAR when the caller applies the activation itself). Sets {@code c.tile} and {@code
   * c.perImage} as its tiles need them.
   */
  abstract void compute(Call c);

  /**
   * Whether {@link #compute} writes every element of {@code c.out} (setting it from the bias or
   * zero before accumulating), so that the output buffer need not be zero-filled first; otherwise
   * it accumulates into a zeroed output.
   */
  boolean writesEveryOutput() {
    return false;
  }

  /** Tile {@code t} of the call {@code c}, with {@code scratch[so, ...)} its own. */
  abstract void tile(Call c, int t, float[] scratch, int so);

  private ConvGeometry cachedGeometry(int d, int h, int w) {
    Cached last = lastGeometry;
    if (last == null || last.d != d || last.h != h || last.w != w) {
      last = new Cached(d, h, w, geometry(d, h, w));
      lastGeometry = last;
    }
    return last.g;
  }

  private String expectedShape() {
    String spatial = window.rank() == 1 ? "steps" : window.rank() == 2 ? "height, width" : "depth, height, width";
    return format == DataFormat.CHANNELS_LAST ? "(batch, " + spatial + ", " + channels + ")"
        : "(batch, " + channels + ", " + spatial + ")";
  }

  private String where() {
    return "layer " + Messages.quote(name()) + " (" + kerasClass() + ")";
  }

  private void checkShape(int[] shape) {
    int rank = window.rank() + 2;
    if (shape.length != rank) {
      throw new InvalidInputException(where() + ": expected an input of shape " + expectedShape() + " ("
          + format.kerasName() + "), got " + Arrays.toString(shape));
    }
    int c = shape[format.channelAxis(rank)];
    if (c >= 0 && c != channels) {
      throw new InvalidInputException(where() + ": expected " + channels + " channels on axis "
          + format.channelAxis(rank) + " (" + format.kerasName() + "), got shape " + Arrays.toString(shape));
    }
    for (int i = 0; i < window.rank(); i++) {
      int n = shape[spatialAxis(i)];
      if (n >= 0 && !transposed() && outputSize(i, n) <= 0) {
        // Keras refuses it too ("Computed output size would be zero or negative").
        int min = n + 1;
        while (outputSize(i, min) <= 0 && min < Integer.MAX_VALUE / 2) {
          min++;
        }
        String axis = window.rank() == 1 ? "steps" : AXES[i + 3 - window.rank()];
        throw new InvalidInputException(where() + ": expected " + axis + " of at least " + min + " (window "
            + window + "), got " + n + " in shape " + Arrays.toString(shape));
      }
    }
  }

  private int spatialAxis(int i) {
    return format == DataFormat.CHANNELS_LAST ? 1 + i : 2 + i;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    checkShape(inputShape);
    int rank = window.rank() + 2;
    int[] out = new int[rank];
    out[0] = inputShape[0];
    for (int i = 0; i < window.rank(); i++) {
      out[spatialAxis(i)] = outputSize(i, inputShape[spatialAxis(i)]);
    }
    out[format.channelAxis(rank)] = outChannels;
    if (out[rank - 1] >= 0) {
      out[rank - 1] = activation.outputSize(out[rank - 1]);
    }
    return out;
  }

  @Override
  public Layer fuse(Fusion.Step[] steps, Layer[] absorbed) {
    if (format != DataFormat.CHANNELS_LAST || activation.outputSize(outChannels) != outChannels) {
      return null;
    }
    return new FusedConvolution(this, steps.clone(), absorbed.clone());
  }

  @Override
  public Tensor call(Tensor x) {
    return call(x, null);
  }

  /** {@link #call(Tensor)} followed by {@code steps} (channels-last only; see {@link #fuse}). */
  Tensor call(Tensor x, Fusion.Step[] steps) {
    if (x == null) {
      throw new InvalidInputException(where() + ": input is null");
    }
    int[] shape = x.shape();
    checkShape(shape);
    int batch = shape[0];
    int rank = window.rank();
    int d = rank == 3 ? shape[spatialAxis(0)] : 1;
    int h = rank == 1 ? 1 : shape[spatialAxis(rank - 2)];
    int w = shape[spatialAxis(rank - 1)];
    ConvGeometry g = cachedGeometry(d, h, w);
    int outPixels = Math.multiplyExact(Math.multiplyExact(g.od, g.oh), g.ow);
    float[] in = x.data();
    boolean first = format == DataFormat.CHANNELS_FIRST;
    if (first) {
      float[] t = Buffers.floats(in.length);
      Spatial.toChannelsLast(in, batch, channels, d * h * w, t);
      in = t;
    }
    int outSize = Math.multiplyExact(Math.multiplyExact(batch, outPixels), outChannels);
    float[] out = writesEveryOutput() ? Buffers.floatsToOverwrite(outSize) : Buffers.floats(outSize);
    int last = first ? g.ow : outChannels;
    boolean fuse = !first && activation.outputSize(last) == last;
    Call c = CALLS.get();
    c.layer = this;
    c.x = in;
    c.batch = batch;
    c.g = g;
    c.out = out;
    c.fused = fuse ? activation : Activation.LINEAR;
    c.steps = steps;
    try {
      compute(c);
    } finally {
      c.layer = null;
      c.x = null;
      c.out = null;
      c.g = null;
      c.steps = null;
    }
    if (first) {
      Buffers.release(in);
      float[] t = Buffers.floats(out.length);
      Spatial.toChannelsFirst(out, batch, outPixels, outChannels, t);
      Buffers.release(out);
      out = t;
    }
    int[] outShape = outputShape(shape);
    if (!fuse && out.length > 0) {
      activation.apply(out, 0, out.length / last, last);
      int width = activation.outputSize(last);
      if (width != last) {
        // GLU packed the narrower rows at the front.
        float[] narrow = Buffers.floats(out.length / last * width);
        System.arraycopy(out, 0, narrow, 0, narrow.length);
        Buffers.release(out);
        out = narrow;
      }
    }
    return Tensor.of(out, outShape);
  }
}
