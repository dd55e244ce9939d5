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
  /** Units per run of a step that threads share: a run's columns are whole panels of the products. */
  static final int RUN = 32;

  private final int inputSize;
  private final int units;
  // Gate columns are stored in the order [i | f | o | c] (Keras: [i | f | c | o]), so that the
  // three recurrent-activation gates are contiguous, and interleaved by blocks of `block` units: a
  // block holds its units' four gates side by side, so that a range of columns covers whole units
  // (a thread computes a run's product and gates alone) and the gates of a block are read right
  // after its product. On the Vector API path a block is one vector of units and no unit is
  // padded: a last, partial block of r units holds its 4r gate columns as one run of ceil(4r/V)
  // vectors (zero-padded columns only up to that), which the kernels activate on whole vectors.
  // For the notebook's LSTM(20) on 16 lanes a step is then 80 columns, not 4 gates padded to 32
  // (128): 5 vectors of product and activations instead of 8 and 10.
  private final int block;                    // units per block
  private final int columns;                  // columns of a step: 4·units + the last block's padding
  private final PackedMatrix kernel;          // (in, columns), packed for the projection
  private final PackedMatrix recurrentKernel; // (u, columns), packed for the step
  private final float[] bias;                 // (columns) or null
  private final Activation activation;
  private final Activation recurrentActivation;
  // Keras' defaults (sigmoid gates, tanh cell), which Kernels.lstmBlocks computes.
  private final boolean defaults;
  private final boolean rowWise;

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
    this.rowWise = activation.isRowWise() || recurrentActivation.isRowWise();
    int lanes = Kernels.IMPL.lanes();
    this.block = rowWise ? units : lanes > 1 ? lanes : Math.min(RUN, units);
    int r = units % block;
    int step = rowWise ? 1 : lanes;
    this.columns = 4 * (units - r) + (4 * r + step - 1) / step * step;
    this.defaults = activation == Activation.TANH && recurrentActivation == Activation.SIGMOID;
    this.kernel = Kernels.pack(ifoc(kernel, inputSize), inputSize, columns);
    this.recurrentKernel = Kernels.pack(ifoc(recurrentKernel, units), units, columns);
    this.bias = bias == null ? null : ifoc(Checks.weight(name, "bias", bias, 4 * units), 1);
  }

  // Keras' [i | f | c | o] columns to blocks of [i | f | o | c] (see `block`).
  private float[] ifoc(float[] w, int rows) {
    final int u = units;
    final int[] keras = {0, 1, 3, 2}; // our gate g is Keras' gate keras[g]
    float[] r = new float[rows * columns];
    for (int i = 0; i < rows; i++) {
      for (int j0 = 0; j0 < u; j0 += block) {
        int w0 = Math.min(block, u - j0);
        for (int g = 0; g < 4; g++) {
          System.arraycopy(w, i * 4 * u + keras[g] * u + j0, r, i * columns + 4 * j0 + g * w0, w0);
        }
      }
    }
    return r;
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
    return columns;
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

  // Runs of RUN units (a whole number of blocks), for threads sharing a step.
  private int runs() {
    return rowWise ? 1 : (units + RUN - 1) / RUN;
  }

  // The first column of the run that starts at unit j (columns at the end).
  private int column(int j) {
    return j >= units ? columns : 4 * j;
  }

  @Override
  int parallelRuns() {
    return runs() > 1 ? runs() : 0;
  }

  @Override
  void stepRuns(int from, int to, float[] proj, int projOff, int projStride, float[][] prev, float[][] next,
                float[] out, int outOff, int outStride, int batch) {
    Kernels.IMPL.gemm(prev[0], 0, units, 0, batch, column(from * RUN), column(to * RUN), recurrentKernel, proj,
        projOff, projStride);
    gates(from, to, proj, projOff, projStride, prev[1], next[0], next[1], out, outOff, outStride, batch);
  }

  // Gates of runs [from, to) for every sequence: reads c from cIn, writes c to cOut (may be cIn)
  // and h to h and out.
  private void gates(int from, int to, float[] z, int zOff, int zStride, float[] cIn, float[] h, float[] cOut,
                     float[] out, int outOff, int outStride, int batch) {
    final int u = units;
    final int j1 = rowWise ? u : Math.min(u, to * RUN);
    final int j0 = rowWise ? 0 : from * RUN;
    if (cOut != cIn) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(cIn, b * u + j0, cOut, b * u + j0, j1 - j0);
      }
    }
    if (defaults) {
      Kernels.lstmBlocks(z, zOff, zStride, batch, u, block, j0, j1, cOut, h, out, outOff, outStride);
      return;
    }
    for (int b = 0; b < batch; b++) {
      final int s = b * u;
      final int zb = zOff + b * zStride;
      final int ob = outOff + b * outStride;
      for (int j = j0; j < j1; j += block) {
        final int w = Math.min(block, u - j);
        otherGates(z, zb + 4 * j, w, w, cOut, s + j, h, out, ob + j);
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
