package io.kerasj.loader;

import io.kerasj.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes of one input (file, array or stream) and the label messages call it by.
 *
 * <p>Arrays and streams are held in memory, bounded by {@link LoadOptions}. A regular file is
 * mapped read-only instead of being copied to the heap (issue 12: a load must fit in a heap of
 * twice the weights), so the only heap a model's weights take is the float arrays the layers
 * keep; the file is closed before this class returns, and the mapping lives as long as the
 * buffer. A file whose size does not fit a buffer, or that cannot be mapped, is read into memory
 * as before. On Windows files are always read into memory: a mapped file cannot be deleted or
 * replaced there until the mapping is collected, which the user would see as a locked model file.
 */
final class Source {
  /** Whether regular files are mapped rather than read (see the class comment). */
  static final boolean MAP_FILES = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final String label;
  /** Position 0, limit = capacity = the size; never moved (readers take a duplicate). */
  private final ByteBuffer buffer;
  /** The array behind {@link #buffer} when it has one, else {@code null} (a mapped file). */
  private final byte[] bytes;

  private Source(String label, byte[] bytes) {
    this.label = label;
    this.bytes = bytes;
    this.buffer = ByteBuffer.wrap(bytes);
  }

  private Source(String label, ByteBuffer mapped) {
    this.label = label;
    this.bytes = null;
    this.buffer = mapped;
  }

  static Source of(String label, byte[] bytes) {
    if (bytes == null) {
      throw new ModelFormatException(label + ": no bytes (null)");
    }
    return new Source(label, bytes);
  }

  /**
   * Reads or maps a file, after {@link InputFiles#requireRegularFile} and the byte limit.
   *
   * @param what what the file is, for messages ({@code "model"}, {@code "weights"}, …)
   */
  static Source of(Path path, String what, LoadOptions options) throws IOException {
    if (path == null) {
      throw new ModelFormatException(what + " path is null");
    }
    long size = InputFiles.requireRegularFile(path, what);
    // A file that can be mapped takes no heap: the default limit is not cut to the heap for it.
    boolean mappable = MAP_FILES && size <= ZipArchive.MAX_ARRAY;
    checkSize(path, size, mappable ? options.maxMappedBytes() : options.maxBytes());
    if (mappable) {
      ByteBuffer mapped = map(path, size);
      if (mapped != null) {
        return new Source(path.toString(), mapped);
      }
      checkSize(path, size, options.maxBytes());
    }
    try (InputStream in = Files.newInputStream(path)) {
      return new Source(path.toString(), readBounded(path.toString(), in, options.maxBytes(), size));
    }
  }

  private static void checkSize(Path path, long size, long max) {
    if (size > max) {
      throw new ModelFormatException(path + ": file has " + size + " bytes, more than the limit of " + max
          + " (LoadOptions.withMaxBytes)");
    }
  }

  /**
   * The file's first {@code size} bytes mapped read-only, or {@code null} if they cannot be mapped
   * (a file system without channels or mappings, or no address space left for one): the file is
   * then read into memory as before. A file that cannot be opened fails here, as reading it would.
   */
  private static ByteBuffer map(Path path, long size) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (UnsupportedOperationException e) {
      return null;
    }
    try (ch) {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }

  static Source of(String label, InputStream in, LoadOptions options) throws IOException {
    if (in == null) {
      throw new ModelFormatException(label + ": stream is null");
    }
    return new Source(label, readBounded(label, in, options.maxBytes(), -1));
  }

  /**
   * {@code length} bytes of this source from {@code offset}, without a copy: a stored zip entry
   * whose bounds, size and CRC were checked ({@link ZipArchive#check}).
   */
  Source slice(String newLabel, long offset, long length) {
    ByteBuffer b = buffer.duplicate();
    b.position(Math.toIntExact(offset));
    b.limit(Math.toIntExact(offset + length));
    return new Source(newLabel, b.slice());
  }

