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
 * the file and what was being read: "newLimit > capacity: (96 > 56)" becomes "a structure in the
 * file points past its end: the file is corrupt". The library's text is not repeated (it
 * names buffers, not the file, and may echo hostile bytes); the exception stays the message's
 * cause.
 */
final class Failures {
  private static final String OUTSIDE = "a structure in the file points past its end: the file is corrupt";

  // First match wins: jhdf's specific exceptions before the buffer failures they may wrap.
  private static final List<Map.Entry<Class<? extends Throwable>, String>> BY_TYPE = List.of(
      Map.entry(HdfChecksumMismatchException.class,
          "a checksum of its HDF5 metadata does not match: the file is corrupt"),
      Map.entry(HdfFilterException.class,
          "a compressed chunk cannot be decoded: the file is corrupt, or uses a filter kerasj cannot decode"),
      Map.entry(HdfBrokenLinkException.class, "it links to an object that does not exist: the file is corrupt"),
      Map.entry(UnsupportedHdfException.class, "it uses an HDF5 feature kerasj's HDF5 reader does not implement"),
      Map.entry(HdfTypeException.class,
          "an HDF5 datatype kerasj's HDF5 reader does not implement, or a corrupt one"),
      Map.entry(ArithmeticException.class,
          "a size or address in the file is too large to be read: the file is corrupt"),
      // ByteBuffer.limit/position ("newLimit > capacity"), slice and get end in one of these.
      Map.entry(BufferUnderflowException.class, OUTSIDE),
      Map.entry(BufferOverflowException.class, OUTSIDE),
      Map.entry(IndexOutOfBoundsException.class, OUTSIDE),
      Map.entry(NegativeArraySizeException.class, OUTSIDE),
      Map.entry(IllegalArgumentException.class, OUTSIDE),
      Map.entry(EOFException.class, "the data ends early: the file is truncated"),
      Map.entry(DataFormatException.class, "compressed data cannot be inflated: the file is corrupt"),
      Map.entry(StackOverflowError.class, "its structures are nested too deeply to read"),
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
    return e instanceof HdfException ? "its HDF5 structures cannot be parsed: the file is corrupt"
        : "the file is corrupt";
  }
}
