package io.kerasj.jmh.peers;

import io.kerasj.Tensor;
import io.kerasj.jmh.PeerCheck;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow Java ({@code org.tensorflow:tensorflow-core-api}) on the SavedModel of the same Keras
 * model ({@code <kerasj.bench.work>/savedmodel/<model>/}, written by {@code jmh/peers/export_peers.py}
 * with Keras 3 {@code model.export}) and the same {@code .npy} inputs as {@code ModelBenchmark};
 * built only with {@code -Ppeers-tfjava}. One call of the {@code serving_default} signature per op,
 * input tensor created once, result closed each call; default session options (TensorFlow picks its
 * thread pools from the machine). The setup checks the output against Keras'.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TensorFlowJavaBenchmark {
  /** {@code model:batch:steps}, as in ModelBenchmark. */
  @Param({"ln_rnn:1:100", "ln_rnn:1:1000", "ln_rnn:32:100", "lstm:1:100", "lstm:1:1000", "lstm:32:100",
      "gru:1:100", "gru:1:1000", "gru:32:100", "lstm512:32:100"})
  public String bench;

  private SavedModelBundle bundle;
  private SessionFunction fn;
  private TFloat32 input;
  private String inputName;
  private String outputName;
  private long[] first;

  /** Loads the SavedModel, builds the input tensor and checks one call against Keras. */
  @Setup
  public void setup() {
    try {
      String model = bench.split(":")[0];
      bundle = SavedModelBundle.load(PeerCheck.work().resolve("savedmodel").resolve(model).toString(), "serve");
      fn = bundle.function("serving_default");
      inputName = fn.signature().inputNames().iterator().next();
      outputName = fn.signature().outputNames().iterator().next();
      Tensor x = PeerCheck.input(bench);
      long[] shape = new long[x.rank()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = x.dim(i);
      }
      input = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(x.data(), true, false));
      try (Result r = fn.call(Map.of(inputName, input))) {
        TFloat32 y = (TFloat32) r.get(outputName).orElseThrow();
        float[] got = new float[(int) y.size()];
        y.copyTo(DataBuffers.of(got, false, false));
        PeerCheck.check("tfjava", bench, got, y.shape().asArray());
        first = new long[y.rank()];
      }
    } catch (RuntimeException | Error e) {
      PeerCheck.refused("tfjava", bench, e);
      throw e;
    }
  }

  /** One inference; one element of the output is returned so it is not dead code. */
  @Benchmark
  public float predict() {
    try (Result r = fn.call(Map.of(inputName, input))) {
      return ((TFloat32) r.get(0)).getFloat(first);
    }
  }

  /** Closes native resources. */
  @TearDown
  public void close() {
    if (input != null) {
      input.close();
    }
    if (bundle != null) {
      bundle.close();
    }
  }
}
