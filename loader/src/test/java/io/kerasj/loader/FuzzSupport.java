package io.kerasj.loader;

import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The property every fuzz target checks: loading arbitrary bytes, and predicting with a small
 * valid input when they load, throws nothing but {@link KerasjException}s, and none of those is
 * the loader's last-line wrapper of an unanticipated failure ({@link Safety.Unanticipated}).
 *
 * <p>The limits are small so that a hostile input cannot make the fuzzer run out of memory or
 * time: anything they refuse is refused with a {@link KerasjException}, which is the point.
 */
final class FuzzSupport {
  static final LoadOptions OPTIONS = LoadOptions.defaults()
      .withMaxBytes(4 << 20)
      .withMaxZipEntries(64)
      .withMaxZipEntryBytes(4 << 20)
      .withMaxZipTotalBytes(16 << 20)
      .withMaxWeightElements(1 << 20)
      .withMaxTotalWeightElements(1 << 22)
      .withMaxJsonDepth(64);

  /** Largest input tensor the fuzz targets predict with (elements). */
  private static final long MAX_INPUT = 1 << 16;

  private FuzzSupport() {}

  /** Loads with {@code load}; if it loads, predicts; fails on any non-kerasj throwable. */
  static void check(Supplier<Model> load) {
    Model m;
    try {
      m = load.get();
    } catch (KerasjException e) {
      requireAnticipated(e);
      return;
    }
    Tensor x = smallInput(m.inputShape());
    if (x == null) {
      return;
    }
    try {
      Tensor y = m.predict(x);
      if (y == null) {
        throw new AssertionError("predict returned null for " + m);
      }
    } catch (KerasjException e) {
      requireAnticipated(e);
    }
  }

  private static void requireAnticipated(KerasjException e) {
    String msg = e.getMessage();
    if (msg == null || msg.isEmpty()) {
      throw new AssertionError("a kerasj exception without a message", e);
    }
    if (e instanceof Safety.Unanticipated) {
      throw new AssertionError("unanticipated failure wrapped by the loader's guard: " + msg, e);
    }
    // What a library found wrong is said in kerasj's words (Failures), never in the library's own
    // text; the library's exception stays the cause. (Words such as "newLimit" cannot be banned
    // outright: the file's own strings, quoted, may hold anything.)
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      String libraryText = c instanceof KerasjException ? null : c.getMessage();
      if (libraryText != null && libraryText.length() >= 8 && msg.contains(libraryText)) {
        throw new AssertionError("a library's own text (" + c.getClass().getName() + ") in a message: " + msg, e);
      }
    }
    if (msg.length() > 20_000) {
      throw new AssertionError("a message of " + msg.length() + " chars", e);
    }
    for (int i = 0; i < msg.length(); i++) {
      char c = msg.charAt(i);
      if (c != '\n' && Character.isISOControl(c)) {
        throw new AssertionError("a raw control character (" + (int) c + ") in a message: " + msg, e);
      }
    }
  }

  /** A deterministic input of the declared shape with None as 2 (batch) or 3 (other axes). */
  static Tensor smallInput(int[] shape) {
    int[] s = shape.clone();
    long n = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] < 0) {
        s[i] = i == 0 ? 2 : 3;
      }
      n *= Math.max(1, s[i]);
      if (n > MAX_INPUT) {
        return null;
      }
    }
    float[] d = new float[(int) n];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sin(i * 0.7) * 2;
    }
    try {
      return Tensor.of(n == 0 ? new float[0] : d, s);
    } catch (KerasjException e) {
      return null;
    }
  }

  /** Loads from files. */
  interface PathLoad {
    Model load(Path... files) throws IOException;
  }

  /**
   * {@link #check} of {@code data} loaded from bytes and from a file: a file read from a path is
   * mapped, not copied (issue 12), and must end exactly as the bytes do, with the same model or the
   * same exception and message ({@code label}, what the bytes are called, standing for the file).
   */
  static void checkBytesAndPath(byte[] data, String label, Supplier<Model> fromBytes, PathLoad fromPath) {
    checkBytesAndPaths(new byte[][] {data}, new String[] {label}, fromBytes, fromPath);
  }

  /** {@link #checkBytesAndPath} of several inputs (a config and its weights), each with its label. */
  static void checkBytesAndPaths(byte[][] data, String[] labels, Supplier<Model> fromBytes, PathLoad fromPaths) {
    check(fromBytes);
    Path[] files = new Path[data.length];
    try {
      for (int i = 0; i < data.length; i++) {
        files[i] = Files.write(Files.createTempFile("kerasj-fuzz", ".model"), data[i]);
      }
      Supplier<Model> viaPath = () -> {
        try {
          return fromPaths.load(files);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      check(viaPath);
      String a = outcome(fromBytes, labels, data);
      String b = outcome(viaPath, java.util.Arrays.stream(files).map(Path::toString).toArray(String[]::new), data);
      if (a != null && b != null && !a.equals(b)) {
        throw new AssertionError("loaded from bytes: " + a + "\nloaded from files: " + b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (Path f : files) {
        try {
          if (f != null) {
            Files.deleteIfExists(f);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** What a load ends with, each label replaced by "<file>"; null if a label is in the inputs' own text. */
  private static String outcome(Supplier<Model> load, String[] labels, byte[][] data) {
    for (String label : labels) {
      for (byte[] d : data) {
        if (new String(d, StandardCharsets.ISO_8859_1).contains(label)) {
          return null; // the file's own text would be replaced too: not compared
        }
      }
    }
    try {
      Model m = load.get();
      return "loaded " + m.name() + ", " + m.layers().size() + " layers, " + m.trainableParams() + " + "
          + m.nonTrainableParams() + " parameters";
    } catch (KerasjException e) {
      String msg = e.getMessage();
      for (int i = 0; i < labels.length; i++) {
        msg = msg.replace(labels[i], "<file " + i + ">");
      }
      return e.getClass().getName() + ": " + msg;
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = FuzzSupport.class.getResourceAsStream("fuzz/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource fuzz/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
