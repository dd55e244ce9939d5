package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.Activation;
import io.kerasj.layers.Dense;
import io.kerasj.layers.LSTMCell;
import io.kerasj.layers.RNN;
import io.kerasj.layers.TimeDistributed;
import java.util.List;
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

/**
 * {@link Model#predict(Tensor)} on the notebook's model, {@code LSTM(20) → LSTM(20) →
 * TimeDistributed(Dense(10))} with return_sequences, built from runtime classes with seeded random
 * weights so the benchmark does not depend on the loader or on fixture files.
 *
 * <p>The score includes the per-call allocation {@code predict} does, since that is what a caller
 * pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LSTMModelBenchmark {
  /** Sequences per call. */
  @Param({"1"})
  public int batch;

  /** Time steps per sequence. */
  @Param({"100"})
  public int steps;

  private Model model;
  private Tensor x;

  /** Builds the model and a seeded random input. */
  @Setup
  public void setup() {
    Random rnd = new Random(42);
    model = notebookModel(rnd);
    x = Tensor.of(Weights.uniform(rnd, batch * steps, 1), batch, steps, 1);
  }

  /** Runs the whole model; the returned tensor is consumed by JMH. */
  @Benchmark
  public Tensor predict() {
    return model.predict(x);
  }

  /** The notebook's architecture with random weights (5,250 parameters). */
  static Model notebookModel(Random rnd) {
    RNN lstm = new RNN("lstm", "LSTM", lstmCell(rnd, "lstm", 1, 20), true, false, false);
    RNN lstm1 = new RNN("lstm_1", "LSTM", lstmCell(rnd, "lstm_1", 20, 20), true, false, false);
    Dense dense = new Dense("dense", 20, 10, Weights.uniform(rnd, 20 * 10, 30), Weights.uniform(rnd, 10, 30),
        Activation.LINEAR);
    return new Model("sequential", new int[] {-1, -1, 1},
        List.of(lstm, lstm1, new TimeDistributed("time_distributed", dense)));
  }

  private static LSTMCell lstmCell(Random rnd, String name, int in, int units) {
    return new LSTMCell(name, in, units,
        Weights.uniform(rnd, in * 4 * units, in + units),
        Weights.uniform(rnd, units * 4 * units, 2 * units),
        Weights.uniform(rnd, 4 * units, 4 * units),
        Activation.TANH, Activation.SIGMOID);
  }
}
