package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import java.util.Arrays;

/** Shape checks shared by the layers that act on {@code (batch, steps, channels)} sequences. */
public final class Sequences {
  private Sequences() {}

  /** Requires a rank-3 input; when {@code channels >= 0}, also its channel count. */
  public static void rank3(String layer, Tensor x, int channels) {
    if (x == null) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": input is null");
    }
    if (x.rank() != 3) {
      throw new InvalidInputException("layer " + Messages.quote(layer)
          + ": expected an input of shape (batch, steps, channels), got "
          + Arrays.toString(x.shape()));
    }
    if (channels >= 0 && x.dim(2) != channels) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": expected " + channels
          + " channels on the last axis, got shape "
          + Arrays.toString(x.shape()));
    }
  }

  /** Requires a rank-3 shape (used by {@code outputShape}). */
  public static void rank3(String layer, int[] shape) {
    if (shape.length != 3) {
      throw new InvalidInputException("layer " + Messages.quote(layer)
          + ": expected an input of shape (batch, steps, channels), got "
          + Arrays.toString(shape));
    }
  }

  /** {@code a · b}, or -1 if either is unknown. */
  public static int times(int a, int b) {
    return a < 0 || b < 0 ? -1 : Math.multiplyExact(a, b);
  }
}
