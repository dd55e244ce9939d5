package io.kerasj.layers.pooling;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;

/**
 * What the global pooling layers of one, two and three spatial axes share around their reduction:
 * {@code (batch, spatial…, channels) → (batch, channels)}, or with {@code keepdims} every spatial
 * axis kept with length 1.
 */
abstract class GlobalPooling extends Layer {
  private final int dims;
  private final DataFormat format;
  private final boolean keepDims;

  GlobalPooling(String name, int dims, DataFormat format, boolean keepDims) {
    super(name);
    this.dims = dims;
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.keepDims = keepDims;
  }

  /**
   * Reduces each sample over its {@code s} spatial positions into {@code out} ({@code batch × c},
   * zero-filled).
   *
   * @param in {@code (batch, s, c)} when {@code channelsLast}, else {@code (batch, c, s)}
   * @param mask the time-step mask to honour (1-D layers only), or {@code null}
   */
  abstract void reduce(float[] in, boolean channelsLast, Mask mask, int batch, int s, int c, float[] out);

  /** Whether the layer keeps the spatial axes with length 1. */
  public final boolean keepDims() {
    return keepDims;
  }

  /** Where the channel axis is. */
  public final DataFormat dataFormat() {
    return format;
  }

  // The reduction spans the whole sequence, so chunks of a stream cannot be pooled separately.
  @Override
  public final boolean isStreamable() {
    return false;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    int c = Spatial.check(name(), inputShape, dims, format, -1);
    if (!keepDims) {
      return new int[] {inputShape[0], c};
    }
    int[] ones = new int[dims];
    java.util.Arrays.fill(ones, 1);
    return Spatial.shape(inputShape[0], ones, c, format);
  }

  @Override
  public final Tensor call(Tensor x) {
    return pool(x, null);
  }

  final Tensor pool(Tensor x, Mask mask) {
    int c = Spatial.check(name(), x, dims, format, -1);
    int batch = x.dim(0);
    int s = Spatial.product(Spatial.sizes(x.shape(), format));
    if (mask != null && (mask.batch() != batch || mask.steps() != s)) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": mask of shape (" + mask.batch() + ", "
          + mask.steps() + ") does not match input " + java.util.Arrays.toString(x.shape()));
    }
    float[] out = Buffers.floats(Math.multiplyExact(batch, c));
    reduce(x.data(), format == DataFormat.CHANNELS_LAST, mask, batch, s, c, out);
    return Tensor.of(out, outputShape(x.shape()));
  }
}
