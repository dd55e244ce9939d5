package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * A layer whose output at inference is its input, the same tensor: Keras' {@code Identity}, and the
 * layers that act only when called with {@code training=True} ({@code Dropout} and its kin, the image
 * augmentation layers). They differ only in their Keras class name and in whether the input's mask
 * passes on, which each Keras layer decides for itself.
 */
public abstract class PassThrough extends Layer {
  private final String kerasClass;
  private final boolean passesMask;

  /**
   * @param kerasClass the Keras class name shown in summaries and messages
   * @param passesMask whether the input's mask is passed on (otherwise dropped)
   */
  protected PassThrough(String name, String kerasClass, boolean passesMask) {
    super(name);
    this.kerasClass = kerasClass;
    this.passesMask = passesMask;
  }

  @Override
  public final String kerasClass() {
    return kerasClass;
  }

  @Override
  public final boolean supportsMasking() {
    return passesMask;
  }

  // Each step passes through on its own, masked or not.
  @Override
  public final boolean isStreamable() {
    return true;
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public final Tensor call(Tensor input) {
    return input;
  }
}
