package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code Reshape}: {@code (batch, …) → (batch, targetShape)} in row-major order; at most one
 * target dimension may be {@code -1}, inferred from the input size.
 */
public final class Reshape extends Layer {
  private final int[] target;
  private final int unknown; // index of the -1 entry, or -1

  /** @param targetShape the shape without the batch axis; one entry may be {@code -1} */
  public Reshape(String name, int[] targetShape) {
    super(name);
    this.target = targetShape.clone();
    int u = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1 && u < 0) {
        u = i;
      } else if (target[i] < 0) {
        throw new ShapeMismatchException("layer " + Messages.quote(name) + ": bad target_shape "
            + Arrays.toString(targetShape) + " (at most one -1, other entries >= 0)");
      }
    }
    this.unknown = u;
  }

  @Override
  public String kerasClass() {
    return "Reshape";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    long n = 1;
    for (int i = 1; i < inputShape.length; i++) {
      n = inputShape[i] < 0 || n < 0 ? -1 : n * inputShape[i];
    }
    return withBatch(inputShape[0], n);
  }

  private int[] withBatch(int batch, long size) {
    int[] r = new int[target.length + 1];
    r[0] = batch;
    System.arraycopy(target, 0, r, 1, target.length);
    long known = 1;
    for (int d : target) {
      if (d >= 0) {
        known *= d;
      }
    }
    if (unknown >= 0) {
      if (size < 0) {
        r[unknown + 1] = -1;
      } else if (known == 0 || size % known != 0) {
        throw new ShapeMismatchException("layer " + Messages.quote(name()) + ": cannot reshape " + size
            + " values per sample to "
            + Arrays.toString(target));
      } else {
        r[unknown + 1] = (int) (size / known);
      }
    } else if (size >= 0 && size != known) {
      throw new ShapeMismatchException("layer " + Messages.quote(name()) + ": cannot reshape " + size
          + " values per sample to "
          + Arrays.toString(target));
    }
    return r;
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.rank() < 1) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": needs a batch axis, got a scalar");
    }
    long n = 1;
    for (int i = 1; i < x.rank(); i++) {
      n *= x.dim(i);
    }
    int[] shape;
    try {
      shape = withBatch(x.dim(0), n);
    } catch (ShapeMismatchException e) {
      throw new InvalidInputException(e.getMessage() + " (input shape " + Arrays.toString(x.shape()) + ")");
    }
    // The copy keeps the caller's input array from becoming the model's output array.
    return Tensor.of(x.data().clone(), shape);
  }
}
