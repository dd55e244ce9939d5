package io.kerasj.loader;

import com.google.gson.JsonParseException;
import com.google.gson.stream.MalformedJsonException;
import io.jhdf.exceptions.HdfBrokenLinkException;
import io.jhdf.exceptions.HdfChecksumMismatchException;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.exceptions.HdfTypeException;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.kerasj.Messages;
import java.io.EOFException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * Says in kerasj's words what a library's exception (jhdf, gson, {@code java.util.zip}, {@code
 * java.nio}) found wrong with a file, for the parenthesis of a message that already names the
 * file and what was being read: "newLimit > capacity: (96 > 56)" becomes "truncated or corrupt: a
 * size or address points outside the data". The library's text is not repeated (it names
 * buffers, not the file, and may echo hostile bytes); the exception stays the message's cause.
 */
final class Failures {
  // gson: "Unterminated string at line 3 column 9 path $.config.name" (plus a troubleshooting link).
  private static final String OUTSIDE = "truncated or corrupt: a size or address points outside the data";
  private static final Pattern JSON_WHERE = Pattern.compile("(.*?) at line (\\d+) column (\\d+)(?: path (\\S+))?");

  private Failures() {}

  /** What {@code e} (or the failure it wraps) found wrong, as a phrase. */
  static String explain(Throwable e) {
    // jhdf wraps the failure that says what is wrong (an HdfException around a buffer underflow).
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      String s = specific(t);
      if (s != null) {
        return s;
      }
    }
    return e instanceof io.jhdf.exceptions.HdfException ? "corrupt: its HDF5 structures cannot be parsed" : "corrupt";
  }

  // First match wins: jhdf's specific exceptions before the buffer failures they may wrap.
  private static final List<Map.Entry<Class<? extends Throwable>, String>> BY_TYPE = List.of(
      Map.entry(HdfChecksumMismatchException.class, "corrupt: a checksum of its HDF5 metadata does not match"),
      Map.entry(HdfFilterException.class,
          "corrupt, or stored with a filter kerasj cannot decode: a compressed chunk cannot be decoded"),
      Map.entry(HdfBrokenLinkException.class, "corrupt: it holds a link to an object that does not exist"),
      Map.entry(UnsupportedHdfException.class, "it uses an HDF5 feature kerasj's HDF5 reader does not implement"),
      Map.entry(HdfTypeException.class, "corrupt, or of an HDF5 datatype kerasj's HDF5 reader does not implement"),
      Map.entry(ArithmeticException.class, "corrupt: a size or address in it is too large"),
      // ByteBuffer.limit/position ("newLimit > capacity"), slice and get end in one of these.
      Map.entry(BufferUnderflowException.class, OUTSIDE),
      Map.entry(BufferOverflowException.class, OUTSIDE),
      Map.entry(IndexOutOfBoundsException.class, OUTSIDE),
      Map.entry(NegativeArraySizeException.class, OUTSIDE),
      Map.entry(IllegalArgumentException.class, OUTSIDE),
      Map.entry(EOFException.class, "truncated: the data ends early"),
      Map.entry(DataFormatException.class, "corrupt: compressed data cannot be inflated"),
      Map.entry(CharacterCodingException.class, "not valid UTF-8 text"),
      Map.entry(StackOverflowError.class, "nested too deeply to read"),
      Map.entry(OutOfMemoryError.class, "reading it needs more memory than the heap has"));

  private static String specific(Throwable t) {
    if (t instanceof JsonParseException || t instanceof MalformedJsonException) {
      return json(t);
    }
    if (t instanceof ZipException) {
      return zip(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT));
    }
    for (Map.Entry<Class<? extends Throwable>, String> e : BY_TYPE) {
      if (e.getKey().isInstance(t)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String zip(String m) {
    if (m.contains("crc")) {
      return "corrupt: an entry's CRC-32 does not match its data";
    }
    if (m.contains("end header") || m.contains("zip file is empty")) {
      return "not a zip archive, or truncated: it has no end-of-central-directory record";
    }
    if (m.contains("size")) {
      return "corrupt: an entry's size does not match its data";
    }
    if (m.contains("header") || m.contains("signature") || m.contains("cen") || m.contains("loc")) {
      return "corrupt: a zip header is damaged";
    }
    if (m.contains("eof")) {
      return "truncated: an entry ends early";
    }
    return "corrupt: its zip structure or compressed data is damaged";
  }

  private static String json(Throwable t) {
    // The innermost message is gson's own; outer ones repeat it behind a class name.
    Throwable inner = t;
    while (inner.getCause() != null && inner.getCause() != inner
        && (inner.getCause() instanceof JsonParseException || inner.getCause() instanceof MalformedJsonException
            || inner.getCause() instanceof EOFException)) {
      inner = inner.getCause();
    }
    String m = String.valueOf(inner.getMessage());
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl); // drops gson's troubleshooting link
    }
    Matcher w = JSON_WHERE.matcher(m);
    if (!w.lookingAt()) {
      return "not valid JSON";
    }
    String what = w.group(1).trim();
    // gson's advice to parse leniently is for its callers, not for ours.
    if (what.startsWith("Use JsonReader") || what.isEmpty()) {
      what = "not valid JSON";
    } else {
      what = Character.toLowerCase(what.charAt(0)) + what.substring(1);
    }
    return Messages.snippet(what) + " at line " + w.group(2) + " column " + w.group(3)
        + (w.group(4) == null ? "" : " (at " + Messages.snippet(w.group(4)) + ")");
  }
}
