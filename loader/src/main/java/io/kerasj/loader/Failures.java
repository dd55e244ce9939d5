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
import java.util.Locale;
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

  private static String specific(Throwable t) {
    if (t instanceof JsonParseException || t instanceof MalformedJsonException) {
      return json(t);
    }
    if (t instanceof HdfChecksumMismatchException) {
      return "corrupt: a checksum of its HDF5 metadata does not match";
    }
    if (t instanceof HdfFilterException) {
      return "corrupt, or stored with a filter kerasj cannot decode: a compressed chunk cannot be decoded";
    }
    if (t instanceof HdfBrokenLinkException) {
      return "corrupt: it holds a link to an object that does not exist";
    }
    if (t instanceof UnsupportedHdfException) {
      return "it uses an HDF5 feature kerasj's HDF5 reader does not implement";
    }
    if (t instanceof HdfTypeException) {
      return "corrupt, or of an HDF5 datatype kerasj's HDF5 reader does not implement";
    }
    if (t instanceof ArithmeticException) {
      return "corrupt: a size or address in it is too large";
    }
    if (t instanceof BufferUnderflowException || t instanceof BufferOverflowException
        || t instanceof IndexOutOfBoundsException || t instanceof NegativeArraySizeException
        || t instanceof IllegalArgumentException) {
      // ByteBuffer.limit/position ("newLimit > capacity"), slice and get all end here.
      return "truncated or corrupt: a size or address points outside the data";
    }
    if (t instanceof EOFException) {
      return "truncated: the data ends early";
    }
    if (t instanceof ZipException) {
      return zip(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT));
    }
    if (t instanceof DataFormatException) {
      return "corrupt: compressed data cannot be inflated";
    }
    if (t instanceof CharacterCodingException) {
      return "not valid UTF-8 text";
    }
    if (t instanceof StackOverflowError) {
      return "nested too deeply to read";
    }
    if (t instanceof OutOfMemoryError) {
      return "reading it needs more memory than the heap has";
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
