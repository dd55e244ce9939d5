package io.kerasj.cli;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
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
 */
final class CsvInput {
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

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
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
    long lineNo = 0;
    int width = -1;
    long firstRow = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
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
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      return new RowsSource(file, r, features);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private static final class RowsSource implements BatchSource {
    private final Path file;
    private final BufferedReader in;
    private final int features;
    private float[] pending;
    private long lineNo;
    private int width = -1;
    private long firstRow;

    RowsSource(Path file, BufferedReader in, int features) throws IOException {
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
      while ((line = in.readLine()) != null) {
        lineNo++;
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
}
