package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * CPU-time harness for masked attention models (a fixture whose first input is token ids with
 * {@code mask_zero}, optionally an {@code attention_mask} input {@code (B, T, T)}): the calling
 * thread's CPU time per {@code predict} (ThreadMXBean), median, min and max over the rounds. Only
 * the public API, so that it runs as a single source file against another build (a baseline) on
 * the class path, for A/B runs interleaved by the caller:
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp RUNTIME:LOADER:DEPS \
 *     jmh/src/main/java/io/kerasj/jmh/MaskedAttentionCpuTime.java ROUNDS SECONDS_PER_ROUND MODEL B T
 * </pre>
 *
 * Token ids are in [1, 20) with the last quarter of each row padding (0); an attention mask is
 * 0/1 with 70 % kept.
 */
public final class MaskedAttentionCpuTime {
  private MaskedAttentionCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    Model m = KerasModels.load(Path.of(args[2]));
    int b = Integer.parseInt(args[3]);
    int t = Integer.parseInt(args[4]);
    Random r = new Random(7);
    Tensor[] in = new Tensor[m.inputCount()];
    for (int i = 0; i < in.length; i++) {
      if (i == 0) {
        float[] ids = new float[b * t];
        for (int k = 0; k < ids.length; k++) {
          ids[k] = (k % t) < t - t / 4 ? 1 + r.nextInt(19) : 0;
        }
        in[i] = Tensor.of(ids, b, t);
      } else {
        float[] mask = new float[b * t * t];
        for (int k = 0; k < mask.length; k++) {
          mask[k] = r.nextFloat() < 0.7f ? 1f : 0f;
        }
        in[i] = Tensor.of(mask, b, t, t);
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    // Warm-up: 3 s, long enough for C2 to compile the Vector API kernels (interpreted, they are
    // tens of times slower and would land in the first rounds).
    for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
      m.predictAll(in);
    }
    double[] perCall = new double[rounds];
    for (int k = 0; k < rounds; k++) {
      long calls = 0;
      long c0 = mx.getCurrentThreadCpuTime();
      for (long end = System.nanoTime() + (long) (seconds * 1e9); System.nanoTime() < end; calls++) {
        m.predictAll(in);
      }
      perCall[k] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / calls;
    }
    Arrays.sort(perCall);
    System.out.printf(Locale.ROOT, "%s B=%d T=%d: median %.1f us, min %.1f, max %.1f (%d rounds)%n",
        Path.of(args[2]).getParent().getFileName(), b, t, perCall[rounds / 2], perCall[0], perCall[rounds - 1], rounds);
  }
}
