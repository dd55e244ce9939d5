package io.kerasj.cli;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV time series for {@code predict}. Two layouts:
 *
 * <ul>
 *   <li>{@code rows}: one sequence per row, read as a stream. A row holds {@code time × features}
 *       values in time-major order ({@code t0f0, t0f1, …, t1f0, …}); the feature count comes from
 *       the model's input shape (or {@code --features}). Every row must have the same length.
 *   <li>{@code columns}: one sequence in the whole file, one column per feature and one row per
 *       time step; the input is {@code (1, rows, columns)}.
 * </ul>
 *
 * <p>Cells are separated by commas and hold decimal numbers ({@code nan}, {@code inf} and
 * {@code -inf} as NumPy writes them are accepted); quoting is not supported. A first line whose
 * cells are all non-numeric is a header and skipped; blank lines are skipped. A ragged row or a
 * non-numeric cell fails with the 1-based row (line) and column in the message.
 *
 * <p>The file must be UTF-8 text (a byte-order mark is skipped): a byte that is not UTF-8, or a
 * NUL byte, fails with its row and byte offset, and so does a row longer than
 * {@link #MAX_LINE_BYTES} (a binary file without line breaks would otherwise fill the heap).
 */
final class CsvInput {
  /** The longest row, in bytes: 64 MiB, some six million values; longer sequences belong in a {@code .npy}. */
  static final int MAX_LINE_BYTES = 64 << 20;

  private CsvInput() {}

  /** The values of one CSV line, or {@code null} for a header line (all cells non-numeric). */
  static float[] parseLine(Path file, long lineNo, String line, boolean mayBeHeader) {
    String[] cells = line.split(",", -1);
    float[] v = new float[cells.length];
    int numeric = 0;
    String firstBad = null;
    int firstBadCol = 0;
    for (int c = 0; c < cells.length; c++) {
      String s = cells[c].strip();
      Float f = parse(s);
      if (f == null) {
        if (firstBad == null) {
          firstBad = s;
          firstBadCol = c + 1;
        }
      } else {
        v[c] = f;
        numeric++;
      }
    }
    if (firstBad == null) {
      return v;
    }
    if (mayBeHeader && numeric == 0) {
      return null;
    }
    throw new InvalidInputException(file + ": row " + lineNo + ", column " + firstBadCol + ": "
        + (firstBad.isEmpty() ? "empty cell" : "'" + abbreviate(firstBad) + "' is not a number"));
  }

  /** At most 40 characters, control characters escaped: the cell goes into a one-line message. */
  private static String abbreviate(String s) {
    String t = s.length() <= 40 ? s : s.substring(0, 37) + "...";
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      b.append(Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  static Float parse(String s) {
    if (s.isEmpty()) {
      return null;
    }
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "nan":
        return Float.NaN;
      case "inf":
      case "+inf":
      case "infinity":
        return Float.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Float.NEGATIVE_INFINITY;
      default:
        break;
    }
    char c0 = s.charAt(0);
    if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.')) {
      return null; // Java would also accept "NaN"-like words and hex floats; CSV cells are decimals
    }
    char last = s.charAt(s.length() - 1);
    if (!(Character.isDigit(last) || last == '.')) {
      return null; // "1f", "2d": Java suffixes, not CSV numbers
    }
    try {
      return Float.parseFloat(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The columns layout: the whole file is one sequence {@code (1, rows, columns)}. */
  static Tensor readColumns(Path file) throws IOException {
    List<float[]> rows = new ArrayList<>();
    int width = -1;
    long firstRow = 0;
    try (Lines r = new Lines(file)) {
      String line;
      while ((line = r.next()) != null) {
        long lineNo = r.lineNo();
        if (line.isBlank()) {
          continue;
        }
        float[] v = parseLine(file, lineNo, line, width < 0 && rows.isEmpty());
        if (v == null) {
          continue;
        }
        if (width < 0) {
          width = v.length;
          firstRow = lineNo;
        } else if (v.length != width) {
          throw ragged(file, lineNo, v.length, firstRow, width);
        }
        rows.add(v);
      }
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException(file + ": no data rows");
    }
    float[] d = new float[Math.multiplyExact(rows.size(), width)];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, d, i * width, width);
    }
    return Tensor.of(d, 1, rows.size(), width);
  }

  static InvalidInputException ragged(Path file, long lineNo, int n, long firstRow, int width) {
    return new InvalidInputException(file + ": row " + lineNo + ", column " + (Math.min(n, width) + 1) + ": ragged row,"
        + " it has " + n + " values, row " + firstRow + " has " + width);
  }

  /** The rows layout, streamed: one sequence of {@code time × features} values per row. */
  static BatchSource rows(Path file, int features) throws IOException {
    if (features <= 0) {
      throw new InvalidInputException(file + ": the model's feature count is not fixed; give --features F");
    }
    Lines r = new Lines(file);
    try {
      return new RowsSource(file, r, features);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private static final class RowsSource implements BatchSource {
    private final Path file;
    private final Lines in;
    private final int features;
    private float[] pending;
    private int width = -1;
    private long firstRow;

    RowsSource(Path file, Lines in, int features) throws IOException {
      this.file = file;
      this.in = in;
      this.features = features;
      pending = readRow(true);
      if (pending == null) {
        throw new InvalidInputException(file + ": no data rows");
      }
    }

    private float[] readRow(boolean mayBeHeader) throws IOException {
      String line;
      while ((line = in.next()) != null) {
        long lineNo = in.lineNo();
        if (line.isBlank()) {
          continue;
        }
        float[] v = parseLine(file, lineNo, line, mayBeHeader);
        if (v == null) {
          mayBeHeader = false;
          continue;
        }
        if (width < 0) {
          if (v.length % features != 0) {
            throw new InvalidInputException(file + ": row " + lineNo + " has " + v.length + " values, not a multiple of "
                + features + " features (a row is one sequence, time-major)");
          }
          width = v.length;
          firstRow = lineNo;
        } else if (v.length != width) {
          throw ragged(file, lineNo, v.length, firstRow, width);
        }
        return v;
      }
      return null;
    }

    @Override
    public int[] itemShape() {
      return new int[] {width / features, features};
    }

    @Override
    public long count() {
      return -1;
    }

    @Override
    public Tensor next(int max) throws IOException {
      if (pending == null) {
        return null;
      }
      List<float[]> rows = new ArrayList<>();
      while (pending != null && rows.size() < max) {
        rows.add(pending);
        pending = readRow(false);
      }
      float[] d = new float[Math.multiplyExact(rows.size(), width)];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(rows.get(i), 0, d, i * width, width);
      }
      return Tensor.of(d, rows.size(), width / features, features);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * The lines of a text file, read as bytes and decoded strictly, so that a file that is not UTF-8
   * text is reported with the row and byte offset where it stops being text (a decoding reader
   * would say only "Input length = 1"). Lines end at {@code \n}, {@code \r\n} or {@code \r}.
   */
  static final class Lines implements java.io.Closeable {
    private final Path file;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    private int pos;
    private int lim;
    private byte[] line = new byte[256];
    private long lineNo;
    private long offset; // of the next byte
    private boolean skipLf;

    Lines(Path file) throws IOException {
      this.file = file;
      this.in = Files.newInputStream(file);
      fill();
      if (lim >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        pos = 3; // a UTF-8 byte-order mark, as Excel writes
        offset = 3;
      }
    }

    private boolean fill() throws IOException {
      if (pos < lim) {
        return true;
      }
      int n = in.read(buf);
      pos = 0;
      lim = Math.max(0, n);
      return n > 0;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long lineNo() {
      return lineNo;
    }

    /** The next line without its terminator, or {@code null} at the end of the file. */
    String next() throws IOException {
      if (skipLf && fill() && buf[pos] == '\n') {
        pos++;
        offset++;
      }
      skipLf = false;
      long start = offset;
      int len = 0;
      boolean any = false;
      while (fill()) {
        any = true;
        byte b = buf[pos++];
        offset++;
        if (b == '\n') {
          break;
        }
        if (b == '\r') {
          skipLf = true;
          break;
        }
        if (len == line.length) {
          if (len >= MAX_LINE_BYTES) {
            throw new InvalidInputException(file + ": row " + (lineNo + 1) + " is longer than " + MAX_LINE_BYTES
                + " bytes; is it a text file? (a long sequence belongs in a .npy)");
          }
          line = java.util.Arrays.copyOf(line, (int) Math.min(MAX_LINE_BYTES, 2L * len));
        }
        line[len++] = b;
      }
      if (!any) {
        return null;
      }
      lineNo++;
      return decode(len, start);
    }

    private String decode(int len, long start) {
      ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
      CharBuffer chars = CharBuffer.allocate(len); // UTF-8 never gives more chars than bytes
      CoderResult r = decoder.reset().decode(bytes, chars, true);
      if (!r.isError()) {
        r = decoder.flush(chars);
      }
      for (int i = 0; !r.isError() && i < len; i++) {
        if (line[i] == 0) {
          bytes.position(i);
          r = CoderResult.malformedForLength(1);
        }
      }
      if (r.isError()) {
        int at = bytes.position();
        throw new InvalidInputException(file + ": row " + lineNo + ", byte offset " + (start + at) + ": byte "
            + String.format(java.util.Locale.ROOT, "0x%02x", line[at] & 0xff) + " is not UTF-8 text; a CSV input"
            + " must be a text file (a binary array goes in a .npy or .npz)");
      }
      return chars.flip().toString();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
