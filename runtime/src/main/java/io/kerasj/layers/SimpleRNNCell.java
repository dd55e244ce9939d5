package io.kerasj.layers;

/** Keras {@code SimpleRNNCell}: {@code h = activation(x·K + b + h_prev·R)}; output = state = h. */
public final class SimpleRNNCell extends RNNCell {
  private final int inputSize;
  private final int units;
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
    this.kernel = Kernels.pack(Checks.weight(name, "kernel", kernel, inputSize, units), inputSize, units);
    this.recurrentKernel = Kernels.pack(Checks.weight(name, "recurrent_kernel", recurrentKernel, units, units),
        units, units);
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, units).clone();
    this.activation = Checks.sameWidth(name, "activation", activation == null ? Activation.LINEAR : activation);
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
    return units;
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    Kernels.affine(x, xOff, rows, kernel, bias, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return batch * units;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] scratch, int scratchOff) {
    float[] h = states[0];
    // The recurrent product reads all of h, so it goes to scratch before h is overwritten.
    for (int b = 0; b < batch; b++) {
      System.arraycopy(proj, projOff + b * projStride, scratch, scratchOff + b * units, units);
    }
    Kernels.gemm(h, 0, units, batch, recurrentKernel, scratch, scratchOff, units);
    activation.apply(scratch, scratchOff, batch, units);
    System.arraycopy(scratch, scratchOff, h, 0, batch * units);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * units, out, outOff + b * outStride, units);
    }
  }

  @Override
  public String kerasClass() {
    return "SimpleRNNCell";
  }
}
