package io.kerasj.layers.reshaping;

import io.kerasj.Tensor;
import io.kerasj.internal.Sequences;

/** Keras {@code ZeroPadding1D}: adds {@code left} and {@code right} zero steps to the time axis. */
public final class ZeroPadding1D extends StepMargins {
  /** @param left steps added before the sequence; @param right steps added after it */
  public ZeroPadding1D(String name, int left, int right) {
    super(name, "padding", left, right);
  }

  @Override
  public String kerasClass() {
    return "ZeroPadding1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return new int[] {inputShape[0], inputShape[1] < 0 ? -1 : inputShape[1] + left + right, inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int steps = x.dim(1);
    return copySteps(x, steps + left + right, 0, left, steps);
  }
}
