package io.kerasj.loader;

import io.kerasj.KerasjException;
import io.kerasj.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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

  static Source of(Path path, LoadOptions options) throws IOException {
    if (path == null) {
      throw new ModelFormatException("model path is null");
    }
    long size = Files.size(path);
    if (size > options.maxBytes()) {
      throw new ModelFormatException(path + ": file has " + size + " bytes, more than the limit of "
          + options.maxBytes() + " (LoadOptions.withMaxBytes)");
    }
    // The file may grow between size() and the read; read through the same bound as a stream.
    try (InputStream in = Files.newInputStream(path)) {
      return new Source(path.toString(), readBounded(path.toString(), in, options.maxBytes()));
    }
  }

  static Source of(String label, InputStream in, LoadOptions options) throws IOException {
    if (in == null) {
      throw new ModelFormatException(label + ": stream is null");
    }
    return new Source(label, readBounded(label, in, options.maxBytes()));
  }

  static byte[] readBounded(String label, InputStream in, long max) throws IOException {
    return readBounded(label, in, max, "LoadOptions.withMaxBytes");
  }

  private static byte[] readBounded(String label, InputStream in, long max, String option) throws IOException {
    // A Java array holds at most Integer.MAX_VALUE - 8 bytes, whatever the configured limit.
    long cap = Math.min(max, Integer.MAX_VALUE - 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > cap) {
        throw new ModelFormatException(label + ": more than the limit of " + cap + " bytes ("
            + (cap < max ? "the largest Java array" : option) + ")");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Reads the entries named in {@code wanted} from a zip archive into memory, within the limits of
   * {@code options}: entry count, uncompressed bytes per entry, and uncompressed bytes of all
   * entries together (the ones skipped are inflated to be skipped, so they count too, which stops
   * zip bombs hidden in an entry nobody reads). Entry names are only compared with the wanted
   * names, never used as paths: nothing is extracted, so names such as {@code ../../x} are inert.
   *
   * @return the wanted entries present, by name
   * @throws ModelFormatException if the archive is corrupt, truncated, over a limit, or holds a
   *     wanted entry twice (two readers could then disagree on which one counts)
   */
  static Map<String, byte[]> zipEntries(Source src, Set<String> wanted, LoadOptions options) {
    checkEndOfCentralDirectory(src);
    Map<String, byte[]> found = new LinkedHashMap<>();
    long[] total = {0};
    int count = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(src.bytes()))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (++count > options.maxZipEntries()) {
          throw new ModelFormatException(src.label() + ": the archive has more than " + options.maxZipEntries()
              + " entries (limit: LoadOptions.withMaxZipEntries)");
        }
        String name = e.getName();
        String entryLabel = src.label() + "!" + io.kerasj.Messages.snippet(name);
        InputStream counted = new CountingStream(zip, total, options.maxZipTotalBytes(), src.label());
        if (wanted.contains(name)) {
          if (found.containsKey(name)) {
            throw new ModelFormatException(src.label() + ": the archive holds entry " + io.kerasj.Messages.quote(name)
                + " twice");
          }
          found.put(name, readBounded(entryLabel, counted, options.maxZipEntryBytes(),
              "LoadOptions.withMaxZipEntryBytes"));
        } else {
          counted.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    } catch (KerasjException ex) {
      throw ex;
    } catch (IOException | RuntimeException ex) {
      throw new ModelFormatException(src.label() + ": not a readable .keras zip archive (" + Hdf.describe(ex) + ")", ex);
    }
    return found;
  }

  // ZipInputStream reads entries front to back and never looks at the central directory, so a
  // truncated archive whose first entries survived would load; the end record must be there.
  static void checkEndOfCentralDirectory(Source src) {
    byte[] b = src.bytes();
    int min = Math.max(0, b.length - 22 - 0xffff);
    for (int i = b.length - 22; i >= min; i--) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
        return;
      }
    }
    throw new ModelFormatException(src.label() + ": truncated or corrupt .keras archive (no end-of-central-directory record)");
  }

  /** Counts the bytes read through it into a running total shared by all entries of an archive. */
  private static final class CountingStream extends InputStream {
    private final InputStream in;
    private final long[] total;
    private final long max;
    private final String label;

    CountingStream(InputStream in, long[] total, long max, String label) {
      this.in = in;
      this.total = total;
      this.max = max;
      this.label = label;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) {
      total[0] += n;
      if (total[0] > max) {
        throw new ModelFormatException(label + ": the archive inflates to more than " + max
            + " bytes (limit: LoadOptions.withMaxZipTotalBytes)");
      }
    }
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

  boolean isZip() {
    return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
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
