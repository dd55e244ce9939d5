package io.kerasj.layers.rnn;

/**
 * One step of a recurrent cell, Keras' {@code *Cell} concept: it knows its state sizes and how to
 * advance a batch of sequences by one time step; the {@link RNN} layer owns the time loop.
 *
 * <p>The step is split in two so that the time loop does only recurrent work: {@link
 * #projectInputs} maps the inputs of all time steps at once (one matrix product, bias included),
 * and {@link #step} combines one step's projection with the previous states. A cell holds only
 * immutable weights; all mutable memory is the caller's ({@code states}, {@code scratch}), so one
 * cell serves many threads.
 *
 * <p>To compose a cell from others (as {@link LNSimpleRNNCell} does), delegate both methods and
 * reserve the inner cell's scratch inside your own.
 */
public abstract class RNNCell {
  /** Number of input features per time step. */
  public abstract int inputSize();

  /** Number of output features per time step. */
  public abstract int outputSize();

  /** Sizes of the state vectors, in Keras' order (LSTM: {@code [h, c]}). */
  public abstract int[] stateSizes();

  /** Trainable parameter count, as Keras counts it. */
  public abstract long trainableParams();

  /** Width of one time step's input projection. */
  public abstract int projectionSize();

  /**
   * Projects {@code rows} input rows: {@code proj[r] = f(x[r])}, where {@code x} rows have
   * {@link #inputSize()} values starting at {@code xOff} and {@code proj} rows {@link
   * #projectionSize()} values starting at {@code projOff}.
   */
  public abstract void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff);

  /** Floats of scratch memory {@link #step} needs for a batch of {@code batch} sequences. */
  public abstract int scratchSize(int batch);

  /**
   * Advances {@code batch} sequences by one step.
   *
   * @param proj projections; sequence {@code b}'s row at {@code projOff + b * projStride}
   * @param states one array per state, {@code batch × stateSizes()[i]}, read and updated in place
   * @param out outputs; sequence {@code b}'s row ({@link #outputSize()} values) written at
   *     {@code outOff + b * outStride}
   * @param scratch at least {@link #scratchSize(int)} floats from {@code scratchOff}
   */
  public abstract void step(float[] proj, int projOff, int projStride, float[][] states,
                            float[] out, int outOff, int outStride, int batch,
                            float[] scratch, int scratchOff);

  /** The Keras class name of the cell, e.g. {@code "LSTMCell"}. */
  public abstract String kerasClass();

  /**
   * Into how many runs of units {@link #stepRuns} can cut a step of this cell, or 0 if it cannot.
   * Each run is computed alone (its columns of the recurrent product, then its gates), so the
   * threads of {@link RNN} can share a large step with one hand-over and no serial part.
   */
  int parallelRuns() {
    return 0;
  }

  /**
   * The part of {@link #step} for runs {@code [from, to)} of {@link #parallelRuns()}: reads the
   * states from {@code prev} and writes this run's part of them to {@code next} (another thread
   * may still be reading {@code prev} for its own runs); the projections of this step are
   * overwritten. Outputs as {@link #step}.
   */
  void stepRuns(int from, int to, float[] proj, int projOff, int projStride, float[][] prev, float[][] next,
                float[] out, int outOff, int outStride, int batch) {
    throw new UnsupportedOperationException(kerasClass() + " cannot cut a step into runs of units");
  }
}
