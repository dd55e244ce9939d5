package io.kerasj.loader;

import io.jhdf.exceptions.HdfBrokenLinkException;
import io.jhdf.exceptions.HdfChecksumMismatchException;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.exceptions.HdfTypeException;
import io.jhdf.exceptions.UnsupportedHdfException;
import java.io.EOFException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * Says in kerasj's words what a library's exception (jhdf, {@code java.util.zip}'s inflater,
 * {@code java.nio}) found wrong with a file, for the parenthesis of a message that already names
 * the file and what was being read: "newLimit > capacity: (96 > 56)" becomes "truncated or
 * corrupt: a size or address points outside the data". The library's text is not repeated (it
 * names buffers, not the file, and may echo hostile bytes); the exception stays the message's
 * cause.
 */
final class Failures {
  private static final String OUTSIDE = "truncated or corrupt: a size or address points outside the data";

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
      Map.entry(StackOverflowError.class, "nested too deeply to read"),
      Map.entry(OutOfMemoryError.class, "reading it needs more memory than the heap has"));

  private Failures() {}

  /** What {@code e} (or the failure it wraps) found wrong, as a phrase. */
  static String explain(Throwable e) {
    // jhdf wraps the failure that says what is wrong (an HdfException around a buffer underflow).
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      for (Map.Entry<Class<? extends Throwable>, String> k : BY_TYPE) {
        if (k.getKey().isInstance(t)) {
          return k.getValue();
        }
      }
    }
    return e instanceof HdfException ? "corrupt: its HDF5 structures cannot be parsed" : "corrupt";
  }
}
