package io.kerasj.layers;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Fusion;

/**
 * A layer that maps each element on its own, so the output has the input's shape, each time step
 * depends on that step alone and the mask passes through unchanged.
 *
 * <p>A subclass defines {@link #apply(float)}; the built-in ones also override {@link
 * #apply(float[], float[], int, int)} with a loop the JIT can vectorize (no call per element).
 */
public abstract class ElementwiseLayer extends Layer implements Fusion.Follower {
  /** @param name the layer's Keras name */
  protected ElementwiseLayer(String name) {
    super(name);
  }

  /** The layer's function of one element, in float32 as Keras computes it. */
  protected abstract float apply(float x);

  /**
   * {@code out[i] = apply(in[i])} for {@code from <= i < to}; {@code in} and {@code out} may be the
   * same array. Overrides must compute exactly {@link #apply(float)}. (One index for both arrays:
   * HotSpot vectorizes a loop over two arrays only when it can see that their accesses do not
   * overlap, which it can for the same index.)
   */
  protected void apply(float[] in, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = apply(in[i]);
    }
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public final Tensor call(Tensor x) {
    float[] in = x.data();
    float[] out = Buffers.floatsToOverwrite(in.length);
    apply(in, out, 0, in.length);
    return Tensor.of(out, x.shape());
  }

  /** Internal ({@link Fusion}): this layer applied in place after a convolution. */
  @Override
  public final Fusion.Step asStep(int rank, int channels) {
    return (a, off, rows, cols) -> apply(a, a, off, off + rows * cols);
  }
}
