package io.kerasj.layers.rnn;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

/**
 * Keras {@code GRUCell}, gate blocks {@code [z | r | h]} in {@code kernel (in, 3u)} and
 * {@code recurrent_kernel (u, 3u)}. Note that {@code z} weights the <em>previous</em> state:
 * {@code h = z ⊙ h_prev + (1 − z) ⊙ ĥ}.
 *
 * <ul>
 *   <li>{@code reset_after=True} (TF2 and Keras 3 default), bias {@code (2, 3u)}: input bias and
 *       recurrent bias; {@code ĥ = a(x_h + r ⊙ (h·R_h + b_rh))}.
 *   <li>{@code reset_after=False}, bias {@code (3u)} on the input side only;
 *       {@code ĥ = a(x_h + (r ⊙ h)·R_h)}.
 * </ul>
 */
public final class GRUCell extends RNNCell {
  private final int inputSize;
  private final int units;
  // Each gate block [z | r | h] padded with zero columns to `padded` (a multiple of the vector
  // width) so that the activations run on whole vectors; padded columns are never read back.
  private final int padded;
  private final boolean resetAfter;
  private final PackedMatrix kernel;    // (in, 3u), packed for the projection
  private final float[] inputBias;      // (3u) or null
  private final float[] recurrentBias;  // (3u) or null; reset_after only
  private final PackedMatrix recurrentFull; // (u, 3u); reset_after only
  private final PackedMatrix recurrentZR;   // (u, 2u); reset_after=False: the gate product
  private final PackedMatrix recurrentH;    // (u, u);  reset_after=False: applied to r ⊙ h
  private final Activation activation;
  private final Activation recurrentActivation;

  /**
   * @param bias {@code (2·3u)} when {@code resetAfter} (input row, then recurrent row), {@code (3u)}
   *     otherwise, or {@code null} for {@code use_bias=False}
   */
  public GRUCell(String name, int inputSize, int units, float[] kernel, float[] recurrentKernel, float[] bias,
                 boolean resetAfter, Activation activation, Activation recurrentActivation) {
    Checks.positive(name, "input size", inputSize);
    Checks.positive(name, "units", units);
    this.inputSize = inputSize;
    this.units = units;
    this.resetAfter = resetAfter;
    this.activation = Checks.sameWidth(name, "activation", activation);
    this.recurrentActivation = Checks.sameWidth(name, "recurrent_activation", recurrentActivation);
    // Row-wise (softmax-like) activations normalize a gate block, so they must see exactly u values.
    final int up = activation.isRowWise() || recurrentActivation.isRowWise() ? units : Kernels.padUnits(units);
    this.padded = up;
    int g3 = 3 * units;
    Checks.weight(name, "kernel", kernel, inputSize, g3);
    this.kernel = Kernels.pack(pad(kernel, inputSize, units, up), inputSize, 3 * up);
    Checks.weight(name, "recurrent_kernel", recurrentKernel, units, g3);
    if (bias == null) {
      inputBias = null;
      recurrentBias = null;
    } else if (resetAfter) {
      Checks.weight(name, "bias", bias, 2, g3);
      inputBias = pad(java.util.Arrays.copyOfRange(bias, 0, g3), 1, units, up);
      recurrentBias = pad(java.util.Arrays.copyOfRange(bias, g3, 2 * g3), 1, units, up);
    } else {
      inputBias = pad(Checks.weight(name, "bias", bias, g3), 1, units, up);
      recurrentBias = null;
    }
    float[] rk = pad(recurrentKernel, units, units, up);
    if (resetAfter) {
      recurrentFull = Kernels.pack(rk, units, 3 * up);
      recurrentZR = null;
      recurrentH = null;
    } else {
      recurrentFull = null;
      float[] zr = new float[units * 2 * up];
      float[] hh = new float[units * up];
      for (int k = 0; k < units; k++) {
        System.arraycopy(rk, k * 3 * up, zr, k * 2 * up, 2 * up);
        System.arraycopy(rk, k * 3 * up + 2 * up, hh, k * up, up);
      }
      recurrentZR = Kernels.pack(zr, units, 2 * up);
      recurrentH = Kernels.pack(hh, units, up);
    }
  }

