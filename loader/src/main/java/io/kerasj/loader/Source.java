package io.kerasj.loader;

import io.kerasj.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one input (file, array or stream) and the label messages call it by.
 *
 * <p>Everything is read into memory, bounded by {@link LoadOptions}: no temporary file is ever
 * written, and every file or stream this class opens is closed before it returns.
 */
final class Source {
  private final String label;
  private final byte[] bytes;

  private Source(String label, byte[] bytes) {
    this.label = label;
    this.bytes = bytes;
  }

  static Source of(String label, byte[] bytes) {
    if (bytes == null) {
      throw new ModelFormatException(label + ": no bytes (null)");
    }
    return new Source(label, bytes);
  }

  /**
   * Reads a file into memory, after {@link InputFiles#requireRegularFile} and the byte limit.
   *
   * @param what what the file is, for messages ({@code "model"}, {@code "weights"}, …)
   */
  static Source of(Path path, String what, LoadOptions options) throws IOException {
    if (path == null) {
      throw new ModelFormatException(what + " path is null");
    }
    long size = InputFiles.requireRegularFile(path, what);
    if (size > options.maxBytes()) {
      throw new ModelFormatException(path + ": file has " + size + " bytes, more than the limit of "
          + options.maxBytes() + " (LoadOptions.withMaxBytes)");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return new Source(path.toString(), readBounded(path.toString(), in, options.maxBytes(), size));
    }
  }

  static Source of(String label, InputStream in, LoadOptions options) throws IOException {
    if (in == null) {
      throw new ModelFormatException(label + ": stream is null");
    }
    return new Source(label, readBounded(label, in, options.maxBytes(), -1));
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

  byte[] bytes() {
    return bytes;
  }

  Source withLabel(String newLabel) {
    return new Source(newLabel, bytes);
  }

  boolean isHdf5() {
    // The superblock may follow a user block of 512, 1024, 2048… bytes.
    for (int off = 0; off + 8 <= bytes.length; off = off == 0 ? 512 : off * 2) {
      if ((bytes[off] & 0xff) == 0x89 && bytes[off + 1] == 'H' && bytes[off + 2] == 'D' && bytes[off + 3] == 'F'
          && bytes[off + 4] == '\r' && bytes[off + 5] == '\n' && bytes[off + 6] == 0x1a && bytes[off + 7] == '\n') {
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
    return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
  }

  /**
   * Whether the bytes end as a zip archive does, as Python's {@code zipfile.is_zipfile} decides
   * (which is how Keras recognizes a {@code .keras} file): this also finds archives with data
   * prepended, e.g. a self-extracting stub.
   */
  boolean endsLikeZip() {
    return ZipArchive.hasEndRecord(bytes);
  }

  boolean isJson() {
    int i = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '{';
  }
}
