package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * Keras 3's {@code ops.nn.multi_hot(x, num_classes, axis)} as its TensorFlow backend computes it:
 * {@code one_hot(x, num_classes, axis)}, then the maximum over axis 1 of that (axis 0 for an input
 * of rank 1), whatever {@code axis} is.
 */
public final class MultiHot extends Op {
  private final OneHot oneHot;
  private final Reduce overAxis1;
  private final Reduce overAxis0; // inputs of rank 1

  public MultiHot(String name, String kerasClass, int numClasses, int axis, float on, float off) {
    super(name, kerasClass, 1);
    this.oneHot = new OneHot(name, kerasClass, numClasses, axis, on, off);
    this.overAxis1 = new Reduce(name, kerasClass, Reduce.Kind.MAX, new int[] {1}, false);
    this.overAxis0 = new Reduce(name, kerasClass, Reduce.Kind.MAX, new int[] {0}, false);
  }

  private Reduce reduce(int rank) {
    return rank > 1 ? overAxis1 : overAxis0;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] h = oneHot.shape(in);
    return reduce(in[0].length).shape(new int[][] {h});
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor h = oneHot.compute(inputs);
    Tensor r = reduce(inputs[0].rank()).compute(new Tensor[] {h});
    Buffers.release(h.data());
    return r;
  }
}
