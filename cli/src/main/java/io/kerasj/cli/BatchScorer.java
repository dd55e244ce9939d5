package io.kerasj.cli;

import io.kerasj.InvalidInputException;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.NpyWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores a {@link BatchSource} chunk by chunk: chunks of {@code batchSize} items run in parallel on
 * {@code threads} threads, at most {@code 2 × threads} chunks in flight, and the outputs are
 * appended to the output {@code .npy} in input order. Memory is bounded by the chunks in flight,
 * whatever the input's size.
 */
final class BatchScorer {
  private final Model model;
  private final int threads;
  private final int batchSize;
  private final PrintStream progress;

  /**
   * @param batchSize items per chunk, or 0 to choose: up to 256, and small enough that every
   *     thread gets work on small inputs
   * @param progress where to draw a progress bar, or {@code null}
   */
  BatchScorer(Model model, int threads, int batchSize, PrintStream progress) {
    this.model = model;
    this.threads = threads;
    this.batchSize = batchSize;
    this.progress = progress;
  }

  /** Checks one item's shape against the model before any work, with the whole input's shape in the message. */
  void checkItemShape(String what, BatchSource src) {
    int[] want = model.inputShape();
    int[] item = src.itemShape();
    boolean ok = want.length == item.length + 1;
    for (int i = 0; ok && i < item.length; i++) {
      ok = want[i + 1] < 0 || want[i + 1] == item[i];
    }
    if (!ok) {
      int[] have = withBatch(src.count() < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, src.count()), item);
      // An unknown count (a streamed CSV) prints as None, as Keras prints an unknown dimension.
      throw new InvalidInputException(what + ": model '" + model.name() + "': expected input shape "
          + Model.formatShape(want) + ", got " + Model.formatShape(have));
    }
  }

  /** Scores every item and writes the outputs to {@code output}; returns the item count. */
  long run(BatchSource src, Path output) throws IOException {
    long total = src.count();
    int chunk = batchSize > 0 ? batchSize
        : (int) Math.max(1, Math.min(256, total < 0 ? 256 : (total + threads - 1) / threads));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "kerasj-predict");
      t.setDaemon(true);
      return t;
    });
    ArrayDeque<Future<Tensor>> inFlight = new ArrayDeque<>();
    NpyWriter writer = null;
    Progress bar = progress == null ? null : new Progress(progress, total);
    try {
      boolean first = true;
      while (true) {
        Tensor x = src.next(chunk);
        if (x == null) {
          if (first) {
            // No items: the output has 0 items; its item shape comes from running the model on none.
            Tensor y = model.predict(Tensor.zeros(withBatch(0, src.itemShape())));
            writer = NpyWriter.create(output, Arrays.copyOfRange(y.shape(), 1, y.rank()));
          }
          break;
        }
        first = false;
        final Tensor in = x;
        inFlight.add(pool.submit(() -> model.predict(in)));
        while (inFlight.size() >= 2 * threads) {
          writer = write(inFlight.poll(), writer, output);
          if (bar != null) {
            bar.update(writer.count());
          }
        }
      }
      while (!inFlight.isEmpty()) {
        writer = write(inFlight.poll(), writer, output);
        if (bar != null) {
          bar.update(writer.count());
        }
      }
      long n = writer.count();
      writer.close();
      if (bar != null) {
        bar.finish(n);
      }
      return n;
    } finally {
      pool.shutdownNow();
      if (writer != null) {
        writer.close();
      }
    }
  }

  private static int[] withBatch(int n, int[] item) {
    int[] s = new int[item.length + 1];
    s[0] = n;
    System.arraycopy(item, 0, s, 1, item.length);
    return s;
  }

  private static NpyWriter write(Future<Tensor> f, NpyWriter writer, Path output) throws IOException {
    Tensor y;
    try {
      y = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof KerasjException) {
        throw (KerasjException) c;
      }
      if (c instanceof UncheckedIOException) {
        throw (UncheckedIOException) c;
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IOException(c);
    }
    if (writer == null) {
      writer = NpyWriter.create(output, Arrays.copyOfRange(y.shape(), 1, y.rank()));
    }
    writer.append(y);
    return writer;
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
