package io.kerasj.layers.rnn;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

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
  // Gate columns are stored in the order [i | f | o | c] (Keras: [i | f | c | o]), so that the
  // three recurrent-activation gates form one contiguous run per row, and each gate block is
  // padded with zero columns to `padded` (a multiple of the kernels' vector width): the
  // activations then run on whole vectors with no scalar tail, which for small cells (u = 20)
  // costs more than the padding. Padded columns stay 0 through the step and are never read.
  private final int padded;
  private final PackedMatrix kernel;          // (in, 4u), packed for the projection
  private final PackedMatrix recurrentKernel; // (u, 4u), packed for the step
  private final float[] bias;                 // (4u) or null
  private final Activation activation;
  private final Activation recurrentActivation;

  /** @param bias {@code null} for {@code use_bias=False} */
  public LSTMCell(String name, int inputSize, int units, float[] kernel, float[] recurrentKernel, float[] bias,
                  Activation activation, Activation recurrentActivation) {
    Checks.positive(name, "input size", inputSize);
    Checks.positive(name, "units", units);
    this.inputSize = inputSize;
    this.units = units;
    Checks.weight(name, "kernel", kernel, inputSize, 4 * units);
    Checks.weight(name, "recurrent_kernel", recurrentKernel, units, 4 * units);
    this.activation = Checks.sameWidth(name, "activation", activation);
    this.recurrentActivation = Checks.sameWidth(name, "recurrent_activation", recurrentActivation);
    // Row-wise (softmax-like) activations normalize a gate block, so they must see exactly u values.
    boolean rowWise = activation.isRowWise() || recurrentActivation.isRowWise();
    this.padded = rowWise ? units : Kernels.padUnits(units);
    this.kernel = Kernels.pack(ifoc(kernel, inputSize, units, padded), inputSize, 4 * padded);
    this.recurrentKernel = Kernels.pack(ifoc(recurrentKernel, units, units, padded), units, 4 * padded);
    this.bias = bias == null ? null : ifoc(Checks.weight(name, "bias", bias, 4 * units), 1, units, padded);
  }

  // Keras' [i | f | c | o] columns to [i | f | o | c], each block padded to `up` columns.
  private static float[] ifoc(float[] w, int rows, int u, int up) {
    return Kernels.padBlocks(w, rows, u, up, 0, 1, 3, 2);
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
    return 4 * padded;
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    Kernels.affine(x, xOff, rows, kernel, bias, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return batch * 4 * padded;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] z, int zOff) {
    final int u = units;
    final int up = padded;
    final int g4 = 4 * up;
    float[] h = states[0];
    float[] c = states[1];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(proj, projOff + b * projStride, z, zOff + b * g4, g4);
    }
    Kernels.gemm(h, 0, u, batch, recurrentKernel, z, zOff, g4);
    for (int b = 0; b < batch; b++) {
      int zi = zOff + b * g4;
      int zf = zi + up;
      int zo = zf + up;
      int zg = zo + up;
      if (recurrentActivation.isRowWise()) {
        // softmax-like activations normalize each gate on its own, as Keras applies them per gate.
        recurrentActivation.apply(z, zi, 3, u);
      } else {
        recurrentActivation.apply(z, zi, 1, 3 * up); // i, f, o in one run
      }
      activation.apply(z, zg, 1, up);
      int s = b * u;
      for (int j = 0; j < u; j++) {
        float cj = z[zf + j] * c[s + j] + z[zi + j] * z[zg + j];
        c[s + j] = cj;
        z[zg + j] = cj;
      }
      activation.apply(z, zg, 1, up);
      int o = outOff + b * outStride;
      for (int j = 0; j < u; j++) {
        float hj = z[zo + j] * z[zg + j];
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
