package io.kerasj.layers;

import io.kerasj.Tensor;

/** Keras {@code ZeroPadding1D}: adds {@code left} and {@code right} zero steps to the time axis. */
public final class ZeroPadding1D extends Layer {
  private final int left;
  private final int right;

  /** @param left steps added before the sequence; @param right steps added after it */
  public ZeroPadding1D(String name, int left, int right) {
    super(name);
    if (left < 0 || right < 0) {
      throw new io.kerasj.ShapeMismatchException("layer '" + name + "': padding must be >= 0, got (" + left + ", " + right + ")");
    }
    this.left = left;
    this.right = right;
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
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    int outSteps = steps + left + right;
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, outSteps), ch)];
    int block = steps * ch;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x.data(), b * block, out, (b * outSteps + left) * ch, block);
    }
    return Tensor.of(out, batch, outSteps, ch);
  }
}
