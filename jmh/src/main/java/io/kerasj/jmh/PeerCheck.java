package io.kerasj.jmh;

import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * For the peer benchmarks built by the {@code peers-*} profiles: the benchmark input and Keras'
 * expected output of a case ({@code <kerasj.bench.work>/inputs/} and {@code expected/}, written by
 * {@code jmh/peers/export_peers.py}), and a record of whether the peer computed it. Each setup
 * appends one line {@code peer<TAB>case<TAB>ok|mismatch|refused<TAB>detail} to the file named by
 * {@code -Dkerasj.bench.checks} (if set) and prints it, so that the report can say what each peer
 * computed and which cases it refused, with the exact error.
 */
public final class PeerCheck {
  /** Outputs within this of Keras' count as the same computation (float32, different kernels). */
  public static final double TOLERANCE = 1e-4;

  private PeerCheck() {}

  /** The directory that {@code jmh/peers/run.sh} fills ({@code -Dkerasj.bench.work}). */
  public static Path work() {
    return Bench.work();
  }

  /** The benchmark input of {@code model:batch:steps}. */
  public static Tensor input(String bench) {
    String[] p = bench.split(":");
    return Bench.input(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  /** Keras' output on {@link #input}. */
  public static Tensor expected(String bench) {
    String[] p = bench.split(":");
    try {
      return Npy.read(work().resolve("expected").resolve(p[0] + "_b" + p[1] + "_t" + p[2] + ".npy"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shape of {@link #expected}. */
  public static long[] expectedShape(String bench) {
    Tensor want = expected(bench);
    long[] shape = new long[want.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = want.dim(i);
    }
    return shape;
  }

  /**
   * Compares a peer's output (row-major, of the expected shape) with Keras', records the result
   * and returns the largest absolute difference. A mismatch is recorded, not thrown: the time is
   * still measured, and the report flags it.
   */
  public static double check(String peer, String bench, float[] got, long[] shape) {
    Tensor want = expected(bench);
    long[] wantShape = expectedShape(bench);
    if (!Arrays.equals(wantShape, shape) || got.length != want.data().length) {
      record(peer, bench, "mismatch", "shape " + Arrays.toString(shape) + ", Keras " + Arrays.toString(wantShape));
      return Double.NaN;
    }
    double max = 0;
    float[] w = want.data();
    for (int i = 0; i < w.length; i++) {
      double d = Math.abs((double) got[i] - w[i]);
      max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
    }
    record(peer, bench, max <= TOLERANCE ? "ok" : "mismatch", String.format("max |%s - Keras| = %.3g", peer, max));
    return max;
  }

  /** Records that the peer refused the case (load or first call failed), with the exception chain. */
  public static void refused(String peer, String bench, Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 1500; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append(" / caused by: ");
      }
      sb.append(c.getClass().getName()).append(": ").append(c.getMessage());
    }
    record(peer, bench, "refused", sb.toString());
  }

  private static synchronized void record(String peer, String bench, String status, String detail) {
    String line = peer + "\t" + bench + "\t" + status + "\t" + detail.replace('\t', ' ').replace('\n', ' ');
    System.out.println("PEERCHECK " + line);
    String f = System.getProperty("kerasj.bench.checks");
    if (f != null) {
      try {
        Files.write(Path.of(f), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