  /**
   * Copies a zip entry to a temporary file and maps it: a deflated {@code model.weights.h5} of a
   * mapped archive, which would otherwise be inflated onto the heap. The entry is read as {@link
   * ZipArchive#read} reads it (the same limits, checked before anything is written; the declared
   * size, at most, is written; the CRC), and the file is deleted before this returns, whatever
   * happens: the mapping keeps its pages (POSIX semantics; on Windows files are never mapped).
   *
   * @throws UncheckedIOException if the temporary file cannot be written (the caller's I/O
   *     failure, e.g. a full disk, not the archive's)
   */
  static Source ofEntry(String newLabel, ZipArchive zip, ZipArchive.Entry e, long limit, String option,
      ZipArchive.Budget budget) throws IOException {
    try (InputStream in = zip.openChecked(e, limit, option, budget)) {
      Path tmp;
      try {
        tmp = Files.createTempFile("kerasj-", ".weights.h5");
      } catch (IOException ex) {
        throw new TempFileFailure(newLabel, ex);
      }
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          byte[] buf = new byte[1 << 16];
          ByteBuffer bb = ByteBuffer.wrap(buf);
          long written = 0;
          for (int n; (n = in.read(buf)) >= 0; ) {
            bb.clear().limit(n);
            try {
              while (bb.hasRemaining()) {
                written += ch.write(bb, written);
              }
            } catch (IOException ex) {
              throw new TempFileFailure(newLabel, ex);
            }
          }
          try {
            return new Source(newLabel, ch.map(FileChannel.MapMode.READ_ONLY, 0, written));
          } catch (IOException ex) {
            throw new TempFileFailure(newLabel, ex);
          }
        }
      } finally {
        delete(tmp);
      }
    }
  }

  private static void delete(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException | RuntimeException ex) {
      // Not expected on a POSIX file system once the channel is closed; never leave the file behind.
      tmp.toFile().deleteOnExit();
    }
  }

  /** A temporary file could not be written: an I/O failure for the caller, not a fault of the model file. */
  static final class TempFileFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    TempFileFailure(String label, IOException cause) {
      super(label + ": cannot write the entry to a temporary file (" + cause + ")", cause);
    }
  }

  /**
   * Reads a stream to its end, refusing more than {@code max} bytes (LoadOptions.withMaxBytes). With
   * a size hint (a regular file's size) the array is allocated once, at that size; without one the
   * bytes are gathered in chunks, so that an endless stream ({@code /dev/zero}) costs at most twice
   * the limit before it is refused, never the doubling growth of a {@code ByteArrayOutputStream}.
   */
  static byte[] readBounded(String label, InputStream in, long max, long hint) throws IOException {
    // A Java array holds at most Integer.MAX_VALUE - 8 bytes, whatever the configured limit.
    long cap = Math.min(max, ZipArchive.MAX_ARRAY);
    List<byte[]> chunks = new ArrayList<>();
    long total = 0;
    if (hint >= 0 && hint <= cap) {
      byte[] whole = in.readNBytes((int) hint);
      int next = in.read();
      if (next < 0) {
        return whole;
      }
      // The file grew after its size was taken: go on as for a stream.
      chunks.add(whole);
      chunks.add(new byte[] {(byte) next});
      total = whole.length + 1L;
    }
    while (total <= cap) {
      // Chunks grow with what has arrived (up to 64 MiB), and never reach past the limit by more than a byte.
      int size = (int) Math.min(Math.max(1 << 16, Math.min(total, 64L << 20)), cap + 1 - total);
      byte[] chunk = in.readNBytes(size);
      chunks.add(chunk);
      total += chunk.length;
      if (chunk.length < size) {
        break;
      }
    }
    if (total > cap) {
      throw new ModelFormatException(label + ": more than the limit of " + cap + " bytes ("
          + (cap < max ? "the largest Java array" : "LoadOptions.withMaxBytes") + ")");
    }
    byte[] out = new byte[(int) total];
    int p = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, p, c.length);
      p += c.length;
    }
    return out;
  }

  String label() {
    return label;
  }

  long size() {
    return buffer.capacity();
  }

  /** Whether the bytes are a mapped file rather than an array on the heap. */
  boolean isMapped() {
    return bytes == null;
  }

  /** The bytes as a buffer of their own (position 0, limit the size), which the caller may move. */
  ByteBuffer buffer() {
    return buffer.duplicate();
  }

  /**
   * The bytes as an array: the array itself for an array source, a copy of a mapped file (only
   * for what must be whole on the heap anyway, e.g. a JSON config, after its size was checked).
   */
  byte[] bytes() {
    if (bytes != null) {
      return bytes;
    }
    byte[] copy = new byte[buffer.capacity()];
    buffer.duplicate().get(copy);
    return copy;
  }

  /** The first {@code n} bytes (fewer if the source is shorter). */
  byte[] head(int n) {
    byte[] h = new byte[Math.min(n, buffer.capacity())];
    buffer.duplicate().get(h);
    return h;
  }

  Source withLabel(String newLabel) {
    return bytes != null ? new Source(newLabel, bytes) : new Source(newLabel, buffer);
  }

  private int at(int i) {
    return buffer.get(i);
  }

  boolean isHdf5() {
    int length = buffer.capacity();
    // The superblock may follow a user block of 512, 1024, 2048… bytes.
    for (int off = 0; off + 8 <= length; off = off == 0 ? 512 : off * 2) {
      if ((at(off) & 0xff) == 0x89 && at(off + 1) == 'H' && at(off + 2) == 'D' && at(off + 3) == 'F'
          && at(off + 4) == '\r' && at(off + 5) == '\n' && at(off + 6) == 0x1a && at(off + 7) == '\n') {
        return true;
      }
      if (off >= (1 << 20)) {
        break;
      }
    }
    return false;
  }

  /** Whether the bytes start as a zip archive does (a local file header). */
  boolean isZip() {
    return buffer.capacity() >= 4 && at(0) == 'P' && at(1) == 'K' && at(2) == 3 && at(3) == 4;
  }

  /**
   * Whether the bytes end as a zip archive does, as Python's {@code zipfile.is_zipfile} decides
   * (which is how Keras recognizes a {@code .keras} file): this also finds archives with data
   * prepended, e.g. a self-extracting stub.
   */
  boolean endsLikeZip() {
    return ZipArchive.hasEndRecord(ZipArchive.of(buffer));
  }

  boolean isJson() {
    int length = buffer.capacity();
    int i = 0;
    if (length >= 3 && (at(0) & 0xff) == 0xef && (at(1) & 0xff) == 0xbb && (at(2) & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < length && Character.isWhitespace(at(i))) {
      i++;
    }
    return i < length && at(i) == '{';
  }
}
