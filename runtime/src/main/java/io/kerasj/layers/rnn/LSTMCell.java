package io.kerasj.layers.rnn;

import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import io.kerasj.internal.vectorization.VectorKernels;

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
  /** Units per run of interleaved gate columns: a run is four panels of the Vector API product. */
  static final int RUN = 32;

  private final int inputSize;
  private final int units;
  // Gate columns are stored in the order [i | f | o | c] (Keras: [i | f | c | o]), so that the
  // three recurrent-activation gates form one contiguous run, and interleaved by runs of RUN units
  // (Kernels.interleaveBlocks): a run of units has its four gates side by side, so that the
  // columns of a run are one range of the product and a thread can compute a run's product and
  // gates alone. Units are padded with zero columns to `padded` (a multiple of the kernels' vector
  // width): the activations then run on whole vectors with no scalar tail, which for small cells
  // (u = 20) costs more than the padding. Padded columns stay 0 through the step and are never read.
  private final int padded;
  private final int run;                      // units per run: RUN, or `padded` (one run)
  private final PackedMatrix kernel;          // (in, 4u), packed for the projection
  private final PackedMatrix recurrentKernel; // (u, 4u), packed for the step
  private final float[] bias;                 // (4u) or null
  private final Activation activation;
  private final Activation recurrentActivation;
  // Keras' defaults (sigmoid gates, tanh cell), which Kernels.lstmGates computes in one pass.
  private final boolean defaults;

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
    this.run = rowWise ? padded : Math.min(RUN, padded);
    this.defaults = activation == Activation.TANH && recurrentActivation == Activation.SIGMOID;
    this.kernel = Kernels.pack(ifoc(kernel, inputSize), inputSize, 4 * padded);
    this.recurrentKernel = Kernels.pack(ifoc(recurrentKernel, units), units, 4 * padded);
    this.bias = bias == null ? null : ifoc(Checks.weight(name, "bias", bias, 4 * units), 1);
  }

  // Keras' [i | f | c | o] columns to runs of [i | f | o | c], each gate padded.
  private float[] ifoc(float[] w, int rows) {
    return Kernels.interleaveBlocks(w, rows, units, padded, run, 0, 1, 3, 2);
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
    return 0;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] z, int zOff) {
    float[] h = states[0];
    float[] c = states[1];
    // The recurrent product is added to this step's projections in place: they are read only here.
    Kernels.gemm(h, 0, units, batch, recurrentKernel, proj, projOff, projStride);
    gates(0, runs(), proj, projOff, projStride, c, h, c, out, outOff, outStride, batch);
  }

  private int runs() {
    return (padded + run - 1) / run;
  }

  @Override
  int parallelRuns() {
    return runs() > 1 ? runs() : 0;
  }

  @Override
  void stepRuns(int from, int to, float[] proj, int projOff, int projStride, float[][] prev, float[][] next,
                float[] out, int outOff, int outStride, int batch) {
    int colFrom = 4 * from * run;
    int colTo = 4 * Math.min(padded, to * run);
    Kernels.IMPL.gemm(prev[0], 0, units, 0, batch, colFrom, colTo, recurrentKernel, proj, projOff, projStride);
    gates(from, to, proj, projOff, projStride, prev[1], next[0], next[1], out, outOff, outStride, batch);
  }

  // Gates of runs [from, to) for every sequence: reads c from cIn, writes c to cOut (may be cIn)
  // and h to h and out.
  private void gates(int from, int to, float[] z, int zOff, int zStride, float[] cIn, float[] h, float[] cOut,
                     float[] out, int outOff, int outStride, int batch) {
    final int u = units;
    for (int b = 0; b < batch; b++) {
      final int s = b * u;
      for (int q = from; q < to; q++) {
        final int j0 = q * run;
        final int w = Math.min(run, padded - j0);
        final int real = Math.min(w, u - j0);
        final int zq = zOff + b * zStride + 4 * j0;
        final int cq = s + j0;
        if (cOut != cIn) {
          System.arraycopy(cIn, cq, cOut, cq, real);
        }
        final int o = outOff + b * outStride + j0;
        if (defaults) {
          Kernels.lstmGates(z, zq, w, real, cOut, cq, h, cq, out, o);
        } else {
          otherGates(z, zq, w, real, cOut, cq, h, out, o);
        }
      }
    }
  }

  // lstmGates with the configured activations (one run of w units, `real` of them units).
  private void otherGates(float[] z, int zi, int w, int real, float[] c, int cq, float[] h, float[] out, int o) {
    if (recurrentActivation.isRowWise()) {
      // softmax-like activations normalize each gate on its own, as Keras applies them per gate.
      recurrentActivation.apply(z, zi, 3, w);
    } else {
      recurrentActivation.apply(z, zi, 1, 3 * w); // i, f, o in one run
    }
    activation.apply(z, zi + 3 * w, 1, w);
    VectorKernels.lstmCell(z, zi, w, real, c, cq);
    activation.apply(z, zi + 3 * w, 1, w);
    VectorKernels.lstmOutput(z, zi, w, real, h, cq, out, o);
  }

  @Override
  public String kerasClass() {
    return "LSTMCell";
  }
}
