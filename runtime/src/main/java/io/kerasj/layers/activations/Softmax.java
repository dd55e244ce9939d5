package io.kerasj.layers.activations;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.AxisGroups;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code Softmax} layer over one axis ({@code -1} by default) or several together ({@code
 * axis=[-2, -1]}, Keras' {@code exp(x − logsumexp(x))} over all of them):
 * {@code exp(x − max) / Σ exp(x − max)}, in double precision and rounded once.
 *
 * <p>Keras applies an incoming mask inside the softmax (masked positions get −1e9) with NumPy
 * broadcasting of a {@code (batch, steps)} mask against the input's trailing axes, which only
 * means "mask time steps" in degenerate shapes; a mask reaching this layer is refused instead.
 */
public final class Softmax extends Layer {
  private final int[] axes; // as Keras wrote them: negative counts from the end

  /** @param axis the axis to normalize; negative values count from the end, non-negative include the batch axis */
  public Softmax(String name, int axis) {
    this(name, new int[] {axis});
  }

  /**
   * @param axes the axes normalized together (at least one); negative values count from the end,
   *     non-negative include the batch axis, which is not supported
   */
  public Softmax(String name, int[] axes) {
    super(name);
    if (axes.length == 0) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": softmax over no axis");
    }
    for (int a : axes) {
      if (a == 0) {
        throw new UnsupportedFeatureException("layer " + Messages.quote(name)
            + ": softmax over the batch axis is not supported");
      }
    }
    this.axes = axes.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Only a softmax within each step can be applied chunk by chunk.
  @Override
  public boolean isStreamable() {
    return axes.length == 1 && axes[0] == -1;
  }

  @Override
  public String kerasClass() {
    return "Softmax";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    if (masks != null && masks.length > 0 && masks[0] != null) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name())
          + ": a time-step mask reaches a Softmax layer; Keras"
          + " would broadcast it into the softmax, which kerasj does not reproduce");
    }
    return super.forward(inputs, masks, state);
  }

  @Override
  public Tensor call(Tensor x) {
    int rank = x.rank();
    int[] resolved = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? rank + axes[i] : axes[i];
      if (a <= 0 || a >= rank) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": softmax axis " + axes[i]
            + " is out of range for shape "
            + Arrays.toString(x.shape()));
      }
      resolved[i] = a;
    }
    Arrays.sort(resolved);
    for (int i = 1; i < resolved.length; i++) {
      if (resolved[i] == resolved[i - 1]) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": softmax axes " + Arrays.toString(axes)
            + " name axis " + resolved[i] + " twice for shape " + Arrays.toString(x.shape()));
      }
    }
    AxisGroups g = AxisGroups.of(x.shape(), resolved);
    int n = g.size;
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        max = Math.max(max, in[base + g.at(k)]);
      }
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += Math.exp((double) in[base + g.at(k)] - max);
      }
      for (int k = 0; k < n; k++) {
        int i = base + g.at(k);
        out[i] = (float) (Math.exp((double) in[i] - max) / sum);
      }
    }
    return Tensor.of(out, x.shape());
  }
}
