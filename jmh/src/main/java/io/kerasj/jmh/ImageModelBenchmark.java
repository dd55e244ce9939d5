package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.file.Path;
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
 * {@link Model#predict(Tensor)} on keras.applications MobileNetV2 and ResNet50 at 224×224 (issue
 * 12), loaded from the {@code .keras} files that {@code jmh/peers/images.py export} writes to
 * {@code <kerasj.bench.work>/images/}, on the same {@code .npy} inputs as the ONNX Runtime and
 * TensorFlow rows of {@code jmh/peers/run-images.sh}. The case string is {@code model:batch}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ImageModelBenchmark {
  /** {@code model:batch}. */
  @Param({"MobileNetV2:1", "MobileNetV2:8", "ResNet50:1", "ResNet50:8"})
  public String bench;

  private Model model;
  private Tensor x;

  /** Loads the model and its input. */
  @Setup
  public void setup() throws IOException {
    String[] p = bench.split(":");
    Path dir = Bench.work().resolve("images");
    model = KerasModels.load(dir.resolve(p[0] + ".keras"));
    x = Npy.read(dir.resolve(p[0] + "_b" + p[1] + ".npy"));
  }

  /** Runs the whole model; the returned tensor is consumed by JMH. */
  @Benchmark
  public Tensor predict() {
    return model.predict(x);
  }
}
