package io.kerasj.jmh;

import io.kerasj.layers.normalization.LayerNormalization;
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
 * {@link LayerNormalization#normalize} alone, in place on {@code batch} rows of {@code units}, the
 * call the LN-SimpleRNN cell makes once per step. The rows are reloaded from a copy each time so
 * every invocation normalizes the same data.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LayerNormBenchmark {
  /** Normalized size. */
  @Param({"20", "128", "512"})
  public int units;

  /** Rows. */
  @Param({"1", "32"})
  public int batch;

  private LayerNormalization ln;
  private float[] src;
  private float[] a;

  /** Seeded gamma, beta and rows. */
  @Setup
  public void setup() {
    Random rnd = new Random(42);
    ln = new LayerNormalization("ln", Weights.around(rnd, units, 1f, 0.2f), Weights.around(rnd, units, 0f, 0.2f));
    src = Weights.uniform(rnd, batch * units, 1);
    a = new float[src.length];
  }

  /** Copies the rows in and normalizes them. */
  @Benchmark
  public void normalize(Blackhole bh) {
    System.arraycopy(src, 0, a, 0, a.length);
    ln.normalize(a, 0, batch);
    bh.consume(a);
  }
}
