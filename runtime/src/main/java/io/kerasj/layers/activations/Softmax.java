package io.kerasj.layers.activations;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code Softmax} layer over one axis ({@code -1} by default):
 * {@code exp(x − max) / Σ exp(x − max)}, in double precision and rounded once.
 *
 * <p>Keras applies an incoming mask inside the softmax (masked positions get −1e9) with NumPy
 * broadcasting of a {@code (batch, steps)} mask against the input's trailing axes, which only
 * means "mask time steps" in degenerate shapes; a mask reaching this layer is refused instead.
 */
public final class Softmax extends Layer {
  private final int axis; // negative: counted from the end

  /** @param axis the axis to normalize; negative values count from the end, non-negative include the batch axis */
  public Softmax(String name, int axis) {
    super(name);
    if (axis == 0) {
      throw new UnsupportedFeatureException("layer '" + name + "': softmax over the batch axis is not supported");
    }
    this.axis = axis;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Only a softmax within each step can be applied chunk by chunk.
  @Override
  public boolean isStreamable() {
    return axis == -1;
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
      throw new UnsupportedFeatureException("layer '" + name() + "': a time-step mask reaches a Softmax layer; Keras"
          + " would broadcast it into the softmax, which kerasj does not reproduce");
    }
    return super.forward(inputs, masks, state);
  }

  @Override
  public Tensor call(Tensor x) {
    int rank = x.rank();
    int a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank) {
      throw new InvalidInputException("layer '" + name() + "': softmax axis " + axis + " is out of range for shape "
          + Arrays.toString(x.shape()));
    }
    int n = x.dim(a);
    int inner = 1;
    for (int i = a + 1; i < rank; i++) {
      inner *= x.dim(i);
    }
    int outer = n == 0 || inner == 0 ? 0 : x.size() / (n * inner);
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
          max = Math.max(max, in[base + k * inner]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += Math.exp((double) in[base + k * inner] - max);
        }
        for (int k = 0; k < n; k++) {
          out[base + k * inner] = (float) (Math.exp((double) in[base + k * inner] - max) / sum);
        }
      }
    }
    return Tensor.of(out, x.shape());
  }
}
