package io.kerasj.cli;

import io.kerasj.InvalidInputException;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Session;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.ModelLayer;
import io.kerasj.layers.rnn.Bidirectional;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.TimeDistributed;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores the inputs chunk by chunk: chunks of {@code batchSize} items run in parallel on
 * {@code threads} threads, at most {@code 2 × threads} chunks in flight, and the outputs are
 * appended to the output files in input order. Memory is bounded by the chunks in flight, whatever
 * the input's size.
 *
 * <p>The batch axis is split only where that cannot change a result: never for a model whose
 * batch size is fixed (a {@code stateful=True} RNN, {@code Input(batch_shape=...)}), which gets its
 * batch in one piece, nor for a time-major model (Keras 2's {@code time_major=True}), whose axis 0
 * is time. With {@code chunkSteps > 0} every chunk of items is fed through a {@link Session} in
 * pieces of that many time steps, carrying the recurrent states from piece to piece, as Keras
 * feeds a stateful model; outputs with a time axis are joined, the others are those of the last
 * piece.
 */
final class BatchScorer {
  private final Model model;
  private final int threads;
  private final int batchSize;
  private final int chunkSteps;
  private final PrintStream progress;
  private final boolean timeMajor;
  /** The batch size the model fixes, or 0. */
  private final int fixedBatch;
  /** For {@code chunkSteps > 0}: which outputs have a time axis (axis 1) to join. */
  private final boolean[] perStep;

  /**
   * @param batchSize items per chunk, or 0 to choose ({@link #defaultChunk})
   * @param chunkSteps time steps per call of a stream, or 0 to feed whole sequences
   * @param progress where to draw a progress bar, or {@code null}
   */
  BatchScorer(Model model, int threads, int batchSize, int chunkSteps, PrintStream progress) {
    this.model = model;
    this.threads = threads;
    this.batchSize = batchSize;
    this.chunkSteps = chunkSteps;
    this.progress = progress;
    this.timeMajor = timeMajor(model);
    int fixed = 0;
    for (int i = 0; i < model.inputCount() && !timeMajor; i++) {
      fixed = Math.max(fixed, model.inputShape(i)[0]);
    }
    this.fixedBatch = fixed;
    this.perStep = new boolean[model.outputCount()];
    for (int i = 0; i < perStep.length; i++) {
      int[] s = model.outputShape(i);
      perStep[i] = s.length >= 2 && s[1] < 0;
    }
  }

  /** Whether a recurrent layer reads axis 0 as time (Keras 2's {@code time_major}), so it is no batch axis. */
  static boolean timeMajor(Model m) {
    for (Layer l : m.layers()) {
      if (timeMajor(l)) {
        return true;
      }
    }
    return false;
  }

  private static boolean timeMajor(Layer l) {
    if (l instanceof RNN) {
      return ((RNN) l).timeMajor();
    }
    if (l instanceof Bidirectional) {
      return ((Bidirectional) l).timeMajor();
    }
    if (l instanceof TimeDistributed) {
      return timeMajor(((TimeDistributed) l).layer());
    }
    return l instanceof ModelLayer && timeMajor(((ModelLayer) l).model());
  }

  /** Refuses, before any work, options this model cannot honour. */
  void checkRequest() throws Main.UsageException {
    if (fixedBatch > 0 && batchSize > 0 && batchSize != fixedBatch) {
      throw new Main.UsageException("--batch-size " + batchSize + ": model '" + model.name() + "' has a fixed batch"
          + " size of " + fixedBatch + " (stateful=True or Input(batch_shape=...)), which is never split; leave"
          + " --batch-size out");
    }
    if (chunkSteps == 0) {
      return;
    }
    if (!model.isStreamable()) {
      String culprit = "";
      for (Layer l : model.layers()) {
        if (!l.isStreamable()) {
          culprit = ": layer '" + l.name() + "' (" + l.kerasClass() + ") needs the whole sequence at once";
          break;
        }
      }
      throw new Main.UsageException("--chunk-steps: model '" + model.name() + "' cannot be fed in chunks of time"
          + " steps" + culprit + "; leave --chunk-steps out");
    }
    if (timeMajor) {
      throw new Main.UsageException("--chunk-steps: model '" + model.name() + "' is time-major (time_major=True),"
          + " which --chunk-steps does not stream; leave --chunk-steps out");
    }
    for (int i = 0; i < model.inputCount(); i++) {
      int[] s = model.inputShape(i);
      if (s.length < 2 || s[1] >= 0) {
        throw new Main.UsageException("--chunk-steps: input '" + model.inputNames().get(i) + "' of model '"
            + model.name() + "' has shape " + Model.formatShape(s) + (s.length < 2 ? ", without a time axis"
            : ": its axis 1 is fixed, so it cannot be cut into pieces of time steps")
            + "; --chunk-steps needs inputs of shape (batch, None, ...)");
      }
    }
  }

  /**
   * Checks the inputs against the model before any work: one item's shape (with the whole
   * input's shape in the message), the same number of items in every input, and a fixed batch
   * size.
   */
  void checkInputs(String what, List<BatchSource> srcs) {
    long count = srcs.get(0).count();
    for (int i = 0; i < srcs.size(); i++) {
      BatchSource src = srcs.get(i);
      int[] want = model.inputShape(i);
      int[] item = src.itemShape();
      boolean ok = want.length == item.length + 1;
      for (int d = 0; ok && d < item.length; d++) {
        ok = want[d + 1] < 0 || want[d + 1] == item[d];
      }
      String input = srcs.size() == 1 ? "" : " for input '" + model.inputNames().get(i) + "'";
      if (!ok) {
        int[] have = withBatch(src.count() < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, src.count()), item);
        // An unknown count (a streamed CSV) prints as None, as Keras prints an unknown dimension.
        throw new InvalidInputException(what + ": model '" + model.name() + "': expected input shape "
            + Model.formatShape(want) + input + ", got " + Model.formatShape(have));
      }
      if (src.count() != count) {
        throw new InvalidInputException(what + ": input '" + model.inputNames().get(0) + "' has " + count
            + " items, input '" + model.inputNames().get(i) + "' has " + src.count());
      }
    }
    if (fixedBatch > 0 && count >= 0 && count != fixedBatch) {
      throw wrongBatch(what, Long.toString(count));
    }
  }

  private InvalidInputException wrongBatch(String what, String count) {
    return new InvalidInputException(what + ": model '" + model.name() + "' has a fixed batch size of " + fixedBatch
        + " (stateful=True or Input(batch_shape=...)) and the input has " + count + " items; give exactly "
        + fixedBatch + (chunkSteps == 0 ? " (--chunk-steps streams long sequences)" : ""));
  }

  /** Scores every item and writes the outputs; returns the item count. */
  long run(String what, List<BatchSource> srcs, OutputFiles out) throws IOException {
    long total = srcs.get(0).count();
    // A fixed batch, or a time-major model's axis 0, is scored in one piece.
    boolean whole = fixedBatch > 0 || timeMajor;
    int chunk = fixedBatch > 0 ? fixedBatch : timeMajor ? Integer.MAX_VALUE : batchSize > 0 ? batchSize
        : defaultChunk(total, threads, itemFloats(srcs));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "kerasj-predict");
      t.setDaemon(true);
      return t;
    });
    ArrayDeque<Future<Tensor[]>> inFlight = new ArrayDeque<>();
    Progress bar = progress == null ? null : new Progress(progress, total);
    try {
      boolean first = true;
      while (true) {
        Tensor[] x = next(srcs, chunk);
        if (x == null) {
          if (first) {
            // No items: the outputs have 0 items; their item shapes come from running the model on none.
            Tensor[] none = new Tensor[srcs.size()];
            for (int i = 0; i < none.length; i++) {
              none[i] = Tensor.zeros(withBatch(0, srcs.get(i).itemShape()));
            }
            out.append(model.predictAll(none).toArray(new Tensor[0]));
          }
          break;
        }
        if (whole) {
          if ((fixedBatch > 0 && x[0].dim(0) != fixedBatch) || next(srcs, 1) != null) {
            throw fixedBatch > 0 ? wrongBatch(what, x[0].dim(0) == fixedBatch ? "more" : Integer.toString(x[0].dim(0)))
                : new InvalidInputException(what + ": model '" + model.name() + "' is time-major (time_major=True),"
                    + " so its input is scored in one piece, and it does not fit one Java array");
          }
        }
        first = false;
        final Tensor[] in = x;
        inFlight.add(pool.submit(() -> score(in)));
        while (inFlight.size() >= 2 * threads) {
          write(inFlight.poll(), out, bar);
        }
      }
      while (!inFlight.isEmpty()) {
        write(inFlight.poll(), out, bar);
      }
      long n = out.count();
      if (bar != null) {
        bar.finish(n);
      }
      return n;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Input floats per chunk when the user gives no {@code --batch-size}: a chunk's activations are
   * a multiple of its input, and for a 224×224 image through ResNet50 one item's largest is 5× the
   * input, so 256 such items (a 1 GB tensor) per chunk, times the chunks in flight, would exhaust a
   * default heap; 2M floats is 13 such images, and still 256 sequences of 8000 values.
   */
  static final long CHUNK_FLOATS = 2L << 20;

  /**
   * Items per chunk: up to 256, few enough that every thread gets work on small inputs, and at
   * most {@link #CHUNK_FLOATS} input floats (at least one item).
   */
  static int defaultChunk(long total, int threads, long itemFloats) {
    long perThread = total < 0 ? 256 : (total + threads - 1) / threads;
    long byMemory = CHUNK_FLOATS / Math.max(1, itemFloats);
    return (int) Math.max(1, Math.min(Math.min(256, perThread), byMemory));
  }

  /** The floats of one item of every input together. */
  private static long itemFloats(List<BatchSource> srcs) {
    long n = 0;
    for (BatchSource s : srcs) {
      long item = 1;
      for (int d : s.itemShape()) {
        item *= Math.max(1, d);
      }
      n += item;
    }
    return n;
  }

  /** The next chunk of every input, or {@code null} at the end; the inputs must end together. */
  private static Tensor[] next(List<BatchSource> srcs, int max) throws IOException {
    Tensor[] x = new Tensor[srcs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = srcs.get(i).next(max);
      if ((x[i] == null) != (x[0] == null) || (x[i] != null && x[i].dim(0) != x[0].dim(0))) {
        throw new AssertionError("inputs of different lengths"); // checked by checkInputs
      }
    }
    return x[0] == null ? null : x;
  }

  /** One chunk of items: one call, or a stream of calls over pieces of {@code chunkSteps} time steps. */
  Tensor[] score(Tensor[] x) {
    int steps = chunkSteps == 0 ? 0 : x[0].dim(1);
    if (steps <= chunkSteps) {
      return model.predictAll(x).toArray(new Tensor[0]);
    }
    for (int i = 1; i < x.length; i++) {
      if (x[i].dim(1) != steps) {
        throw new InvalidInputException("--chunk-steps: input '" + model.inputNames().get(0) + "' has " + steps
            + " time steps, input '" + model.inputNames().get(i) + "' has " + x[i].dim(1)
            + "; streamed inputs must have the same length");
      }
    }
    Session session = model.newSession();
    Tensor[] joined = new Tensor[perStep.length];
    Tensor[] piece = new Tensor[x.length];
    for (int t0 = 0; t0 < steps; t0 += chunkSteps) {
      int len = Math.min(chunkSteps, steps - t0);
      for (int i = 0; i < x.length; i++) {
        int[] s = x[i].shape();
        s[1] = len;
        piece[i] = Tensor.zeros(s);
        copySteps(x[i], t0, piece[i], 0, len);
      }
      List<Tensor> ys = session.predictAll(piece);
      for (int o = 0; o < joined.length; o++) {
        Tensor y = ys.get(o);
        if (!perStep[o]) {
          joined[o] = y; // e.g. return_sequences=False or a final state: the last piece's is the sequence's
          continue;
        }
        if (y.rank() < 2 || y.dim(1) != len) {
          throw new KerasjException("model '" + model.name() + "': output " + o + " has shape "
              + Model.formatShape(y.shape()) + " for " + len + " time steps, so it cannot be joined over"
              + " --chunk-steps pieces");
        }
        if (joined[o] == null) {
          int[] s = y.shape();
          s[1] = steps;
          joined[o] = Tensor.zeros(s);
        }
        copySteps(y, 0, joined[o], t0, len);
      }
    }
    return joined;
  }

  /** Copies time steps {@code [from, from + len)} of every item of {@code src} to {@code [to, to + len)} of {@code dst}. */
  private static void copySteps(Tensor src, int from, Tensor dst, int to, int len) {
    int inner = 1;
    for (int d = 2; d < src.rank(); d++) {
      inner *= src.dim(d);
    }
    int srcRow = src.dim(1) * inner;
    int dstRow = dst.dim(1) * inner;
    for (int b = 0; b < src.dim(0); b++) {
      System.arraycopy(src.data(), b * srcRow + from * inner, dst.data(), b * dstRow + to * inner, len * inner);
    }
  }

  private static int[] withBatch(int n, int[] item) {
    int[] s = new int[item.length + 1];
    s[0] = n;
    System.arraycopy(item, 0, s, 1, item.length);
    return s;
  }

  private static void write(Future<Tensor[]> f, OutputFiles out, Progress bar) throws IOException {
    Tensor[] y;
    try {
      y = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c; // KerasjException and UncheckedIOException among them
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IOException(c);
    }
    out.append(y);
    if (bar != null) {
      bar.update(out.count());
    }
  }

  /** A one-line progress bar redrawn with carriage returns, at most 5 times a second. */
  static final class Progress {
    private final PrintStream out;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintStream out, long total) {
      this.out = out;
      this.total = total;
    }

    void update(long done) {
      long now = System.nanoTime();
      if (now - lastDraw < 200_000_000L) {
        return;
      }
      lastDraw = now;
      out.print("\r" + line(done, now));
      out.flush();
    }

    void finish(long done) {
      out.print("\r" + line(done, System.nanoTime()) + "\n");
      out.flush();
    }

    String line(long done, long now) {
      double secs = Math.max(1e-9, (now - start) / 1e9);
      double rate = done / secs;
      if (total <= 0) {
        return String.format(Locale.ROOT, "%,d items  %,.0f items/s  %.0fs", done, rate, secs);
      }
      int width = 30;
      int filled = (int) (width * done / total);
      String eta = rate > 0 ? String.format(Locale.ROOT, "ETA %.0fs", (total - done) / rate) : "ETA ?";
      return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d items  %,.0f items/s  %s   ", "#".repeat(filled),
          ".".repeat(width - filled), 100 * done / total, done, total, rate, eta);
    }
  }
}
