package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Sequences;

/** Keras {@code Cropping1D}: removes {@code left} steps from the start and {@code right} from the end of the time axis. */
public final class Cropping1D extends StepMargins {
  /** @param left steps removed at the start; @param right steps removed at the end */
  public Cropping1D(String name, int left, int right) {
    super(name, "cropping", left, right);
  }

  @Override
  public String kerasClass() {
    return "Cropping1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    if (inputShape[1] >= 0 && inputShape[1] < left + right) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name()) + ": cannot crop " + (left + right)
          + " steps from an input of " + inputShape[1]);
    }
    return new int[] {inputShape[0], inputShape[1] < 0 ? -1 : inputShape[1] - left - right, inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int steps = x.dim(1);
    int outSteps = steps - left - right;
    if (outSteps < 0) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": cannot crop " + (left + right)
          + " steps from an input of "
          + steps + " steps");
    }
    return copySteps(x, outSteps, left, 0, outSteps);
  }
}
