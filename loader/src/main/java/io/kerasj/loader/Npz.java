package io.kerasj.loader;

import io.kerasj.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip of {@code .npy} files, as {@code np.savez} and
 * {@code np.savez_compressed} write them. Array names are the entry names without {@code .npy}, as
 * {@code np.load} gives them. Entries that are not {@code .npy} files (e.g. a {@code metadata.json}
 * added with Python's {@code zipfile}) are kept as raw bytes, which is what {@code np.load}
 * returns for them as well.
 *
 * <p>Reading is bounded: at most {@link #MAX_ENTRIES} entries, each {@code .npy} entry read as
 * {@link Npy} reads a file (float dtypes only, header checked before allocation), other entries at
 * most {@link #MAX_OTHER_ENTRY_BYTES} bytes, and all entries together at most the given byte limit
 * (uncompressed, counted while reading, so a zip bomb is stopped). Problems throw
 * {@link NpyFormatException} naming the archive and the entry.
 */
public final class Npz {
  /** The most entries an archive may have. */
  public static final int MAX_ENTRIES = 4096;
  /** The largest non-{@code .npy} entry (e.g. JSON metadata) read. */
  public static final int MAX_OTHER_ENTRY_BYTES = 16 << 20;
  /** The default limit on the uncompressed bytes of all entries together: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  private final Map<String, Tensor> arrays;
  private final Map<String, byte[]> others;

  private Npz(Map<String, Tensor> arrays, Map<String, byte[]> others) {
    this.arrays = Collections.unmodifiableMap(arrays);
    this.others = Collections.unmodifiableMap(others);
  }

  /** An archive of the given arrays and other entries (names as in the zip, e.g. {@code meta.json}). */
  public static Npz of(Map<String, Tensor> arrays, Map<String, byte[]> others) {
    Map<String, byte[]> o = new LinkedHashMap<>();
    others.forEach((k, v) -> o.put(k, v.clone()));
    return new Npz(new LinkedHashMap<>(arrays), o);
  }

  /** The arrays in archive order, by name without {@code .npy}. */
  public Map<String, Tensor> arrays() {
    return arrays;
  }

  /** The entries that are not {@code .npy} arrays, by their full entry name. */
  public Map<String, byte[]> others() {
    return others;
  }

  /** Reads an archive with the {@linkplain #DEFAULT_MAX_BYTES default byte limit}. */
  public static Npz read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads an archive.
   *
   * @param maxBytes the limit on the uncompressed bytes of all entries together
   * @throws NpyFormatException if the file is not a zip, has too many or too large entries, or an
   *     entry is not a readable float {@code .npy} array
   * @throws IOException if the file cannot be read
   */
  public static Npz read(Path file, long maxBytes) throws IOException {
    String archive = file.toString();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new NpyFormatException(archive + ": not an .npz archive (not a zip file: " + e.getMessage() + ")");
    } catch (java.io.EOFException e) {
      // Thrown without a message when the end-of-central-directory record points past the end of the file.
      throw new NpyFormatException(archive + ": not an .npz archive (not a zip file: its directory lies past the end"
          + " of the file; truncated?)");
    }
    try (zip) {
      if (zip.size() > MAX_ENTRIES) {
        throw new NpyFormatException(archive + ": .npz archive has " + zip.size() + " entries, more than the limit of "
            + MAX_ENTRIES);
      }
      Map<String, Tensor> arrays = new LinkedHashMap<>();
      Map<String, byte[]> others = new LinkedHashMap<>();
      long[] budget = {maxBytes};
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        String entryName = archive + "!" + e.getName();
        // The declared size decides the allocation in Npy.read, so it is checked before reading.
        if (e.getSize() > budget[0]) {
          throw new NpyFormatException(entryName + ": entry of " + e.getSize() + " bytes: the .npz archive holds more"
              + " than the limit of " + maxBytes + " uncompressed bytes");
        }
        try (InputStream raw = zip.getInputStream(e)) {
          BoundedInputStream in = new BoundedInputStream(raw, budget, entryName, maxBytes);
          if (e.getName().endsWith(".npy")) {
            String key = e.getName().substring(0, e.getName().length() - 4);
            Tensor t;
            if (e.getSize() >= 0) {
              t = Npy.read(entryName, in, e.getSize());
              if (in.read() >= 0) {
                throw new NpyFormatException(entryName + ": entry is longer than the " + e.getSize()
                    + " bytes the archive declares");
              }
            } else {
              t = Npy.read(entryName, in.readAllBytes());
            }
            if (arrays.put(key, t) != null) {
              throw new NpyFormatException(archive + ": duplicate entry '" + e.getName() + "'");
            }
          } else {
            if (e.getSize() > MAX_OTHER_ENTRY_BYTES) {
              throw new NpyFormatException(entryName + ": entry of " + e.getSize() + " bytes exceeds the limit of "
                  + MAX_OTHER_ENTRY_BYTES + " for a non-.npy entry");
            }
            byte[] b = in.readNBytes(MAX_OTHER_ENTRY_BYTES + 1);
            if (b.length > MAX_OTHER_ENTRY_BYTES) {
              throw new NpyFormatException(entryName + ": entry exceeds the limit of " + MAX_OTHER_ENTRY_BYTES
                  + " bytes for a non-.npy entry");
            }
            others.put(e.getName(), b);
          }
        } catch (ZipException ex) {
          throw new NpyFormatException(entryName + ": corrupt .npz entry: " + ex.getMessage());
        } catch (java.io.EOFException ex) {
          // java.util.zip's own EOFException has no message: the entry's data lies past the end of the file.
          throw new NpyFormatException(entryName + ": corrupt .npz entry: " + (ex.getMessage() != null
              ? ex.getMessage() : "the archive ends before the entry's data (truncated file?)"));
        }
      }
      return new Npz(arrays, others);
    }
  }

  /**
   * Writes the archive as {@code np.savez} does: stored (not compressed) {@code <name>.npy}
   * entries, then the other entries. Replaces an existing file.
   */
  public void write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, Tensor> a : arrays.entrySet()) {
        byte[] b = Npy.toBytes(a.getValue());
        stored(zip, a.getKey() + ".npy", b.length, crc(b), () -> new java.io.ByteArrayInputStream(b));
      }
      for (Map.Entry<String, byte[]> o : others.entrySet()) {
        byte[] b = o.getValue();
        stored(zip, o.getKey(), b.length, crc(b), () -> new java.io.ByteArrayInputStream(b));
      }
    }
  }

  /**
   * Writes an archive of {@code .npy} files already on disk, as {@link #write} lays it out, copying
   * each file through a small buffer: what {@code np.savez} writes for arrays that need not fit in
   * memory together. Replaces an existing file.
   *
   * @param npyFiles the archive's arrays in order, by name (without {@code .npy}) to the file holding it
   */
  public static void writeFiles(Path file, Map<String, Path> npyFiles) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, Path> a : npyFiles.entrySet()) {
        Path p = a.getValue();
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(p)) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) {
            crc.update(buf, 0, n);
          }
        }
        stored(zip, a.getKey() + ".npy", Files.size(p), crc.getValue(), () -> Files.newInputStream(p));
      }
    }
  }

  private static long crc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  /** Opens an entry's bytes; a file is read twice, once for its CRC and once to copy it. */
  private interface Content {
    InputStream open() throws IOException;
  }

  // A stored entry must give its size and CRC before its data, which is why both are computed first.
  private static void stored(ZipOutputStream zip, String name, long size, long crc, Content content)
      throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(size);
    e.setCompressedSize(size);
    e.setCrc(crc);
    zip.putNextEntry(e);
    try (InputStream in = content.open()) {
      in.transferTo(zip);
    }
    zip.closeEntry();
  }

  /** Counts the bytes read from all entries against one budget. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private final long[] budget;
    private final String name;
    private final long limit;

    BoundedInputStream(InputStream in, long[] budget, String name, long limit) {
      this.in = in;
      this.budget = budget;
      this.name = name;
      this.limit = limit;
    }

    private void take(long n) throws NpyFormatException {
      budget[0] -= n;
      if (budget[0] < 0) {
        throw new NpyFormatException(name + ": the .npz archive holds more than the limit of " + limit
            + " uncompressed bytes");
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        take(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        take(n);
      }
      return n;
    }
  }
}
