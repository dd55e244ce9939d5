package io.kerasj.loader;

import io.kerasj.Messages;
import io.kerasj.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes NumPy {@code .npy} files holding one float array, the CLI's interchange format.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, C order, and the little-endian dtypes
 * {@code <f4}, {@code <f8} and {@code <f2}; the last two are converted to float32 (rounding
 * {@code <f8} to nearest). Writing produces what {@code np.save} writes for a C-ordered float32
 * array, byte for byte: version 1.0 (2.0 only for headers too long for 1.0), dtype {@code <f4}, and
 * the header padded with spaces and a newline to a multiple of 64 bytes.
 *
 * <p>The header and the file size are checked before the data array is allocated, so a corrupt or
 * hostile file fails with {@link NpyFormatException} instead of exhausting memory.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy's own default limit on the header text ({@code _MAX_HEADER_SIZE}). */
  static final int MAX_HEADER_SIZE = 10_000;
  /** The largest Java array; larger arrays do not fit a {@link Tensor}. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
  /** NumPy's own limit on the number of dimensions. */
  static final int MAX_RANK = 64;
  private static final int ALIGN = 64;
  /** Spare header room NumPy leaves so the first axis can grow in place. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final int CHUNK = 1 << 16;
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  private Npy() {}

  /** An element type this reader understands. */
  enum DType {
    F2(2), F4(4), F8(8);

    final int size;

    DType(int size) {
      this.size = size;
    }
  }

  /**
   * Reads a float array from a {@code .npy} file.
   *
   * @throws NpyFormatException if the file is not a readable float {@code .npy} array
   * @throws IOException if the bytes cannot be read, or the file is not a regular file
   */
  public static Tensor read(Path file) throws IOException {
    InputFiles.requireRegularFile(file, ".npy file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file.toString(), ch, ch.size());
    }
  }

  /**
   * Reads a float array from the bytes of a {@code .npy} file.
   *
   * @param name how messages refer to the data, e.g. a file name
   * @throws NpyFormatException if the bytes are not a readable float {@code .npy} array
   */
  public static Tensor read(String name, byte[] bytes) {
    try {
      return read(name, Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length);
    } catch (IOException e) {
      // A byte array channel cannot fail; only truncation, which read() reports itself.
      throw new NpyFormatException(name + ": " + e.getMessage());
    }
  }

  /**
   * Reads a float array from a stream holding exactly one {@code .npy} file of {@code size} bytes,
   * e.g. an entry of an {@code .npz} archive. The stream is not closed.
   */
  static Tensor read(String name, InputStream in, long size) throws IOException {
    return read(name, Channels.newChannel(in), size);
  }

  private static Tensor read(String name, ReadableByteChannel ch, long size) throws IOException {
    Header h = readHeader(name, ch, size, MAX_ELEMENTS);
    float[] data = new float[(int) h.elements];
    readData(name, ch, h.dtype, data);
    return Tensor.of(data, h.shape);
  }

  /**
   * Reads and checks the preamble and header, leaving the channel at the first data byte; the file
   * size must match the header's shape and dtype exactly.
   */
  static Header readHeader(String name, ReadableByteChannel ch, long size, long maxElements) throws IOException {
    ByteBuffer pre = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
    int got = readFully(ch, pre);
    if (got < MAGIC.length || !startsWithMagic(pre)) {
      throw new NpyFormatException(name + ": not a NumPy .npy file: expected the magic string \\x93NUMPY, found "
          + describeBytes(pre.array(), Math.min(got, MAGIC.length)));
    }
    if (got < pre.capacity()) {
      throw new NpyFormatException(name + ": truncated .npy file: the file ends inside the format version");
    }
    int major = pre.get(MAGIC.length) & 0xff;
    int minor = pre.get(MAGIC.length + 1) & 0xff;
    if (minor != 0 || major < 1 || major > 3) {
      throw new NpyFormatException(name + ": unsupported .npy format version " + major + "." + minor
          + ", expected 1.0, 2.0 or 3.0");
    }
    int lenBytes = major == 1 ? 2 : 4;
    ByteBuffer lenBuf = ByteBuffer.allocate(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (readFully(ch, lenBuf) < lenBytes) {
      throw new NpyFormatException(name + ": truncated .npy file: the file ends inside the header length");
    }
    long headerLen = major == 1 ? lenBuf.getShort(0) & 0xffffL : lenBuf.getInt(0) & 0xffffffffL;
    long preamble = MAGIC.length + 2 + lenBytes;
    // Checked before allocating: the length field alone must not decide how much memory we take.
    if (headerLen > MAX_HEADER_SIZE * 4L) {
      throw new NpyFormatException(name + ": .npy header length " + headerLen + " exceeds the limit of "
          + MAX_HEADER_SIZE + " characters");
    }
    if (preamble + headerLen > size) {
      throw new NpyFormatException(name + ": truncated .npy file: the header needs " + headerLen
          + " bytes, the file has " + Math.max(0, size - preamble) + " after the header length");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    if (readFully(ch, hb) < headerLen) {
      throw new NpyFormatException(name + ": truncated .npy file: the file ends inside the header");
    }
    // Versions 1.0 and 2.0 are latin-1, version 3.0 UTF-8 (NumPy's _header_size_info).
    String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (header.length() > MAX_HEADER_SIZE) {
      throw new NpyFormatException(name + ": .npy header of " + header.length() + " characters exceeds the limit of "
          + MAX_HEADER_SIZE);
    }
    Header h = parseHeader(name, header, maxElements);
    long dataBytes = h.elements * h.dtype.size;
    long actual = size - preamble - headerLen;
    if (actual != dataBytes) {
      throw new NpyFormatException(name + ": " + (actual < dataBytes ? "truncated .npy file" : "trailing bytes in .npy file")
          + ": shape " + formatShape(h.shape) + " of " + h.descr + " needs " + dataBytes + " data bytes, the file has "
          + actual);
    }
    h.dataOffset = preamble + headerLen;
    return h;
  }

  private static boolean startsWithMagic(ByteBuffer pre) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre.get(i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String describeBytes(byte[] b, int n) {
    if (n == 0) {
      return "an empty file";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
    }
    return "bytes " + sb;
  }

  static int readFully(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  static void readData(String name, ReadableByteChannel ch, DType dtype, float[] out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int p = 0;
    while (p < out.length) {
      int n = Math.min(CHUNK / dtype.size, out.length - p);
      buf.clear().limit(n * dtype.size);
      if (readFully(ch, buf) < n * dtype.size) {
        // The size was checked up front; this means the file shrank while we read it.
        throw new EOFException(name + ": the file ended early while reading the array data");
      }
      buf.flip();
      switch (dtype) {
        case F4:
          buf.asFloatBuffer().get(out, p, n);
          break;
        case F8:
          for (int i = 0; i < n; i++) {
            out[p + i] = (float) buf.getDouble(i * 8);
          }
          break;
        case F2:
          for (int i = 0; i < n; i++) {
            out[p + i] = halfToFloat(buf.getShort(i * 2));
          }
          break;
        default:
          throw new AssertionError(dtype);
      }
      p += n;
    }
  }

  /** IEEE 754 binary16 to float32; exact, since every half is a float (Java 17 lacks Float.float16ToFloat). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // Subnormal half (or zero): mant × 2^-24 is exact in float.
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** The validated content of a header dictionary. */
  static final class Header {
    final String descr;
    final DType dtype;
    final int[] shape;
    final long elements;
    long dataOffset;

    Header(String descr, DType dtype, int[] shape, long elements) {
      this.descr = descr;
      this.dtype = dtype;
      this.shape = shape;
      this.elements = elements;
    }
  }

  private static Header parseHeader(String name, String text, long maxElements) {
    Object parsed;
    try {
      PyLiteral p = new PyLiteral(text);
      parsed = p.value();
      p.end();
    } catch (IllegalArgumentException e) {
      throw new NpyFormatException(name + ": cannot parse the .npy header: " + e.getMessage() + " in "
          + Messages.snippet(text.strip()));
    }
    if (!(parsed instanceof Map)) {
      throw new NpyFormatException(name + ": the .npy header is not a dictionary: " + Messages.snippet(text.strip()));
    }
    Map<?, ?> d = (Map<?, ?>) parsed;
    if (!d.keySet().equals(KEYS)) {
      throw new NpyFormatException(name + ": the .npy header has keys " + Messages.snippet(d.keySet())
          + ", expected [descr, fortran_order, shape]");
    }
    Object descr = d.get("descr");
    DType dtype = dtype(name, descr);
    Object fortran = d.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new NpyFormatException(name + ": fortran_order in the .npy header is "
          + Messages.snippet(PyLiteral.repr(fortran)) + ", expected True or False");
    }
    if ((Boolean) fortran) {
      throw new NpyFormatException(name + ": array is in Fortran order (fortran_order: True), expected C order;"
          + " save np.ascontiguousarray(a) instead");
    }
    Object shapeObj = d.get("shape");
    if (!(shapeObj instanceof PyLiteral.Tuple)) {
      throw new NpyFormatException(name + ": shape in the .npy header is " + Messages.snippet(PyLiteral.repr(shapeObj))
          + ", expected a tuple of integers");
    }
    List<Object> dims = ((PyLiteral.Tuple) shapeObj).items;
    if (dims.size() > MAX_RANK) {
      throw new NpyFormatException(name + ": shape has " + dims.size() + " dimensions, at most " + MAX_RANK
          + " are allowed");
    }
    int[] shape = new int[dims.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      Object o = dims.get(i);
      if (!(o instanceof BigInteger)) {
        throw new NpyFormatException(name + ": shape " + Messages.snippet(PyLiteral.repr(shapeObj))
            + " in the .npy header is not a"
            + " tuple of integers");
      }
      BigInteger v = (BigInteger) o;
      if (v.signum() < 0) {
        throw new NpyFormatException(name + ": shape " + Messages.snippet(PyLiteral.repr(shapeObj))
            + " has a negative dimension");
      }
      if (v.bitLength() > 31) {
        throw new NpyFormatException(name + ": shape " + Messages.snippet(PyLiteral.repr(shapeObj)) + " has dimension "
            + v + ", more than the maximum " + Integer.MAX_VALUE);
      }
      shape[i] = v.intValue();
      // Division instead of a multiply that could overflow for a large maxElements.
      if (shape[i] != 0 && elements > maxElements / shape[i]) {
        throw new NpyFormatException(name + ": shape " + Messages.snippet(PyLiteral.repr(shapeObj)) + " has more than "
            + maxElements + " elements, too many for one array");
      }
      elements *= shape[i];
    }
    return new Header((String) descr, dtype, shape, elements);
  }

  private static DType dtype(String name, Object descr) {
    if (!(descr instanceof String)) {
      throw new NpyFormatException(name + ": unsupported dtype " + Messages.snippet(PyLiteral.repr(descr))
          + " (a structured dtype), expected '<f4'");
    }
    String s = (String) descr;
    switch (s) {
      case "<f4":
        return DType.F4;
      case "<f8":
        return DType.F8;
      case "<f2":
        return DType.F2;
      default:
        break;
    }
    String why;
    if (s.startsWith(">") && s.length() > 1 && s.charAt(1) == 'f') {
      why = "big-endian floats; save a.astype('<f4') instead";
    } else if (s.endsWith("O")) {
      why = "Python objects";
    } else if (s.length() > 1 && (s.charAt(1) == 'f') && !s.startsWith("<")) {
      why = "unsupported byte order";
    } else {
      why = "not a float dtype";
    }
    throw new NpyFormatException(name + ": unsupported dtype " + Messages.quote(s) + " (" + why
        + "), expected '<f4' ('<f8' and"
        + " '<f2' are converted)");
  }

  /**
   * Writes a tensor as a float32 {@code .npy} file, replacing an existing file.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, Tensor t) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      write(ch, t);
    }
  }

  /** The bytes {@link #write(Path, Tensor)} writes. */
  public static byte[] toBytes(Tensor t) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(128 + 4 * t.size());
    try {
      write(Channels.newChannel(bos), t);
    } catch (IOException e) {
      throw new AssertionError("a byte array stream cannot fail", e);
    }
    return bos.toByteArray();
  }

  private static void write(WritableByteChannel ch, Tensor t) throws IOException {
    writeAll(ch, ByteBuffer.wrap(header(t.shape())));
    float[] data = t.data();
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p < data.length; ) {
      int n = Math.min(CHUNK / 4, data.length - p);
      buf.clear();
      buf.asFloatBuffer().put(data, p, n);
      buf.limit(n * 4);
      writeAll(ch, buf);
      p += n;
    }
  }

  static void writeAll(WritableByteChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Magic, version, header length and padded header, exactly as NumPy's {@code np.save} writes them. */
  static byte[] header(int[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
        .append(formatShape(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    int hlen = text.length + 1;
    // NumPy picks the oldest version whose length field can hold the padded header.
    int major = 1;
    int prefix = MAGIC.length + 2 + 2;
    int pad = ALIGN - ((prefix + hlen) % ALIGN);
    if (hlen + pad > 0xffff) {
      major = 2;
      prefix = MAGIC.length + 2 + 4;
      pad = ALIGN - ((prefix + hlen) % ALIGN);
    }
    ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) (hlen + pad));
    } else {
      b.putInt(hlen + pad);
    }
    b.put(text);
    for (int i = 0; i < pad; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** A shape as Python prints a tuple: {@code ()}, {@code (4,)}, {@code (4, 7, 1)}. */
  static String formatShape(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /**
   * A parser for the Python literals that appear in {@code .npy} headers: dicts, tuples, lists,
   * strings, integers (with Python 2's {@code L} suffix), {@code True}, {@code False}, {@code None}.
   * It never evaluates anything, unlike the {@code eval} NumPy once used.
   */
  static final class PyLiteral {
    /** A Python tuple, kept apart from a list because the shape must be a tuple. */
    static final class Tuple {
      final List<Object> items;

      Tuple(List<Object> items) {
        this.items = items;
      }
    }

    /** Python's {@code None}. */
    static final Object NONE = new Object();
    private static final int MAX_DEPTH = 16;

    private final String s;
    private int pos;
    private int depth;

    PyLiteral(String s) {
      this.s = s;
    }

    Object value() {
      skipSpace();
      if (pos >= s.length()) {
        throw new IllegalArgumentException("unexpected end of header");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return nested(() -> dict());
        case '(':
          return nested(() -> sequence('(', ')'));
        case '[':
          return nested(() -> sequence('[', ']'));
        case '\'':
        case '"':
          return string();
        default:
          break;
      }
      if (c == '-' || c == '+' || Character.isDigit(c)) {
        return integer();
      }
      if (Character.isLetter(c)) {
        int start = pos;
        while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
          pos++;
        }
        String word = s.substring(start, pos);
        switch (word) {
          case "True":
            return Boolean.TRUE;
          case "False":
            return Boolean.FALSE;
          case "None":
            return NONE;
          default:
            throw new IllegalArgumentException("unexpected name " + Messages.quote(word) + " at offset " + start);
        }
      }
      throw new IllegalArgumentException("unexpected character " + Messages.quote(c) + " at offset " + pos);
    }

    void end() {
      skipSpace();
      if (pos < s.length()) {
        throw new IllegalArgumentException("unexpected text after the dictionary at offset " + pos);
      }
    }

    private interface Body {
      Object parse();
    }

    private Object nested(Body body) {
      if (++depth > MAX_DEPTH) {
        throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH);
      }
      Object v = body.parse();
      depth--;
      return v;
    }

    private Map<Object, Object> dict() {
      pos++;
      Map<Object, Object> m = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          return m;
        }
        Object key = value();
        if (key instanceof Map || key instanceof List) {
          throw new IllegalArgumentException("unhashable dictionary key");
        }
        expect(':');
        Object v = value();
        if (m.put(key, v) != null) {
          throw new IllegalArgumentException("duplicate key " + repr(key));
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
        }
      }
    }

    private Object sequence(char open, char close) {
      pos++;
      List<Object> items = new ArrayList<>();
      boolean comma = false;
      while (true) {
        skipSpace();
        if (peek() == close) {
          pos++;
          break;
        }
        items.add(value());
        skipSpace();
        if (peek() == ',') {
          pos++;
          comma = true;
        } else if (peek() != close) {
          throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
        } else {
          comma = false;
        }
      }
      if (open == '[') {
        return items;
      }
      // In Python "(4)" is the integer 4, "(4,)" and "()" are tuples.
      if (items.size() == 1 && !comma) {
        return items.get(0);
      }
      return new Tuple(items);
    }

    private String string() {
      char q = s.charAt(pos++);
      StringBuilder sb = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == q) {
          return sb.toString();
        }
        if (c == '\\' && pos < s.length()) {
          c = s.charAt(pos++);
        }
        sb.append(c);
      }
      throw new IllegalArgumentException("unterminated string");
    }

    private BigInteger integer() {
      int start = pos;
      if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
        pos++;
      }
      int digits = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == digits || pos - digits > 40) {
        throw new IllegalArgumentException("bad integer at offset " + start);
      }
      BigInteger v = new BigInteger(s.substring(start, pos));
      if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
        pos++; // Python 2 long suffix, written by old NumPy versions
      }
      return v;
    }

    private void expect(char c) {
      skipSpace();
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
      }
      pos++;
    }

    private char peek() {
      if (pos >= s.length()) {
        throw new IllegalArgumentException("unexpected end of header");
      }
      return s.charAt(pos);
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    /** Python's repr of a parsed value, for messages. */
    static String repr(Object o) {
      if (o == NONE || o == null) {
        return "None";
      }
      if (o instanceof Boolean) {
        return (Boolean) o ? "True" : "False";
      }
      if (o instanceof String) {
        return "'" + o + "'";
      }
      if (o instanceof Tuple) {
        List<Object> items = ((Tuple) o).items;
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return sb.append(items.size() == 1 ? ",)" : ")").toString();
      }
      if (o instanceof List) {
        StringBuilder sb = new StringBuilder("[");
        List<?> items = (List<?>) o;
        for (int i = 0; i < items.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return sb.append(']').toString();
      }
      if (o instanceof Map) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
          sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
          first = false;
        }
        return sb.append('}').toString();
      }
      return o.toString();
    }
  }
}
