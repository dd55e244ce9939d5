package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/** Keras {@code RepeatVector}: {@code (batch, features) → (batch, n, features)}, the row repeated {@code n} times. */
public final class RepeatVector extends Layer {
  private final int n;

  /** @param n number of repetitions */
  public RepeatVector(String name, int n) {
    super(name);
    Checks.positive(name, "n", n);
    this.n = n;
  }

  @Override
  public String kerasClass() {
    return "RepeatVector";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (inputShape.length != 2) {
      throw new InvalidInputException("layer " + Messages.quote(name())
          + ": expected an input of shape (batch, features), got "
          + Arrays.toString(inputShape));
    }
    return new int[] {inputShape[0], n, inputShape[1]};
  }

  @Override
  public Tensor call(Tensor x) {
    outputShape(x.shape());
    int batch = x.dim(0);
    int f = x.dim(1);
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, n), f)];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < n; k++) {
        System.arraycopy(x.data(), b * f, out, (b * n + k) * f, f);
      }
    }
    return Tensor.of(out, batch, n, f);
  }
}
