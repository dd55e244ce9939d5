package io.kerasj.layers;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;

/** Keras {@code Cropping1D}: removes {@code left} steps from the start and {@code right} from the end of the time axis. */
public final class Cropping1D extends Layer {
  private final int left;
  private final int right;

  /** @param left steps removed at the start; @param right steps removed at the end */
  public Cropping1D(String name, int left, int right) {
    super(name);
    if (left < 0 || right < 0) {
      throw new io.kerasj.ShapeMismatchException("layer '" + name + "': cropping must be >= 0, got (" + left + ", " + right + ")");
    }
    this.left = left;
    this.right = right;
  }

  @Override
  public String kerasClass() {
    return "Cropping1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    if (inputShape[1] >= 0 && inputShape[1] < left + right) {
      throw new io.kerasj.ShapeMismatchException("layer '" + name() + "': cannot crop " + (left + right)
          + " steps from an input of " + inputShape[1]);
    }
    return new int[] {inputShape[0], inputShape[1] < 0 ? -1 : inputShape[1] - left - right, inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    int outSteps = steps - left - right;
    if (outSteps < 0) {
      throw new InvalidInputException("layer '" + name() + "': cannot crop " + (left + right) + " steps from an input of "
          + steps + " steps");
    }
    float[] out = new float[batch * outSteps * ch];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x.data(), (b * steps + left) * ch, out, b * outSteps * ch, outSteps * ch);
    }
    return Tensor.of(out, batch, outSteps, ch);
  }
}