  // [z | r | h] blocks, each padded to up columns.
  private static float[] pad(float[] w, int rows, int u, int up) {
    return Kernels.padBlocks(w, rows, u, up, 0, 1, 2);
  }

  /** The number of units. */
  public int units() {
    return units;
  }

  /** Whether the reset gate is applied after the recurrent product. */
  public boolean resetAfter() {
    return resetAfter;
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
    long biasCount = inputBias == null ? 0 : (resetAfter ? 6L * units : 3L * units);
    return 3L * units * (inputSize + units) + biasCount;
  }

  @Override
  public int projectionSize() {
    return 3 * padded;
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    Kernels.affine(x, xOff, rows, kernel, inputBias, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return batch * 4 * padded;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] s, int sOff) {
    final int u = units;
    final int up = padded;
    float[] h = states[0];
    // Recurrent gate pre-activations, one row of width w per sequence.
    final int w = resetAfter ? 3 * up : 2 * up;
    if (resetAfter) {
      Kernels.fillRows(s, sOff, batch, w, recurrentBias);
      Kernels.gemm(h, 0, u, batch, recurrentFull, s, sOff, w);
    } else {
      java.util.Arrays.fill(s, sOff, sOff + batch * w, 0f);
      Kernels.gemm(h, 0, u, batch, recurrentZR, s, sOff, w);
    }
    for (int b = 0; b < batch; b++) {
      int p = projOff + b * projStride;
      int r = sOff + b * w;
      for (int j = 0; j < 2 * up; j++) {
        s[r + j] += proj[p + j];
      }
      // z and r in one run; softmax-like activations normalize each gate on its own, as Keras does.
      recurrentActivation.apply(s, r, recurrentActivation.isRowWise() ? 2 : 1, recurrentActivation.isRowWise() ? u : 2 * up);
    }
    // ĥ goes to the last batch·up floats of scratch.
    final int hh = sOff + batch * 3 * up;
    if (resetAfter) {
      for (int b = 0; b < batch; b++) {
        int p = projOff + b * projStride + 2 * up;
        int r = sOff + b * w;
        for (int j = 0; j < up; j++) {
          s[hh + b * up + j] = proj[p + j] + s[r + up + j] * s[r + 2 * up + j];
        }
      }
    } else {
      // r ⊙ h is staged in the third block of scratch (unused in this mode), then multiplied by R_h.
      final int rh = sOff + batch * 2 * up;
      for (int b = 0; b < batch; b++) {
        int r = sOff + b * w;
        for (int j = 0; j < u; j++) {
          s[rh + b * u + j] = s[r + up + j] * h[b * u + j];
        }
      }
      java.util.Arrays.fill(s, hh, hh + batch * up, 0f);
      Kernels.gemm(s, rh, u, batch, recurrentH, s, hh, up);
      for (int b = 0; b < batch; b++) {
        int p = projOff + b * projStride + 2 * up;
        for (int j = 0; j < up; j++) {
          s[hh + b * up + j] += proj[p + j];
        }
      }
    }
    if (activation.isRowWise()) {
      activation.apply(s, hh, batch, u); // up == u here
    } else {
      activation.apply(s, hh, 1, batch * up);
    }
    for (int b = 0; b < batch; b++) {
      int zr = sOff + b * w;
      int o = outOff + b * outStride;
      for (int j = 0; j < u; j++) {
        float z = s[zr + j];
        float hj = z * h[b * u + j] + (1f - z) * s[hh + b * up + j];
        h[b * u + j] = hj;
        out[o + j] = hj;
      }
    }
  }

  @Override
  public String kerasClass() {
    return "GRUCell";
  }
}
