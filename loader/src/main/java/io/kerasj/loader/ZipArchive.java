package io.kerasj.loader;

import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip archive read the way CPython's {@code zipfile} (3.11) reads it, since that is what Keras
 * ({@code .keras}) and NumPy ({@code .npz}) use: a file {@code zipfile} refuses is refused, and a
 * file it reads is read the same way, so that kerasj never runs a different model than Keras.
 *
 * <ul>
 *   <li>The central directory is the truth. It is found from the end-of-central-directory record
 *       (at the very end, else the last one in the final 64 KiB, i.e. after an archive comment),
 *       with the zip64 locator and record when present; data prepended to the archive is
 *       tolerated as {@code zipfile} tolerates it, by shifting every offset by the difference
 *       between where the directory is and where the record says it is.
 *   <li>Entry names are cut at the first NUL, as {@code zipfile} names them; entry data is read
 *       at the offset the directory gives, after a local header whose name must equal the
 *       directory's; local sizes, CRC and method are ignored, as {@code zipfile} ignores them.
 *   <li>Each entry must inflate to exactly the size the directory declares (kerasj is stricter
 *       than {@code zipfile} here, which silently truncates or returns a short entry), and its
 *       CRC-32 must match. Memory for an entry is allocated from the declared size only after it
 *       passed the caller's limit, and inflating stops at the first byte beyond it, so a zip bomb
 *       costs at most the limit, whatever it declares.
 *   <li>Stored and deflated entries are read; the methods {@code zipfile} also reads (bzip2, lzma)
 *       and the ones it refuses are refused by name, as are encrypted entries.
 * </ul>
 *
 * <p>Nothing is ever extracted: names are only compared with the names the caller asks for.
 */
final class ZipArchive {
  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int END64 = 0x06064b50;
  private static final int END64_LOCATOR = 0x07064b50;
  private static final int END_SIZE = 22;
  private static final int END64_SIZE = 56;
  private static final int END64_LOCATOR_SIZE = 20;
  private static final int CENTRAL_SIZE = 46;
  private static final int LOCAL_SIZE = 30;
  /** zipfile's MAX_EXTRACT_VERSION: 6.3. */
  private static final int MAX_EXTRACT_VERSION = 63;
  /** Sizes and offsets from zip64 fields are clamped here, far beyond any file, so sums cannot overflow. */
  private static final long HUGE = 1L << 62;
  private static final int FLAG_ENCRYPTED = 1;
  private static final int FLAG_COMPRESSED_PATCH = 1 << 5;
  private static final int FLAG_STRONG_ENCRYPTION = 1 << 6;
  private static final int FLAG_UTF8 = 1 << 11;
  /** The largest Java array. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final int CHUNK = 1 << 16;
  /** Bytes 0x80-0xff of code page 437, zipfile's encoding of names without the UTF-8 flag (0x00-0x7f are ASCII). */
  private static final String CP437_HIGH = "\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef\u00ee"
      + "\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6\u00dc\u00a2\u00a3\u00a5\u20a7"
      + "\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba\u00bf\u2310\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591"
      + "\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c"
      + "\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558"
      + "\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580\u03b1\u00df\u0393\u03c0\u03a3\u03c3\u00b5"
      + "\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6\u03b5\u2229\u2261\u00b1\u2265\u2264\u2320\u2321\u00f7\u2248\u00b0"
      + "\u2219\u00b7\u221a\u207f\u00b2\u25a0\u00a0";

  /** Random access to the bytes of an archive: an array in memory, or a file read in place. */
  interface Data {
    long size() throws IOException;

    /** Reads up to {@code len} bytes at {@code pos}; fewer only at the end of the data, 0 beyond it. */
    int read(long pos, byte[] b, int off, int len) throws IOException;
  }

