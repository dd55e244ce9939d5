package io.kerasj.layers.reshaping;

import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Sequences;
import io.kerasj.layers.Layer;

/** Keras {@code UpSampling1D}: repeats every time step {@code size} times ({@code np.repeat} on axis 1). */
public final class UpSampling1D extends Layer {
  private final int size;

  /** @param size how many times each step is repeated */
  public UpSampling1D(String name, int size) {
    super(name);
    Checks.positive(name, "size", size);
    this.size = size;
  }

  @Override
  public String kerasClass() {
    return "UpSampling1D";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Sequences.rank3(name(), inputShape);
    return new int[] {inputShape[0], Sequences.times(inputShape[1], size), inputShape[2]};
  }

  @Override
  public Tensor call(Tensor x) {
    Sequences.rank3(name(), x, -1);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    int rows = Math.multiplyExact(batch, steps);
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(rows, size), ch)];
    int o = 0;
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < size; k++) {
        System.arraycopy(x.data(), r * ch, out, o, ch);
        o += ch;
      }
    }
    return Tensor.of(out, batch, steps * size, ch);
  }
}
