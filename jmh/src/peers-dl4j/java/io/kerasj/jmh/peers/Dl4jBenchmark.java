package io.kerasj.jmh.peers;

import io.kerasj.Tensor;
import io.kerasj.jmh.PeerCheck;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * Deeplearning4j's Keras import ({@code KerasModelImport.importKerasSequentialModelAndWeights}) on
 * the Keras 2 {@code .h5} of the same model ({@code <kerasj.bench.work>/h5/<model>.h5}: the fixture's
 * {@code k2_full.h5}, or for {@code lstm512} the one {@code jmh/peers/export_peers.py} writes) and the
 * same {@code .npy} inputs as {@code ModelBenchmark}; built only with {@code -Ppeers-dl4j}. One
 * {@code MultiLayerNetwork.output} per op, input array created once; nd4j-native's defaults (OpenMP
 * threads = cores). The setup checks the output against Keras', and records the exact error of a
 * model DL4J refuses to import. The {@code .h5} has its recurrent initialiser rewritten from
 * Orthogonal to GlorotUniform (weights untouched; see {@code export_peers.py}): DL4J initialises the
 * layers before copying the Keras weights, and its orthogonal initialiser crashes the JVM here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Dl4jBenchmark {
  /** {@code model:batch:steps}, as in ModelBenchmark. */
  @Param({"ln_rnn:1:100", "ln_rnn:1:1000", "ln_rnn:32:100", "lstm:1:100", "lstm:1:1000", "lstm:32:100",
      "gru:1:100", "gru:1:1000", "gru:32:100", "lstm512:32:100"})
  public String bench;

  private MultiLayerNetwork net;
  private INDArray input;

  /** Imports the model, builds the input array and checks one call against Keras. */
  @Setup
  public void setup() throws Exception {
    try {
      String model = bench.split(":")[0];
      net = KerasModelImport.importKerasSequentialModelAndWeights(
          PeerCheck.work().resolve("h5").resolve(model + ".h5").toString(), false);
      Tensor x = PeerCheck.input(bench);
      // Keras' (batch, steps, features) layout; the imported recurrent layers are NWC.
      input = Nd4j.create(x.data(), new long[] {x.dim(0), x.dim(1), x.dim(2)}, 'c');
      INDArray y = net.output(input, false);
      long[] want = PeerCheck.expectedShape(bench);
      if (y.rank() == 2 && want.length == 3 && y.size(0) == want[0] * want[1]) {
        // TimeDistributed(Dense) imports as RnnToFeedForwardPreProcessor + DenseLayer, whose output
        // is (steps·batch, units) with row = step·batch + item: back to Keras' (batch, steps, units).
        y = y.reshape('c', want[1], want[0], want[2]).permute(1, 0, 2);
      }
      y = y.dup('c');
      PeerCheck.check("dl4j", bench, y.data().asFloat(), y.shape());
    } catch (Exception | Error e) {
      PeerCheck.refused("dl4j", bench, e);
      throw e;
    }
  }

  /** One inference; one element of the output is returned so it is not dead code. */
  @Benchmark
  public float predict() {
    return net.output(input, false).getFloat(0);
  }
}
