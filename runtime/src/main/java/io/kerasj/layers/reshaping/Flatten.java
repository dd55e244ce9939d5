package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Sequences;
import io.kerasj.layers.Layer;

/** Keras {@code Flatten} ({@code channels_last}): {@code (batch, d1, …, dn) → (batch, d1·…·dn)}, row-major. */
public final class Flatten extends Layer {
  /** A flatten layer. */
  public Flatten(String name) {
    super(name);
  }

  @Override
  public String kerasClass() {
    return "Flatten";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int n = 1;
    for (int i = 1; i < inputShape.length; i++) {
      n = Sequences.times(n, inputShape[i]);
    }
    return new int[] {inputShape[0], n};
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.rank() < 1) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": needs a batch axis, got a scalar");
    }
    int n = 1;
    for (int i = 1; i < x.rank(); i++) {
      n *= x.dim(i);
    }
    // Data are row-major already, so flattening only relabels; the copy keeps the caller's input
    // array from becoming the model's output array.
    return Tensor.of(x.data().clone(), x.dim(0), n);
  }
}
