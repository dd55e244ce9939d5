package io.kerasj.layers.regularization;

import io.kerasj.Tensor;
import io.kerasj.layers.Layer;

/** Keras {@code Dropout} and other layers that are the identity at inference. */
public final class Dropout extends Layer {
  private final String kerasClass;

  /** A {@code Dropout} layer. */
  public Dropout(String name) {
    this(name, "Dropout");
  }

  /** An inference no-op shown in summaries under {@code kerasClass} (e.g. {@code "GaussianNoise"}). */
  public Dropout(String name, String kerasClass) {
    super(name);
    this.kerasClass = kerasClass;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return kerasClass;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor input) {
    return input;
  }
}
