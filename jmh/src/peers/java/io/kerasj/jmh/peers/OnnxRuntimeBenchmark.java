package io.kerasj.jmh.peers;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
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
 * ONNX Runtime Java on the same models (exported by {@code jmh/peers/export_onnx.py} to
 * {@code <kerasj.bench.work>/onnx/<model>.onnx}) and the same {@code .npy} inputs as {@code
 * io.kerasj.jmh.ModelBenchmark}; built only with {@code -Ppeers}. One {@code session.run} per op,
 * input tensors created once (one per model input, ids as the integer type the export declares), results closed each call; default session options (ORT picks its
 * intra-op thread count from the machine, unless {@code -Dkerasj.ort.threads} sets it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OnnxRuntimeBenchmark {
  /** {@code model:batch:steps}, as in ModelBenchmark. */
  @Param({"ln_rnn:1:100", "ln_rnn:1:1000", "ln_rnn:32:100", "lstm:1:100", "lstm:1:1000", "lstm:32:100",
      "gru:1:100", "gru:1:1000", "gru:32:100", "lstm512:32:100"})
  public String bench;

  private OrtEnvironment env;
  private OrtSession session;
  private Map<String, OnnxTensor> inputs;

  /** Opens the session and builds the input tensor. */
  @Setup
  public void setup() throws OrtException, IOException {
    String[] p = bench.split(":");
    Path work = Path.of(System.getProperty("kerasj.bench.work", "jmh/target/bench-work"));
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    // -Dkerasj.ort.threads=N: N intra-op threads (to compare one thread with -Dkerasj.threads=1 on a
    // loaded machine, where ORT's spinning pool of the default size measures the load).
    Integer threads = Integer.getInteger("kerasj.ort.threads");
    if (threads != null) {
      options.setIntraOpNumThreads(threads);
    }
    session = env.createSession(work.resolve("onnx").resolve(p[0] + ".onnx").toString(), options);
    // The export's inputs in order (Keras' input order), each of the element type it declares:
    // token ids arrive as int32, everything else as float.
    inputs = new java.util.LinkedHashMap<>();
    String file = p[0] + "_b" + p[1] + "_t" + p[2];
    int i = 0;
    for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
      Path npy = work.resolve("inputs").resolve(file + "_" + i + ".npy");
      Tensor x = Npy.read(java.nio.file.Files.exists(npy) ? npy : work.resolve("inputs").resolve(file + ".npy"));
      long[] shape = new long[x.rank()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = x.dim(d);
      }
      OnnxJavaType type = ((TensorInfo) e.getValue().getInfo()).type;
      if (type == OnnxJavaType.INT32 || type == OnnxJavaType.INT64) {
        float[] f = x.data();
        inputs.put(e.getKey(), type == OnnxJavaType.INT32
            ? OnnxTensor.createTensor(env, IntBuffer.wrap(toInts(f)), shape)
            : OnnxTensor.createTensor(env, LongBuffer.wrap(java.util.Arrays.stream(toInts(f)).asLongStream().toArray()),
                shape));
      } else {
        inputs.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape));
      }
      i++;
    }
  }

  private static int[] toInts(float[] f) {
    int[] r = new int[f.length];
    for (int k = 0; k < f.length; k++) {
      r[k] = (int) f[k];
    }
    return r;
  }

  /** One inference; the first output's buffer is returned so it is not dead code. */
  @Benchmark
  public float predict() throws OrtException {
    try (OrtSession.Result r = session.run(inputs)) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** Closes native resources. */
  @TearDown
  public void close() throws OrtException {
    for (OnnxTensor t : inputs.values()) {
      t.close();
    }
    session.close();
  }
}
