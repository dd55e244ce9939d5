package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * A layer that maps each element on its own, so the output has the input's shape, each time step
 * depends on that step alone and the mask passes through unchanged.
 */
public abstract class ElementwiseLayer extends Layer {
  /** @param name the layer's Keras name */
  protected ElementwiseLayer(String name) {
    super(name);
  }

  /** The layer's function of one element, in float32 as Keras computes it. */
  protected abstract float apply(float x);

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
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = apply(in[i]);
    }
    return Tensor.of(out, x.shape());
  }
}
