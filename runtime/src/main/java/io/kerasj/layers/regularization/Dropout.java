package io.kerasj.layers.regularization;

import io.kerasj.layers.PassThrough;

/** Keras {@code Dropout} and the other regularization layers that are the identity at inference; masks pass. */
public final class Dropout extends PassThrough {
  /** A {@code Dropout} layer. */
  public Dropout(String name) {
    this(name, "Dropout");
  }

  /** An inference no-op shown in summaries under {@code kerasClass} (e.g. {@code "GaussianNoise"}). */
  public Dropout(String name, String kerasClass) {
    super(name, kerasClass, true);
  }
}
