package io.kerasj.ops;

import io.kerasj.Tensor;

/**
 * {@code ops.moments(x, axes, keepdims)}: the mean and the population variance over the axes, two
 * outputs, as {@code tf.nn.moments} computes them (the variance about the mean, not {@code E[x²] −
 * mean²}).
 */
public final class Moments extends Op {
  private final Reduce mean;
  private final Reduce variance;

  /** @param axes the reduced axes (negative values count from the end), or {@code null} for all */
  public Moments(String name, String kerasClass, int[] axes, boolean keepDims) {
    super(name, kerasClass, 1);
    this.mean = new Reduce(name, kerasClass, Reduce.Kind.MEAN, axes, keepDims);
    this.variance = new Reduce(name, kerasClass, Reduce.Kind.VAR, axes, keepDims);
  }

  @Override
  protected int[] shape(int[][] in) {
    return mean.shape(in);
  }

  @Override
  protected int[][] shapes(int[][] in) {
    int[] s = mean.shape(in);
    return new int[][] {s, s.clone()};
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    return mean.compute(inputs);
  }

  @Override
  protected Tensor[] computeAll(Tensor[] inputs) {
    return new Tensor[] {mean.compute(inputs), variance.compute(inputs)};
  }
}
