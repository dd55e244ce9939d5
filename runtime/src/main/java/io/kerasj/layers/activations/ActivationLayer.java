package io.kerasj.layers.activations;

import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Fusion;
import io.kerasj.layers.Layer;

/**
 * Keras' {@code Activation} layer (named {@code ActivationLayer} here because {@link Activation}
 * is the enum of functions): applies one activation function, element-wise or, for softmax-like
 * functions, over the last axis.
 */
public final class ActivationLayer extends Layer implements Fusion.Follower {
  private final Activation activation;

  /** @param activation the function; {@code null} means linear */
  public ActivationLayer(String name, Activation activation) {
    super(name);
    this.activation = activation == null ? Activation.LINEAR : activation;
  }

  /** The function applied. */
  public Activation activation() {
    return activation;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "Activation";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (inputShape.length == 0) {
      return inputShape.clone();
    }
    int last = inputShape[inputShape.length - 1];
    return last < 0 ? inputShape.clone() : Checks.withLast(inputShape, activation.outputSize(last));
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.rank() == 0) {
      float[] out = x.data().clone();
      activation.apply(out, 0, 1, 1);
      return Tensor.of(out, x.shape());
    }
    int cols = x.dim(-1);
    int rows = cols == 0 ? 0 : x.size() / cols;
    float[] in = x.data();
    float[] out = Buffers.floatsToOverwrite(in.length);
    System.arraycopy(in, 0, out, 0, in.length);
    activation.apply(out, 0, rows, cols);
    int width = activation.outputSize(cols);
    if (width != cols) {
      float[] narrow = Buffers.floatsToOverwrite(rows * width);
      System.arraycopy(out, 0, narrow, 0, narrow.length);
      Buffers.release(out);
      out = narrow;
    }
    return Tensor.of(out, Checks.withLast(x.shape(), width));
  }

  /** Internal ({@link Fusion}): the function applied in place to rows of the last axis. */
  @Override
  public Fusion.Step asStep(int rank, int channels) {
    if (rank == 0 || activation.outputSize(channels) != channels) {
      return null;
    }
    return activation::apply;
  }
}
