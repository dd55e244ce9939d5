package io.kerasj.cli;

import io.kerasj.Tensor;
import io.kerasj.loader.NpyWriter;
import io.kerasj.loader.Npz;
import io.kerasj.loader.TestVector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@code predict} writes: the output file's extension decides the format, {@code .npy} (one
 * output) or {@code .npz} (arrays {@code output_0}, {@code output_1}, … in the order of Keras'
 * {@code model.outputs}). Outputs are appended a chunk of items at a time; {@link #commit()} puts
 * the finished file in place, so a failed or interrupted run never leaves a half-written file
 * under the output name. Every file is created the way other programs create theirs, with the
 * process' umask; a file that is replaced keeps its permissions.
 */
final class OutputFiles implements Closeable {
  private final Path output;
  private final boolean npz;
  private final List<Path> parts = new ArrayList<>();
  private final NpyWriter[] writers;
  private boolean committed;

  /** The format {@code output} asks for: true for {@code .npz}, false for {@code .npy}; null for anything else. */
  static Boolean isNpz(Path output) {
    String n = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".npz") ? Boolean.TRUE : n.endsWith(".npy") ? Boolean.FALSE : null;
  }

  OutputFiles(Path output, int outputs) {
    this.output = output;
    this.npz = Boolean.TRUE.equals(isNpz(output));
    if (!npz && outputs != 1) {
      throw new IllegalArgumentException(outputs + " outputs to an .npy"); // refused by Main before any work
    }
    this.writers = new NpyWriter[outputs];
  }

  /** Appends one chunk of items of every output, in output order. */
  void append(Tensor[] ys) throws IOException {
    for (int i = 0; i < ys.length; i++) {
      if (writers[i] == null) {
        // One .npy per output, beside the result (same file system, so no copy across devices).
        Path part = createBeside(output, npz ? "." + TestVector.OUTPUT_PREFIX + i + ".tmp" : ".tmp");
        parts.add(part);
        int[] s = ys[i].shape();
        writers[i] = NpyWriter.create(part, Arrays.copyOfRange(s, 1, s.length));
      }
      writers[i].append(ys[i]);
    }
  }

  /** Items written so far. */
  long count() {
    return writers[0] == null ? 0 : writers[0].count();
  }

  /** Finishes the files and moves the result into place, replacing an existing file. */
  void commit() throws IOException {
    for (NpyWriter w : writers) {
      w.close();
    }
    Path result = parts.get(0);
    if (npz) {
      result = createBeside(output, ".tmp");
      parts.add(result);
      Map<String, Path> arrays = new LinkedHashMap<>();
      for (int i = 0; i < writers.length; i++) {
        arrays.put(TestVector.OUTPUT_PREFIX + i, parts.get(i));
      }
      Npz.writeFiles(result, arrays);
    }
    if (Files.exists(output)) {
      keepPermissions(output, result);
    }
    try {
      Files.move(result, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(result, output, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Deletes the temporary files (and, before {@link #commit()}, everything written). */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (NpyWriter w : writers) {
      if (w != null && !committed) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    for (Path p : parts) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * A new empty file {@code .<name>.<random><suffix>} in {@code target}'s directory. Created
   * without explicit permissions, so the umask applies as for any program's output; {@link
   * Files#createTempFile} would make it readable by its owner only, and the rename would carry
   * that over to the result.
   */
  static Path createBeside(Path target, String suffix) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String base = "." + target.getFileName() + ".";
    while (true) {
      Path p = dir.resolve(base + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + suffix);
      try {
        return Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        // Taken by a concurrent run; draw another name.
      }
    }
  }

  /** Replacing a file keeps its permissions, as writing it in place would (e.g. a file kept private). */
  private static void keepPermissions(Path from, Path to) throws IOException {
    try {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the new file has the system's default permissions.
    }
  }
}
