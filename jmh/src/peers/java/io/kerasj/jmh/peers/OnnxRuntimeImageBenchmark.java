package io.kerasj.jmh.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
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

/**
 * ONNX Runtime Java on the image models of {@code io.kerasj.jmh.ImageModelBenchmark}, exported by
 * {@code jmh/peers/images.py export} (Keras 3 {@code model.export(format="onnx")}) to {@code
 * <kerasj.bench.work>/images/<model>.onnx}, on the same {@code .npy} inputs; built only with
 * {@code -Ppeers}. Default session options (all graph optimizations, ORT's intra-op thread count
 * from the machine), input tensor created once, results closed each call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnnxRuntimeImageBenchmark {
  /** {@code model:batch}, as in ImageModelBenchmark. */
  @Param({"MobileNetV2:1", "MobileNetV2:8", "ResNet50:1", "ResNet50:8"})
  public String bench;

  private OrtEnvironment env;
  private OrtSession session;
  private OnnxTensor input;
  private String inputName;

  /** Opens the session and builds the input tensor. */
  @Setup
  public void setup() throws OrtException, IOException {
    String[] p = bench.split(":");
    Path dir = Path.of(System.getProperty("kerasj.bench.work", "jmh/target/bench-work")).resolve("images");
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(dir.resolve(p[0] + ".onnx").toString(), new OrtSession.SessionOptions());
    inputName = session.getInputNames().iterator().next();
    Tensor x = Npy.read(dir.resolve(p[0] + "_b" + p[1] + ".npy"));
    long[] shape = new long[x.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = x.dim(i);
    }
    input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
  }

  /** One inference; the first output's first value is returned so it is not dead code. */
  @Benchmark
  public float predict() throws OrtException {
    try (OrtSession.Result r = session.run(Map.of(inputName, input))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** Closes native resources. */
  @TearDown
  public void close() throws OrtException {
    input.close();
    session.close();
  }
}