  static Data of(byte[] bytes) {
    return new Data() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(long pos, byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return 0;
        }
        int n = (int) Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, (int) pos, b, off, n);
        return n;
      }
    };
  }

  /** A buffer's bytes from 0 to its capacity (e.g. a mapped file); the buffer itself is never moved. */
  static Data of(ByteBuffer buffer) {
    ByteBuffer whole = buffer.duplicate();
    whole.clear();
    return new Data() {
      @Override
      public long size() {
        return whole.capacity();
      }

      @Override
      public int read(long pos, byte[] b, int off, int len) {
        if (pos >= whole.capacity()) {
          return 0;
        }
        int n = (int) Math.min(len, whole.capacity() - pos);
        whole.get((int) pos, b, off, n);
        return n;
      }
    };
  }

  static Data of(FileChannel ch) {
    return new Data() {
      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public int read(long pos, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos + buf.position() - off);
          if (n < 0) {
            break;
          }
        }
        return buf.position() - off;
      }
    };
  }

  /** One central-directory record. */
  static final class Entry {
    /** The name as zipfile gives it: the stored name cut at its first NUL. */
    final String name;
    /** The stored name, which the local header must repeat. */
    final String storedName;
    final int flags;
    final int method;
    final long crc;
    final long compressedSize;
    /** The declared uncompressed size. */
    final long size;
    /** Where the local header is, prepended data accounted for. */
    final long headerOffset;

    Entry(String storedName, int flags, int method, long crc, long compressedSize, long size, long headerOffset) {
      int nul = storedName.indexOf('\0');
      this.name = nul >= 0 ? storedName.substring(0, nul) : storedName;
      this.storedName = storedName;
      this.flags = flags;
      this.method = method;
      this.crc = crc;
      this.compressedSize = compressedSize;
      this.size = size;
      this.headerOffset = headerOffset;
    }

    boolean isDirectory() {
      return name.endsWith("/");
    }
  }

  /** A running total of the bytes inflated from one archive, against one limit. */
  static final class Budget {
    private final long limit;
    private final String option;
    private long used;

    Budget(long limit, String option) {
      this.limit = limit;
      this.option = option;
    }

    long remaining() {
      return limit - used;
    }

    /** Refuses, before anything is allocated for it, an entry that would take the total over the limit. */
    void require(String label, long n) {
      if (n > limit - used) {
        throw over(label);
      }
    }

    void take(String label, long n) {
      used += n;
      if (used > limit) {
        throw over(label);
      }
    }

    private ModelFormatException over(String label) {
      return new ModelFormatException(label + ": the archive's entries inflate to more than " + limit
          + " bytes (limit: " + option + ")");
    }
  }

  private final String label;
  private final Data data;
  private final List<Entry> entries;

  private ZipArchive(String label, Data data, List<Entry> entries) {
    this.label = label;
    this.data = data;
    this.entries = Collections.unmodifiableList(entries);
  }

  String label() {
    return label;
  }

  /** The central directory's records, in its order (duplicates included, as zipfile's infolist()). */
  List<Entry> entries() {
    return entries;
  }

  /**
   * Whether the bytes end the way a zip archive ends, as {@code zipfile.is_zipfile} decides: an
   * end-of-central-directory record within the last 64 KiB + 22 bytes.
   */
  static boolean hasEndRecord(Data data) {
    try {
      return endRecordAt(data) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the central directory.
   *
   * @param maxEntries the most records accepted
   * @param entriesOption the method that raises {@code maxEntries}, for the message
   * @throws ModelFormatException if {@code zipfile} would refuse the directory, or it has more
   *     than {@code maxEntries} records
   */
  static ZipArchive read(String label, Data data, int maxEntries, String entriesOption) throws IOException {
    long size = data.size();
    long end = endRecordAt(data);
    if (end < 0) {
      throw new ModelFormatException(label + ": not a zip archive, or a truncated one (no end-of-central-directory"
          + " record)");
    }
    byte[] rec = readUpTo(data, end, END_SIZE);
    long cdSize = u32(rec, 12);
    long cdOffset = u32(rec, 16);
    boolean zip64 = false;
    if (end >= END64_LOCATOR_SIZE) {
      byte[] loc = readUpTo(data, end - END64_LOCATOR_SIZE, END64_LOCATOR_SIZE);
      if (i32(loc, 0) == END64_LOCATOR) {
        if (u32(loc, 4) != 0 || u32(loc, 16) > 1) {
          throw new ModelFormatException(label + ": zip archives that span several disks are not supported");
        }
        long at = end - END64_LOCATOR_SIZE - END64_SIZE;
        if (at < 0) {
          throw new ModelFormatException(label + ": not a zip archive (the zip64 end record would start before the file)");
        }
        byte[] r64 = readUpTo(data, at, END64_SIZE);
        if (r64.length == END64_SIZE && i32(r64, 0) == END64) {
          zip64 = true;
          cdSize = u64(r64, 40);
          cdOffset = u64(r64, 48);
        }
      }
    }
    // zipfile never seeks to cdOffset: the directory is taken to end where the end records begin,
    // and the difference to the recorded offset ("concat", data prepended to the archive) shifts
    // every local header offset as well.
    long cdStart = end - cdSize - (zip64 ? END64_SIZE + END64_LOCATOR_SIZE : 0);
    if (cdStart < 0) {
      throw new ModelFormatException(label + ": bad offset for the central directory (it would start "
          + (-cdStart) + " bytes before the file)");
    }
    long concat = cdStart - cdOffset;
    Cursor cd = new Cursor(data, cdStart, Math.min(size, cdStart + cdSize));
    List<Entry> list = new ArrayList<>();
    long total = 0;
    while (total < cdSize) {
      byte[] h = cd.read(CENTRAL_SIZE);
      if (h.length != CENTRAL_SIZE) {
        throw new ModelFormatException(label + ": truncated central directory (record " + list.size() + ")");
      }
      if (i32(h, 0) != CENTRAL) {
        throw new ModelFormatException(label + ": bad magic number for central directory record " + list.size());
      }
      if (list.size() >= maxEntries) {
        throw new ModelFormatException(label + ": the archive has more than " + maxEntries + " entries (limit: "
            + entriesOption + ")");
      }
      int extractVersion = h[6] & 0xff;
      int flags = u16(h, 8);
      int method = u16(h, 10);
      long crc = u32(h, 16);
      long csize = u32(h, 20);
      long usize = u32(h, 24);
      int nameLen = u16(h, 28);
      int extraLen = u16(h, 30);
      int commentLen = u16(h, 32);
      long offset = u32(h, 42);
      String name = decodeName(label, cd.read(nameLen), flags);
      byte[] extra = cd.read(extraLen);
      cd.read(commentLen);
      if (extractVersion > MAX_EXTRACT_VERSION) {
        throw new UnsupportedFeatureException(label + "!" + Messages.snippet(name) + ": zip file version "
            + extractVersion / 10 + "." + extractVersion % 10 + " is not supported (at most 6.3, as Python's zipfile)");
      }
      // zipfile's ZipInfo._decodeExtra: the zip64 field replaces the sizes and offset saturated at 0xffffffff.
      for (int i = 0; extra.length - i >= 4; ) {
        int tp = u16(extra, i);
        int ln = u16(extra, i + 2);
        if (ln + 4 > extra.length - i) {
          throw new ModelFormatException(label + "!" + Messages.snippet(name) + ": corrupt extra field "
              + String.format("%04x", tp) + " (size " + ln + ")");
        }
        if (tp == 1) {
          int p = i + 4;
          int stop = p + ln;
          // As raw 64-bit values: a second zip64 field is read again when the first gave 2^64 - 1.
          if (usize == 0xffffffffL || usize == -1L) {
            usize = rawZip64(label, name, extra, p, stop, "file size");
            p += 8;
          }
          if (csize == 0xffffffffL) {
            csize = rawZip64(label, name, extra, p, stop, "compressed size");
            p += 8;
          }
          if (offset == 0xffffffffL) {
            offset = rawZip64(label, name, extra, p, stop, "header offset");
          }
        }
        i += ln + 4;
      }
      list.add(new Entry(name, flags, method, crc, clamp(csize), clamp(usize), clamp(offset) + concat));
      total += CENTRAL_SIZE + nameLen + extraLen + commentLen;
    }
    return new ZipArchive(label, data, list);
  }

  /** Where the end-of-central-directory record starts, as zipfile's _EndRecData finds it; -1 if none. */
  private static long endRecordAt(Data data) throws IOException {
    long size = data.size();
    if (size < END_SIZE) {
      return -1;
    }
    byte[] last = readUpTo(data, size - END_SIZE, END_SIZE);
    if (i32(last, 0) == END && last[20] == 0 && last[21] == 0) {
      return size - END_SIZE;
    }
    // An archive comment (up to 64 KiB) follows the record: the last signature in that window counts.
    long from = Math.max(size - (1 << 16) - END_SIZE, 0);
    byte[] window = readUpTo(data, from, (int) (size - from));
    for (int i = window.length - 4; i >= 0; i--) {
      if (i32(window, i) == END) {
        return i + END_SIZE <= window.length ? from + i : -1;
      }
    }
    return -1;
  }

  private static long rawZip64(String label, String name, byte[] extra, int p, int stop, String field) {
    if (p + 8 > stop) {
      throw new ModelFormatException(label + "!" + Messages.snippet(name) + ": corrupt zip64 extra field (" + field
          + " not found)");
    }
    return u32(extra, p) | u32(extra, p + 4) << 32;
  }

  /** An unsigned 64-bit value, saturated at {@link #HUGE}, beyond any file, so that sums cannot overflow. */
  private static long clamp(long v) {
    return v < 0 || v > HUGE ? HUGE : v;
  }

  /** zipfile's name decoding: UTF-8 when flag bit 11 is set (strictly), else code page 437. */
  private static String decodeName(String label, byte[] raw, int flags) {
    if ((flags & FLAG_UTF8) != 0) {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
      } catch (CharacterCodingException e) {
        throw new ModelFormatException(label + ": an entry name flagged as UTF-8 is not valid UTF-8");
      }
    }
    char[] c = new char[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int b = raw[i] & 0xff;
      c[i] = b < 0x80 ? (char) b : CP437_HIGH.charAt(b - 0x80);
    }
    return new String(c);
  }

  /**
   * The only record named {@code name}, or {@code null}.
   *
   * @throws ModelFormatException if several records have that name: zipfile would take the last,
   *     another reader the first, so kerasj takes neither
   */
  Entry unique(String name) {
    Entry found = null;
    for (Entry e : entries) {
      if (e.name.equals(name)) {
        if (found != null) {
          throw new ModelFormatException(label + ": the archive holds entry " + Messages.quote(name) + " twice");
        }
        found = e;
      }
    }
    return found;
  }

  /**
   * Reads one entry into an array of its declared size, after checking that size against
   * {@code limit} and the budget, so that nothing beyond the limits is ever allocated.
   */
  byte[] read(Entry e, long limit, String option, Budget budget) throws IOException {
    byte[] out;
    try (EntryStream in = openChecked(e, limit, option, budget)) {
      out = new byte[(int) e.size];
      int p = 0;
      while (p < out.length) {
        p += in.read(out, p, out.length - p);
      }
      // The declared size is reached: the stream now checks that nothing follows, and the CRC.
      in.read();
    }
    return out;
  }

  /**
   * Checks a stored entry as {@link #read} would read it (the limits, the local header, the
   * declared size, the CRC), without keeping its bytes, and returns where its data starts: once
   * it passed, the entry is exactly the {@code e.size} bytes from there.
   */
  long checkStored(Entry e, long limit, String option, Budget budget) throws IOException {
    if (e.method != 0) {
      throw new IllegalArgumentException("not a stored entry: " + e.method);
    }
    byte[] buf = new byte[CHUNK];
    try (EntryStream in = openChecked(e, limit, option, budget)) {
      while (in.read(buf) >= 0) {
        // discarded
      }
      return in.dataStart;
    }
  }

  /**
   * Opens an entry after the checks {@link #read} makes before it allocates anything: the
   * entry's declared size against {@code limit}, the largest Java array (or buffer) and the budget.
   */
  EntryStream openChecked(Entry e, long limit, String option, Budget budget) throws IOException {
    String where = label + "!" + Messages.snippet(e.name);
    if (e.size > limit) {
      throw new ModelFormatException(where + ": entry of " + e.size + " bytes (uncompressed), more than the limit of "
          + limit + " (" + option + ")");
    }
    if (e.size > MAX_ARRAY) {
      throw new ModelFormatException(where + ": entry of " + e.size + " bytes, more than the largest Java array");
    }
    budget.require(label, e.size);
    return open(e, budget);
  }

  /** Reads an entry to its end without keeping it, for what reading it checks (size, CRC). */
  void verify(Entry e, Budget budget) throws IOException {
    byte[] buf = new byte[CHUNK];
    try (InputStream in = open(e, budget)) {
      while (in.read(buf) >= 0) {
        // discarded
      }
    }
  }

  /**
   * Opens an entry as zipfile's {@code ZipFile.open} does: checks the local header (signature, the
   * same name as the directory's, flags), then streams the data, which must come to exactly the
   * declared size and CRC-32; either failing throws {@link ModelFormatException} from a read.
   */
  EntryStream open(Entry e, Budget budget) throws IOException {
    String where = label + "!" + Messages.snippet(e.name);
    if (e.headerOffset < 0 || e.headerOffset >= HUGE) {
      throw new ModelFormatException(where + ": bad local header offset " + e.headerOffset);
    }
    byte[] h = readUpTo(data, e.headerOffset, LOCAL_SIZE);
    if (h.length != LOCAL_SIZE) {
      throw new ModelFormatException(where + ": truncated local file header at offset " + e.headerOffset);
    }
    if (i32(h, 0) != LOCAL) {
      throw new ModelFormatException(where + ": bad magic number for the local file header at offset "
          + e.headerOffset);
    }
    int nameLen = u16(h, 26);
    int extraLen = u16(h, 28);
    byte[] localName = readUpTo(data, e.headerOffset + LOCAL_SIZE, nameLen);
    if ((e.flags & FLAG_COMPRESSED_PATCH) != 0) {
      throw new UnsupportedFeatureException(where + ": compressed patched data (flag bit 5) is not supported");
    }
    if ((e.flags & FLAG_STRONG_ENCRYPTION) != 0) {
      throw new UnsupportedFeatureException(where + ": strong encryption (flag bit 6) is not supported");
    }
    String local = decodeName(where, localName, u16(h, 6));
    if (!local.equals(e.storedName)) {
      throw new ModelFormatException(where + ": the name in the central directory (" + Messages.quote(e.storedName)
          + ") and in the local header (" + Messages.quote(local) + ") differ");
    }
    if ((e.flags & FLAG_ENCRYPTED) != 0) {
      throw new UnsupportedFeatureException(where + ": the entry is encrypted (password required)");
    }
    if (e.method != 0 && e.method != 8) {
      String known = e.method == 12 ? " (bzip2)" : e.method == 14 ? " (lzma)" : e.method == 9 ? " (deflate64)"
          : e.method == 99 ? " (AES encryption)" : "";
      throw new UnsupportedFeatureException(where + ": compression method " + e.method + known + " is not supported;"
          + " kerasj reads stored and deflated entries, which is what Keras and NumPy write");
    }
    return new EntryStream(e, where, e.headerOffset + LOCAL_SIZE + nameLen + extraLen, budget);
  }

  /** An entry's bytes, inflated on the fly, held to its declared size and CRC. */
  final class EntryStream extends InputStream {
    /** Where the entry's data starts in the archive. */
    final long dataStart;
    private final Entry e;
    private final String where;
    private final Budget budget;
    private final Inflater inflater;
    private final byte[] in;
    private final CRC32 crc = new CRC32();
    private long inPos;
    private long inLeft;
    private long produced;
    private boolean done;

    EntryStream(Entry e, String where, long dataStart, Budget budget) {
      this.e = e;
      this.where = where;
      this.budget = budget;
      this.dataStart = dataStart;
      this.inPos = dataStart;
      this.inLeft = e.compressedSize;
      this.inflater = e.method == 8 ? new Inflater(true) : null;
      this.in = inflater != null ? new byte[(int) Math.max(1, Math.min(CHUNK, inLeft))] : null;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      long left = e.size - produced;
      if (left <= 0) {
        // Declared size reached: the entry must end here.
        if (produce(new byte[1], 0, 1) > 0) {
          throw new ModelFormatException(where + ": the entry holds more than the " + e.size
              + " bytes the central directory declares");
        }
        finish();
        return -1;
      }
      int n = produce(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new ModelFormatException(where + ": the entry ends after " + produced + " of the " + e.size
            + " bytes the central directory declares");
      }
      produced += n;
      crc.update(b, off, n);
      budget.take(label, n);
      return n;
    }

    private void finish() {
      done = true;
      if (crc.getValue() != e.crc) {
        throw new ModelFormatException(where + ": bad CRC-32 (the central directory says "
            + String.format("%08x", e.crc) + ", the data has " + String.format("%08x", crc.getValue()) + ")");
      }
    }

    /** Up to {@code len} (> 0) more bytes of the entry, or -1 at its end. */
    private int produce(byte[] b, int off, int len) throws IOException {
      if (inflater == null) {
        if (inLeft == 0) {
          return -1;
        }
        int n = data.read(inPos, b, off, (int) Math.min(len, inLeft));
        if (n <= 0) {
          throw truncated();
        }
        inPos += n;
        inLeft -= n;
        return n;
      }
      try {
        while (!inflater.finished()) {
          int n = inflater.inflate(b, off, len);
          if (n > 0) {
            return n;
          }
          if (inflater.needsDictionary()) {
            throw new ModelFormatException(where + ": corrupt deflate data (a preset dictionary is required)");
          }
          if (inflater.needsInput()) {
            // zipfile ends an entry whose compressed bytes are used up, finished stream or not;
            // the size and CRC checks then decide.
            if (inLeft == 0) {
              return -1;
            }
            int got = data.read(inPos, in, 0, (int) Math.min(in.length, inLeft));
            if (got <= 0) {
              throw truncated();
            }
            inPos += got;
            inLeft -= got;
            inflater.setInput(in, 0, got);
          }
        }
        return -1;
      } catch (DataFormatException ex) {
        throw new ModelFormatException(where + ": corrupt deflate data (" + Failures.explain(ex) + ")", ex);
      }
    }

    private ModelFormatException truncated() {
      return new ModelFormatException(where + ": the file ends inside the entry's data (" + inLeft
          + " compressed bytes missing)");
    }

    @Override
    public void close() {
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  /** Sequential reads within [pos, limit), each clipped at the limit as zipfile's BytesIO reads are. */
  private static final class Cursor {
    private final Data data;
    private long pos;
    private final long limit;

    Cursor(Data data, long pos, long limit) {
      this.data = data;
      this.pos = pos;
      this.limit = limit;
    }

    byte[] read(int n) throws IOException {
      int k = (int) Math.max(0, Math.min(n, limit - pos));
      byte[] b = readUpTo(data, pos, k);
      pos += b.length;
      return b;
    }
  }

  private static byte[] readUpTo(Data data, long pos, int n) throws IOException {
    byte[] b = new byte[n];
    int got = n == 0 ? 0 : data.read(pos, b, 0, n);
    return got == n ? b : java.util.Arrays.copyOf(b, Math.max(got, 0));
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static int i32(byte[] b, int i) {
    return u16(b, i) | u16(b, i + 2) << 16;
  }

  private static long u32(byte[] b, int i) {
    return i32(b, i) & 0xffffffffL;
  }

  private static long u64(byte[] b, int i) {
    return clamp(u32(b, i) | u32(b, i + 4) << 32);
  }

}
