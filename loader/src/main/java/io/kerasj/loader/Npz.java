package io.kerasj.loader;

import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
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
 * (uncompressed; each entry's declared size is checked before it is read, and reading stops at
 * the first byte beyond it, so a zip bomb is stopped). Problems throw
 * {@link NpyFormatException} naming the archive and the entry.
 */
public final class Npz {
  /** The most entries an archive may have. */
  public static final int MAX_ENTRIES = 4096;
  /** The largest non-{@code .npy} entry (e.g. JSON metadata) read. */
  public static final int MAX_OTHER_ENTRY_BYTES = 16 << 20;
  /** The ceiling of the default limit on the uncompressed bytes of all entries together: 2 GiB (see {@link #read(Path)}). */
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

  /**
   * Reads an archive with the default byte limit: {@link #DEFAULT_MAX_BYTES} or a quarter of the
   * heap, whichever is smaller, so that a zip bomb is refused by the limit and never by the JVM.
   */
  public static Npz read(Path file) throws IOException {
    return read(file, defaultMaxBytes());
  }

  /** The default byte limit of {@link #read(Path)}: {@link #DEFAULT_MAX_BYTES} or a quarter of the heap. */
  static long defaultMaxBytes() {
    return LoadOptions.heapFit(DEFAULT_MAX_BYTES, 4);
  }

  /**
   * Reads an archive as NumPy's {@code np.load} does, through Python's {@code zipfile} rules (see
   * {@link ZipArchive}): the central directory lists the entries, each entry's CRC-32 and declared
   * size are checked, and an entry's declared size is checked against the remaining byte budget
   * before anything is allocated for it.
   *
   * @param maxBytes the limit on the uncompressed bytes of all entries together
   * @throws NpyFormatException if the file is not a zip, has too many or too large entries, or an
   *     entry is not a readable float {@code .npy} array
   * @throws IOException if the file cannot be read, or is not a regular file
   */
  public static Npz read(Path file, long maxBytes) throws IOException {
    String archive = file.toString();
    InputFiles.requireRegularFile(file, ".npz archive");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(archive, ch, maxBytes);
    } catch (ModelFormatException | UnsupportedFeatureException e) {
      throw new NpyFormatException(e.getMessage(), e);
    }
  }

  private static Npz read(String archive, FileChannel ch, long maxBytes) throws IOException {
    // np.load tells an .npz from an .npy by its first bytes: a local header, or an empty archive's end record.
    byte[] magic = new byte[4];
    ZipArchive.Data data = ZipArchive.of(ch);
    int got = data.read(0, magic, 0, 4);
    if (got < 4 || magic[0] != 'P' || magic[1] != 'K' || !(magic[2] == 3 && magic[3] == 4 || magic[2] == 5 && magic[3] == 6)) {
      throw new NpyFormatException(archive + ": not an .npz archive (it does not start with a zip header)");
    }
    ZipArchive zip = ZipArchive.read(archive, data, MAX_ENTRIES, "Npz.MAX_ENTRIES");
    ZipArchive.Budget budget = new ZipArchive.Budget(maxBytes, "the byte limit of Npz.read");
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    Map<String, byte[]> others = new LinkedHashMap<>();
    for (ZipArchive.Entry e : zip.entries()) {
      if (e.isDirectory()) {
        continue;
      }
      String entryName = archive + "!" + Messages.snippet(e.name);
      // The declared size decides the allocation in Npy.read, so it is checked before reading.
      if (e.size > budget.remaining()) {
        throw new NpyFormatException(entryName + ": entry of " + e.size + " bytes: the .npz archive holds more"
            + " than the limit of " + maxBytes + " uncompressed bytes");
      }
      if (e.name.endsWith(".npy")) {
        String key = e.name.substring(0, e.name.length() - 4);
        Tensor t;
        try (InputStream in = zip.open(e, budget)) {
          t = Npy.read(entryName, in, e.size);
          // At the declared end: the stream checks that nothing follows, and the CRC.
          in.read();
        }
        if (arrays.put(key, t) != null) {
          throw new NpyFormatException(archive + ": duplicate entry " + Messages.quote(e.name));
        }
      } else {
        others.put(e.name, zip.read(e, MAX_OTHER_ENTRY_BYTES, "the limit for a non-.npy entry", budget));
      }
    }
    return new Npz(arrays, others);
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

  private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

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
    // A fixed time (the DOS epoch) makes the archive a function of its arrays only: the same
    // outputs give the same bytes, whatever the clock says.
    e.setTimeLocal(DOS_EPOCH);
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
}
