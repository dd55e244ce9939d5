package io.kerasj.layers;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Fusion;

/**
 * A layer that maps each element on its own, so the output has the input's shape, each time step
 * depends on that step alone and the mask passes through unchanged.
 *
 * <p>A subclass defines {@link #apply(float)}; the built-in ones also override {@link
 * #apply(float[], int, float[], int, int)} with a loop the JIT can vectorize (no call per element).
 */
public abstract class ElementwiseLayer extends Layer implements Fusion.Follower {
  /** @param name the layer's Keras name */
  protected ElementwiseLayer(String name) {
    super(name);
  }

  /** The layer's function of one element, in float32 as Keras computes it. */
  protected abstract float apply(float x);

  /**
   * {@code out[outOff + i] = apply(in[inOff + i])} for {@code i < n}; {@code in} and {@code out}
   * may be the same array at the same offset. Overrides must compute exactly {@link #apply(float)}.
   */
  protected void apply(float[] in, int inOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = apply(in[inOff + i]);
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
    float[] out = Buffers.floats(in.length);
    apply(in, 0, out, 0, in.length);
    return Tensor.of(out, x.shape());
  }

  /** Internal ({@link Fusion}): this layer applied in place after a convolution. */
  @Override
  public final Fusion.Step asStep(int rank, int channels) {
    return (a, off, rows, cols) -> apply(a, off, a, off, rows * cols);
  }
}
