package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
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
 * {@link Model#predict(Tensor)} on the notebook's models loaded from their {@code .keras} fixtures
 * ({@code ln_rnn}, {@code lstm}, {@code gru}: two 20-unit recurrent layers and a
 * {@code TimeDistributed(Dense(10))}) and on {@code lstm512} (one LSTM(512) over 128 features),
 * with the inputs {@link Bench} resolves; and on the attention models of {@code jmh/peers/models.py}
 * ({@code transformer:1:128}, {@code transformer:16:128}, {@code encdec:1:50}, not in the defaults
 * since they need the work directory). The case string is {@code model:batch:steps}.
 *
 * <p>The score includes every allocation predict makes (outputs, projection buffers), since that
 * is what a caller pays; {@code -prof gc} reports it per call. {@link #predictInto} writes into an
 * output tensor kept across calls ({@link Model#predict(Tensor, Tensor)}): its allocation per call
 * should not depend on the number of steps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ModelBenchmark {
  /** {@code model:batch:steps}. */
  @Param({"ln_rnn:1:100", "ln_rnn:1:1000", "ln_rnn:32:100", "lstm:1:100", "lstm:1:1000", "lstm:32:100",
      "gru:1:100", "gru:1:1000", "gru:32:100", "lstm512:32:100"})
  public String bench;

  private Model model;
  private Tensor x;
  private Tensor[] xs;
  private Tensor out;

  /** Loads the model and its input. */
  @Setup
  public void setup() {
    String[] p = bench.split(":");
    model = Bench.model(p[0]);
    xs = Bench.inputs(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    x = xs[0];
    out = xs.length == 1 ? Tensor.zeros(model.predict(x).shape()) : null;
  }

  /** Runs the whole model (all its inputs); the returned tensor is consumed by JMH. */
  @Benchmark
  public Tensor predict() {
    return xs.length == 1 ? model.predict(x) : model.predictAll(xs).get(0);
  }

  /** Runs the whole model into a caller-owned output tensor reused across calls (single-input models). */
  @Benchmark
  public Tensor predictInto() {
    return out != null ? model.predict(x, out) : model.predictAll(xs).get(0);
  }
}
