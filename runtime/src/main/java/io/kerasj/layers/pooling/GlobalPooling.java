package io.kerasj.layers.pooling;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Sequences;
import io.kerasj.layers.Layer;

/** What {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D} share around their reduction. */
abstract class GlobalPooling extends Layer {
  private final boolean keepDims;

  GlobalPooling(String name, boolean keepDims) {
    super(name);
    this.keepDims = keepDims;
  }

  /**
   * Reduces each sequence of {@code in} ({@code batch × steps × ch}) over its steps into {@code
   * out} ({@code batch × ch}, zero-filled).
   *
   * @param mask the time-step mask to honour, or {@code null}
   */
  abstract void reduce(float[] in, Mask mask, int batch, int steps, int ch, float[] out);

  // The reduction spans the whole sequence, so chunks of a stream cannot be pooled separately.
  @Override
  public final boolean isStreamable() {
    return false;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return keepDims ? new int[] {inputShape[0], 1, inputShape[2]} : new int[] {inputShape[0], inputShape[2]};
  }

  @Override
  public final Tensor call(Tensor x) {
    return pool(x, null);
  }

  final Tensor pool(Tensor x, Mask mask) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": mask of shape (" + mask.batch() + ", "
          + mask.steps() + ") does not match input " + java.util.Arrays.toString(x.shape()));
    }
    float[] out = new float[batch * ch];
    reduce(x.data(), mask, batch, steps, ch, out);
    return keepDims ? Tensor.of(out, batch, 1, ch) : Tensor.of(out, batch, ch);
  }
}
