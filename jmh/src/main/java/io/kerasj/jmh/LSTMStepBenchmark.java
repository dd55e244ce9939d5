package io.kerasj.jmh;

import io.kerasj.layers.Activation;
import io.kerasj.layers.LSTMCell;
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
 * One recurrent time step of {@link LSTMCell}: the work the {@code RNN} time loop repeats per step
 * once the inputs of all steps have been projected. Input projection is done once in setup, as the
 * {@code RNN} layer does it outside the loop, so the score is the sequential cost per step.
 *
 * <p>The states are not reset between invocations: they evolve like a long sequence would, which
 * keeps the activations in their realistic range instead of re-measuring a zero state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LSTMStepBenchmark {
  /** Hidden size: 20 is the notebook's model, 128 a typical larger one. */
  @Param({"20", "128"})
  public int units;

  /** Sequences advanced together. */
  @Param({"1", "32"})
  public int batch;

  /** Input features per step, as in the notebook's model. */
  @Param({"1"})
  public int input;

  private LSTMCell cell;
  private float[] proj;
  private float[][] states;
  private float[] out;
  private float[] scratch;

  /** Builds the cell from seeded random weights and projects one step's input. */
  @Setup
  public void setup() {
    Random rnd = new Random(42);
    cell = new LSTMCell("lstm", input, units,
        Weights.uniform(rnd, input * 4 * units, input + units),
        Weights.uniform(rnd, units * 4 * units, 2 * units),
        Weights.uniform(rnd, 4 * units, 4 * units),
        Activation.TANH, Activation.SIGMOID);
    float[] x = Weights.uniform(rnd, batch * input, 1);
    proj = new float[batch * cell.projectionSize()];
    cell.projectInputs(x, 0, batch, proj, 0);
    states = new float[][] {new float[batch * units], new float[batch * units]};
    out = new float[batch * units];
    scratch = new float[cell.scratchSize(batch)];
  }

  /** Advances the batch by one step; the output row is handed to the blackhole. */
  @Benchmark
  public void step(Blackhole bh) {
    cell.step(proj, 0, cell.projectionSize(), states, out, 0, units, batch, scratch, 0);
    bh.consume(out);
  }
}
