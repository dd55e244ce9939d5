package io.kerasj.layers;

/**
 * Keras {@code LSTMCell}. Gate blocks are {@code [i | f | c | o]}, each {@code units} wide, in
 * {@code kernel (in, 4u)}, {@code recurrent_kernel (u, 4u)} and {@code bias (4u)}:
 *
 * <pre>
 * z = x·K + b + h·R
 * i = ra(z_i); f = ra(z_f); g = a(z_c); o = ra(z_o)
 * c = f ⊙ c + i ⊙ g;  h = o ⊙ a(c)        states [h, c], output h
 * </pre>
 *
 * {@code unit_forget_bias} only changes the initializer; the saved bias already holds it.
 */
public final class LSTMCell extends RNNCell {
  private final int inputSize;
  private final int units;
  private final float[] kernel;          // (in, 4u)
  private final float[] recurrentKernel; // (u, 4u)
  private final float[] bias;            // (4u) or null
  private final Activation activation;
  private final Activation recurrentActivation;

  /** @param bias {@code null} for {@code use_bias=False} */
  public LSTMCell(String name, int inputSize, int units, float[] kernel, float[] recurrentKernel, float[] bias,
                  Activation activation, Activation recurrentActivation) {
    Checks.positive(name, "input size", inputSize);
    Checks.positive(name, "units", units);
    this.inputSize = inputSize;
    this.units = units;
    this.kernel = Checks.weight(name, "kernel", kernel, inputSize, 4 * units).clone();
    this.recurrentKernel = Checks.weight(name, "recurrent_kernel", recurrentKernel, units, 4 * units).clone();
    this.bias = bias == null ? null : Checks.weight(name, "bias", bias, 4 * units).clone();
    this.activation = Checks.sameWidth(name, "activation", activation);
    this.recurrentActivation = Checks.sameWidth(name, "recurrent_activation", recurrentActivation);
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
    return new int[] {units, units};
  }

  @Override
  public long trainableParams() {
    return 4L * units * (inputSize + units) + (bias == null ? 0 : 4L * units);
  }

  @Override
  public int projectionSize() {
    return 4 * units;
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    Kernels.affine(x, xOff, rows, inputSize, kernel, 4 * units, bias, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return batch * 4 * units;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] z, int zOff) {
    final int u = units;
    final int g4 = 4 * u;
    float[] h = states[0];
    float[] c = states[1];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(proj, projOff + b * projStride, z, zOff + b * g4, g4);
    }
    Kernels.gemmAccumulate(h, 0, u, batch, u, recurrentKernel, 0, g4, z, zOff, g4);
    for (int b = 0; b < batch; b++) {
      int zi = zOff + b * g4;
      int zf = zi + u;
      int zc = zf + u;
      int zo = zc + u;
      recurrentActivation.apply(z, zi, 1, u);
      recurrentActivation.apply(z, zf, 1, u);
      activation.apply(z, zc, 1, u);
      recurrentActivation.apply(z, zo, 1, u);
      int s = b * u;
      for (int j = 0; j < u; j++) {
        float cj = z[zf + j] * c[s + j] + z[zi + j] * z[zc + j];
        c[s + j] = cj;
        z[zc + j] = cj;
      }
      activation.apply(z, zc, 1, u);
      int o = outOff + b * outStride;
      for (int j = 0; j < u; j++) {
        float hj = z[zo + j] * z[zc + j];
        h[s + j] = hj;
        out[o + j] = hj;
      }
    }
  }

  @Override
  public String kerasClass() {
    return "LSTMCell";
  }
}
