package io.kerasj.layers.core;

import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;

/**
 * Keras {@code Dense}: {@code activation(x · kernel + bias)} over the last axis of an input of any
 * rank ≥ 2, so it also serves {@code TimeDistributed(Dense)} directly.
 */
public final class Dense extends Layer {
  private final int inputDim;
  private final int units;
  private final boolean useBias;
  private final Activation activation;
  private final Kernels.AffineWeights packed; // kernel and bias, packed for the product

  /**
   * @param kernel {@code (inputDim, units)} row-major
   * @param bias {@code (units)}, or {@code null} for {@code use_bias=False}
   */
  public Dense(String name, int inputDim, int units, float[] kernel, float[] bias, Activation activation) {
    super(name);
    Checks.positive(name, "input dimension", inputDim);
    Checks.positive(name, "units", units);
    this.inputDim = inputDim;
    this.units = units;
    Checks.weight(name, "kernel", kernel, inputDim, units);
    if (bias != null) {
      Checks.weight(name, "bias", bias, units);
    }
    this.useBias = bias != null;
    this.activation = activation == null ? Activation.LINEAR : activation;
    this.activation.outputSize(units);
    this.packed = Kernels.packAffine(kernel, inputDim, units, bias);
  }

  /** Number of output features. */
  public int units() {
    return units;
  }

  /** Number of input features. */
  public int inputDim() {
    return inputDim;
  }

  /** The activation applied after the affine map. */
  public Activation activation() {
    return activation;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "Dense";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return Checks.withLast(inputShape, activation.outputSize(units));
  }

  @Override
  public long trainableParams() {
    return (long) inputDim * units + (useBias ? units : 0);
  }

  @Override
  public Tensor call(Tensor x) {
    Checks.lastDim(name(), x, 2, inputDim);
    int rows = x.size() / inputDim;
    float[] out = Buffers.floatsToOverwrite(Math.multiplyExact(rows, units));
    Kernels.affine(x.data(), 0, rows, packed, out, 0);
    activation.applyParallel(out, 0, rows, units);
    int width = activation.outputSize(units);
    if (width != units) {
      float[] narrow = Buffers.floats(rows * width);
      System.arraycopy(out, 0, narrow, 0, narrow.length);
      Buffers.release(out);
      out = narrow;
    }
    return Tensor.of(out, outputShape(x.shape()));
  }
}
