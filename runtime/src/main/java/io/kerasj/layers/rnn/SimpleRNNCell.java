package io.kerasj.layers.rnn;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

/** Keras {@code SimpleRNNCell}: {@code h = activation(x·K + b + h_prev·R)}; output = state = h. */
public final class SimpleRNNCell extends RNNCell {
  private final int inputSize;
  private final int units;
  private final int padded;
  private final PackedMatrix kernel;          // (in, units), packed for the projection
  private final PackedMatrix recurrentKernel; // (units, units), packed for the step
  private final float[] bias;            // (units) or null
  private final Activation activation;

  /**
   * @param name used in error messages
   * @param bias {@code null} for {@code use_bias=False}
   */
  public SimpleRNNCell(String name, int inputSize, int units, float[] kernel, float[] recurrentKernel,
                       float[] bias, Activation activation) {
    Checks.positive(name, "input size", inputSize);
    Checks.positive(name, "units", units);
    this.inputSize = inputSize;
    this.units = units;
    this.activation = Checks.sameWidth(name, "activation", activation == null ? Activation.LINEAR : activation);
    // Outputs padded with zero columns to a multiple of the vector width, so the recurrent product
    // and the activation run on whole vectors (for 20 units the scalar tail cost more than the
    // padding); row-wise activations must see exactly `units` values.
    this.padded = this.activation.isRowWise() ? units : Kernels.padUnits(units);
    this.kernel = Kernels.pack(pad(Checks.weight(name, "kernel", kernel, inputSize, units), inputSize, units, padded),
        inputSize, padded);
    this.recurrentKernel = Kernels.pack(
        pad(Checks.weight(name, "recurrent_kernel", recurrentKernel, units, units), units, units, padded), units, padded);
    this.bias = bias == null ? null : pad(Checks.weight(name, "bias", bias, units), 1, units, padded);
  }

  private static float[] pad(float[] w, int rows, int u, int up) {
    return Kernels.padBlocks(w, rows, u, up, 0);
  }

  /** The number of units. */
  public int units() {
    return units;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public int[] stateSizes() {
    return new int[] {units};
  }

  @Override
  public long trainableParams() {
    return (long) inputSize * units + (long) units * units + (bias == null ? 0 : units);
  }

  @Override
  public int projectionSize() {
    return padded;
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    Kernels.affine(x, xOff, rows, kernel, bias, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return batch * padded;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] scratch, int scratchOff) {
    final int u = units;
    final int up = padded;
    float[] h = states[0];
    // The recurrent product reads all of h, so it goes to scratch before h is overwritten.
    for (int b = 0; b < batch; b++) {
      System.arraycopy(proj, projOff + b * projStride, scratch, scratchOff + b * up, up);
    }
    Kernels.gemm(h, 0, u, batch, recurrentKernel, scratch, scratchOff, up);
    if (activation.isRowWise()) {
      activation.apply(scratch, scratchOff, batch, u); // up == u here
    } else {
      activation.apply(scratch, scratchOff, 1, batch * up);
    }
    for (int b = 0; b < batch; b++) {
      System.arraycopy(scratch, scratchOff + b * up, h, b * u, u);
      System.arraycopy(scratch, scratchOff + b * up, out, outOff + b * outStride, u);
    }
  }

  @Override
  public String kerasClass() {
    return "SimpleRNNCell";
  }
}
