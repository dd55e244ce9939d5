package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

/**
 * Keras 3's {@code ops.any(x, axis=-1)} over a boolean (1.0 / 0.0) tensor, as saved Functional
 * graphs use it to reduce a per-feature comparison to a time-step mask.
 */
public final class Any extends Layer {
  private final boolean keepDims;

  /** Reduces the last axis; {@code keepDims} keeps it with size 1. */
  public Any(String name, boolean keepDims) {
    super(name);
    this.keepDims = keepDims;
  }

  @Override
  public String kerasClass() {
    return "Any";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (keepDims) {
      return Checks.withLast(inputShape, 1);
    }
    return java.util.Arrays.copyOf(inputShape, inputShape.length - 1);
  }

  @Override
  public Tensor call(Tensor x) {
    int f = x.dim(-1);
    int rows = f == 0 ? 0 : x.size() / f;
    float[] in = x.data();
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < f; j++) {
        if (in[r * f + j] != 0f) {
          out[r] = 1f;
          break;
        }
      }
    }
    return Tensor.of(out, outputShape(x.shape()));
  }
}
