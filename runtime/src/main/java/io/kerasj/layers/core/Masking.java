package io.kerasj.layers.core;

import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;

/**
 * Keras {@code Masking}: a time step is masked when every feature equals {@code mask_value}; the
 * output is the input times the mask (masked steps become zeros) and the mask goes downstream.
 */
public final class Masking extends Layer {
  private final float maskValue;

  /** @param maskValue Keras' {@code mask_value} (default 0.0) */
  public Masking(String name, float maskValue) {
    super(name);
    this.maskValue = maskValue;
  }

  @Override
  public String kerasClass() {
    return "Masking";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x}, new Mask[] {null}, null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor x = inputs[0];
    if (x.rank() != 3) {
      throw new io.kerasj.InvalidInputException("layer " + Messages.quote(name())
          + ": Masking needs (batch, time, features), got "
          + java.util.Arrays.toString(x.shape()));
    }
    int b = x.dim(0);
    int t = x.dim(1);
    int f = x.dim(2);
    float[] in = x.data();
    float[] out = new float[in.length];
    boolean[] keep = new boolean[b * t];
    for (int r = 0; r < b * t; r++) {
      boolean k = false;
      for (int j = 0; j < f; j++) {
        // != is Keras' not_equal: NaN never equals the mask value, so NaN steps are kept.
        if (in[r * f + j] != maskValue) {
          k = true;
          break;
        }
      }
      keep[r] = k;
      // Keras multiplies by the mask as a float, so a masked Inf becomes NaN, as in TensorFlow.
      float m = k ? 1f : 0f;
      for (int j = 0; j < f; j++) {
        out[r * f + j] = in[r * f + j] * m;
      }
    }
    return new Output(new Tensor[] {Tensor.of(out, x.shape())}, new Mask[] {new Mask(b, t, keep)});
  }
}
