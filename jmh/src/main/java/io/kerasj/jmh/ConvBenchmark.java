package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.layers.convolutional.DepthwiseConv2D;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The convolutions of the image classifiers, as layers inside a {@link Model} (workspace on), at
 * batch 1 and 8:
 *
 * <ul>
 *   <li>{@code resnet3x3}: ResNet50's conv2 3×3 convolution, 56×56×64 → 64, {@code same}, ReLU
 *       (231.2 MFLOP per image);
 *   <li>{@code mbv2_block}: a MobileNetV2 inverted residual block at 56×56: 1×1 expansion 24 → 144
 *       (ReLU6), 3×3 depthwise (ReLU6), 1×1 projection 144 → 24 (51.5 MFLOP per image), and its
 *       parts {@code mbv2_expand}, {@code mbv2_depthwise} (8.1 MFLOP), {@code mbv2_project};
 *   <li>{@code resnet3x3_taps}: the alternative to im2col: no patch matrix; for every output row
 *       and tap, one product of the shifted input rows (read in place, {@code lda} = stride ·
 *       channels) with that tap's block of the kernel, packed for the same micro-kernel; on the
 *       calling thread (compare with {@code resnet3x3} at {@code -Dkerasj.threads=1});
 *   <li>{@code resnet3x3_direct}: the baseline, the same convolution computed directly, one
 *       multiply-add pass per tap over unpacked weights (what {@code Conv1D} did before the shared
 *       core), on the calling thread.
 * </ul>
 *
 * <p>FLOPs count 2 per multiply-add; GFLOP/s = flops / time. Run once with and once without
 * {@code --add-modules jdk.incubator.vector} for the two kernel paths. On a shared machine the
 * wall time of a call depends on what else runs; the secondary metrics {@code cpuNanos} and
 * {@code calls} (sums per iteration) give the calling thread's CPU time per call, which with
 * {@code -Dkerasj.threads=1} is all the work of the call and is not inflated by waiting for a core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvBenchmark {
  /** Which convolution. */
  @Param({"resnet3x3", "resnet3x3_taps", "resnet3x3_direct", "mbv2_block", "mbv2_expand", "mbv2_depthwise",
      "mbv2_project"})
  public String conv;

  /** Images per call. */
  @Param({"1", "8"})
  public int batch;

  private Model model;
  private Tensor x;
  private Tensor out;
  private DirectConv direct;
  private TapGemmConv taps;

  private static ConvWindow window(int k) {
    return ConvWindow.of(Padding.SAME, new int[] {k, k}, new int[] {1, 1}, new int[] {1, 1});
  }

  private static Conv2D conv(Random rnd, String name, int in, int out, int k, Activation act) {
    return new Conv2D(name, in, out, window(k), 1, null, Weights.uniform(rnd, k * k * in * out, k * k * in),
        Weights.around(rnd, out, 0f, 0.1f), act);
  }

  /** Builds the layers from seeded random weights. */
  @Setup
  public void setup() {
    Random rnd = new Random(12);
    int size = 56;
    List<Layer> layers;
    int channels;
    switch (conv) {
      case "resnet3x3":
      case "resnet3x3_taps":
      case "resnet3x3_direct":
        channels = 64;
        layers = List.of(conv(rnd, "conv", 64, 64, 3, Activation.RELU));
        break;
      case "mbv2_expand":
        channels = 24;
        layers = List.of(conv(rnd, "expand", 24, 144, 1, Activation.RELU6));
        break;
      case "mbv2_depthwise":
        channels = 144;
        layers = List.of(depthwise(rnd));
        break;
      case "mbv2_project":
        channels = 144;
        layers = List.of(conv(rnd, "project", 144, 24, 1, null));
        break;
      case "mbv2_block":
        channels = 24;
        layers = List.of(conv(rnd, "expand", 24, 144, 1, Activation.RELU6), depthwise(rnd),
            conv(rnd, "project", 144, 24, 1, null));
        break;
      default:
        throw new IllegalArgumentException(conv);
    }
    model = Model.sequential(conv, new int[] {-1, size, size, channels}, layers);
    x = Tensor.of(Weights.uniform(rnd, batch * size * size * channels, 1), batch, size, size, channels);
    out = Tensor.zeros(model.predict(x).shape());
    if (conv.equals("resnet3x3_direct")) {
      direct = new DirectConv(Weights.uniform(rnd, 9 * 64 * 64, 9 * 64), 64, 64, 3);
    }
    if (conv.equals("resnet3x3_taps")) {
      taps = new TapGemmConv(Weights.uniform(rnd, 9 * 64 * 64, 9 * 64), 64, 64, 3);
    }
  }

  private static DepthwiseConv2D depthwise(Random rnd) {
    return new DepthwiseConv2D("dw", 144, 1, window(3), null, Weights.uniform(rnd, 9 * 144, 9),
        Weights.around(rnd, 144, 0f, 0.1f), Activation.RELU6);
  }

  /** CPU time of the benchmark thread, summed over an iteration (JMH reports the sums). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    private static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Nanoseconds of CPU time of the benchmark thread in calls of this iteration. */
    public long cpuNanos;
    /** Calls in this iteration. */
    public long calls;

    /** Clears the sums at the start of each iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      cpuNanos = 0;
      calls = 0;
    }
  }

  /** One call of the model (or of a baseline) on the batch, with the calling thread's CPU time. */
  @Benchmark
  public Tensor run(Cpu cpu) {
    long t0 = Cpu.BEAN.getCurrentThreadCpuTime();
    Tensor y = call();
    cpu.cpuNanos += Cpu.BEAN.getCurrentThreadCpuTime() - t0;
    cpu.calls++;
    return y;
  }

  private Tensor call() {
    if (direct != null) {
      return direct.call(x, out);
    }
    if (taps != null) {
      return taps.call(x, out);
    }
    return model.predict(x, out);
  }

  /**
   * Stride 1, {@code same} padding, tap by tap: for each output row and tap, the run of output
   * pixels whose input pixel is inside the image gets {@link #tapRun} (the baselines differ only
   * there).
   */
  abstract static class TapLoop {
    final int in;
    final int filters;
    final int k;

    TapLoop(int in, int filters, int k) {
      this.in = in;
      this.filters = filters;
      this.k = k;
    }

    /** {@code c[cOff + q·filters, ...] += a[aOff + q·in, ...] · W[tap]} for the {@code n} pixels {@code q} of a run. */
    abstract void tapRun(float[] a, int aOff, int n, int tap, float[] c, int cOff);

    Tensor call(Tensor x, Tensor out) {
      int batch = x.dim(0);
      int h = x.dim(1);
      int w = x.dim(2);
      int pad = (k - 1) / 2;
      float[] a = x.data();
      float[] c = out.data();
      java.util.Arrays.fill(c, 0f);
      for (int b = 0; b < batch; b++) {
        for (int oy = 0; oy < h; oy++) {
          for (int i = 0; i < k; i++) {
            int iy = oy + i - pad;
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int j = 0; j < k; j++) {
              int lo = Math.max(0, pad - j);
              int hi = Math.min(w, w + pad - j);
              tapRun(a, ((b * h + iy) * w + lo + j - pad) * in, hi - lo, i * k + j, c, ((b * h + oy) * w + lo) * filters);
            }
          }
        }
      }
      return out;
    }
  }

  /**
   * The baseline: each tap's product as plain loops over the {@code (in × out)} block of the kernel
   * read as Keras stores it (no packing, no im2col).
   */
  static final class DirectConv extends TapLoop {
    private final float[] kernel;

    DirectConv(float[] kernel, int in, int filters, int k) {
      super(in, filters, k);
      this.kernel = kernel;
    }

    @Override
    void tapRun(float[] a, int aOff, int n, int tap, float[] c, int cOff) {
      int kOff = tap * in * filters;
      for (int q = 0; q < n; q++) {
        int ai = aOff + q * in;
        int ci = cOff + q * filters;
        for (int p = 0; p < in; p++) {
          float av = a[ai + p];
          int bp = kOff + p * filters;
          for (int f = 0; f < filters; f++) {
            c[ci + f] += av * kernel[bp + f];
          }
        }
      }
    }
  }

  /** Per-tap products on the packed kernel, reading the input in place. */
  static final class TapGemmConv extends TapLoop {
    private final io.kerasj.internal.vectorization.PackedMatrix[] w;

    TapGemmConv(float[] kernel, int in, int filters, int k) {
      super(in, filters, k);
      w = new io.kerasj.internal.vectorization.PackedMatrix[k * k];
      for (int t = 0; t < k * k; t++) {
        w[t] = io.kerasj.internal.vectorization.Kernels.pack(
            java.util.Arrays.copyOfRange(kernel, t * in * filters, (t + 1) * in * filters), in, filters);
      }
    }

    @Override
    void tapRun(float[] a, int aOff, int n, int tap, float[] c, int cOff) {
      io.kerasj.internal.vectorization.Kernels.IMPL.gemm(a, aOff, in, 0, n, w[tap], c, cOff, filters);
    }
  }
}
