package io.kerasj.jmh;

import io.kerasj.activations.Activation;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.rnn.GRUCell;
import io.kerasj.layers.rnn.LNSimpleRNNCell;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNNCell;
import io.kerasj.layers.rnn.SimpleRNNCell;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One time step of a recurrent cell through its public API, as the RNN driver runs it: the input
 * projection of that step's rows ({@code projectInputs}) followed by {@code step}. With 1 input
 * feature the step is all recurrent work; with 128 the projection is a large part of it.
 *
 * <p>Multiply-adds per op: {@code batch · gates · units · (input + units)} (gates: SimpleRNN and
 * LN-SimpleRNN 1, GRU 3, LSTM 4); the report turns them into GFLOP/s. States are not reset between
 * invocations, so they evolve as in a long sequence. {@code -prof gc} should show ≈0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CellStepBenchmark {
  /** simple_rnn, ln_simple_rnn, lstm, gru (reset_after=True), gru_reset_before (reset_after=False). */
  @Param({"simple_rnn", "ln_simple_rnn", "lstm", "gru", "gru_reset_before"})
  public String cell;

  /** Hidden size. */
  @Param({"20", "128", "512"})
  public int units;

  /** Input features per step. */
  @Param({"1", "128"})
  public int input;

  /** Sequences advanced together. */
  @Param({"1", "32"})
  public int batch;

  private RNNCell rnnCell;
  private float[] x;
  private float[] proj;
  private float[][] states;
  private float[] out;
  private float[] scratch;

  /** Builds the cell from seeded random weights. */
  @Setup
  public void setup() {
    Random rnd = new Random(42);
    rnnCell = build(cell, input, units, rnd);
    x = Weights.uniform(rnd, batch * input, 1);
    proj = new float[batch * rnnCell.projectionSize()];
    int[] sizes = rnnCell.stateSizes();
    states = new float[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      states[i] = new float[batch * sizes[i]];
    }
    out = new float[batch * rnnCell.outputSize()];
    scratch = new float[rnnCell.scratchSize(batch)];
  }

  /** Projects one step's inputs and advances the batch by one step. */
  @Benchmark
  public void step(Blackhole bh) {
    rnnCell.projectInputs(x, 0, batch, proj, 0);
    int p = rnnCell.projectionSize();
    rnnCell.step(proj, 0, p, states, out, 0, rnnCell.outputSize(), batch, scratch, 0);
    bh.consume(out);
  }

  static RNNCell build(String cell, int in, int u, Random rnd) {
    switch (cell) {
      case "simple_rnn":
        return simple(in, u, rnd, Activation.TANH);
      case "ln_simple_rnn":
        return new LNSimpleRNNCell(simple(in, u, rnd, Activation.LINEAR),
            new LayerNormalization("ln", Weights.around(rnd, u, 1f, 0.2f), Weights.around(rnd, u, 0f, 0.2f)),
            Activation.TANH);
      case "lstm":
        return new LSTMCell("lstm", in, u, Weights.uniform(rnd, in * 4 * u, in + 4 * u),
            Weights.uniform(rnd, u * 4 * u, 5 * u), Weights.around(rnd, 4 * u, 0f, 0.3f),
            Activation.TANH, Activation.SIGMOID);
      case "gru":
        return new GRUCell("gru", in, u, Weights.uniform(rnd, in * 3 * u, in + 3 * u),
            Weights.uniform(rnd, u * 3 * u, 4 * u), Weights.around(rnd, 6 * u, 0f, 0.3f), true,
            Activation.TANH, Activation.SIGMOID);
      case "gru_reset_before":
        return new GRUCell("gru", in, u, Weights.uniform(rnd, in * 3 * u, in + 3 * u),
            Weights.uniform(rnd, u * 3 * u, 4 * u), Weights.around(rnd, 3 * u, 0f, 0.3f), false,
            Activation.TANH, Activation.SIGMOID);
      default:
        throw new IllegalArgumentException(cell);
    }
  }

  private static SimpleRNNCell simple(int in, int u, Random rnd, Activation act) {
    return new SimpleRNNCell("simple_rnn", in, u, Weights.uniform(rnd, in * u, in + u),
        Weights.uniform(rnd, u * u, 2 * u), Weights.around(rnd, u, 0f, 0.3f), act);
  }
}
