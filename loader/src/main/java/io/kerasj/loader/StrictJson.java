package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * A JSON parser that accepts exactly what Python's {@code json.loads} accepts, since that is how
 * Keras reads {@code config.json} and {@code to_json()} configs: a config Keras refuses is refused,
 * one it reads gives the same values.
 *
 * <p>Beyond RFC 8259 that means the bare tokens {@code NaN}, {@code Infinity} and {@code -Infinity}
 * (which {@code json.dumps} writes), lone UTF-16 surrogates in {@code \\u} escapes, duplicate keys
 * (the last value wins, at the first key's position, as in a Python dict), and, for bytes, the
 * encodings {@code json.loads} detects (UTF-8 with or without a BOM, UTF-16 and UTF-32). Refused, as
 * Python refuses them: single quotes, comments, trailing commas, unquoted keys, control characters
 * inside strings, leading zeros, {@code +1}, {@code .5}, {@code 1.}, {@code nan}, anything after the
 * value but whitespace (space, tab, CR, LF), and integers of more than 4,300 digits (Python's
 * {@code sys.get_int_max_str_digits()} default).
 *
 * <p>The result is a Gson tree; numbers keep their text (as Gson's own parser keeps them), so that
 * reading an option as an int or a double behaves as before.
 */
final class StrictJson {
  /** Python's default limit on the digits of an int parsed from text. */
  static final int MAX_INT_DIGITS = 4300;

  /** A syntax error, with the position (line and column count characters, from 1). */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean depth;

    SyntaxError(String message, boolean depth) {
      super(message, null, false, false);
      this.depth = depth;
    }
  }

  private final String s;
  private final int maxDepth;
  private int pos;

  private StrictJson(String s, int maxDepth) {
    this.s = s;
    this.maxDepth = maxDepth;
  }

  /**
   * Parses text as {@code json.loads(str)} does.
   *
   * @throws SyntaxError where {@code json.loads} raises, or beyond {@code maxDepth} levels of nesting
   */
  static JsonElement parse(String text, int maxDepth) {
    if (text.startsWith("\ufeff")) {
      throw new SyntaxError("unexpected UTF-8 BOM at the start of the text", false);
    }
    return parseDecoded(text, maxDepth);
  }

  /**
   * Parses bytes as {@code json.loads(bytes)} does: the encoding is detected from a BOM or the
   * pattern of zero bytes (UTF-8, UTF-16 or UTF-32), and decoding is strict except that encoded
   * surrogates pass, as with Python's {@code 'surrogatepass'}.
   */
  static JsonElement parse(byte[] bytes, int maxDepth) {
    return parseDecoded(decode(bytes), maxDepth);
  }

  private static JsonElement parseDecoded(String text, int maxDepth) {
    StrictJson p = new StrictJson(text, maxDepth);
    p.skipWhitespace();
    JsonElement v = p.value(0);
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("extra data after the JSON value");
    }
    return v;
  }

  // ------------------------------------------------------------------ decoding (json.detect_encoding)

  static String decode(byte[] b) {
    int n = b.length;
    if (startsWith(b, 0x00, 0x00, 0xfe, 0xff)) {
      return utf32(b, 4, true);
    }
    if (startsWith(b, 0xff, 0xfe, 0x00, 0x00)) {
      return utf32(b, 4, false);
    }
    if (startsWith(b, 0xfe, 0xff)) {
      return utf16(b, 2, true);
    }
    if (startsWith(b, 0xff, 0xfe)) {
      return utf16(b, 2, false);
    }
    if (startsWith(b, 0xef, 0xbb, 0xbf)) {
      return utf8(b, 3);
    }
    if (n >= 4) {
      if (b[0] == 0) {
        return b[1] != 0 ? utf16(b, 0, true) : utf32(b, 0, true);
      }
      if (b[1] == 0) {
        return b[2] != 0 || b[3] != 0 ? utf16(b, 0, false) : utf32(b, 0, false);
      }
    } else if (n == 2) {
      if (b[0] == 0) {
        return utf16(b, 0, true);
      }
      if (b[1] == 0) {
        return utf16(b, 0, false);
      }
    }
    return utf8(b, 0);
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static SyntaxError undecodable(String encoding, int at, String why) {
    return new SyntaxError("not valid " + encoding + " (byte " + at + ": " + why + ")", false);
  }

  /** UTF-8 as Python decodes it with 'surrogatepass': strict, except that U+D800..U+DFFF pass. */
  private static String utf8(byte[] b, int from) {
    StringBuilder sb = new StringBuilder(b.length - from);
    int i = from;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int len;
      int cp;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
      } else {
        throw undecodable("UTF-8", i, "invalid start byte");
      }
      if (i + len > b.length) {
        throw undecodable("UTF-8", i, "unexpected end of data");
      }
      for (int k = 1; k < len; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          throw undecodable("UTF-8", i, "invalid continuation byte");
        }
        cp = cp << 6 | cc & 0x3f;
      }
      if (cp < min || cp > 0x10ffff) {
        throw undecodable("UTF-8", i, cp < min ? "overlong encoding" : "code point beyond U+10FFFF");
      }
      sb.appendCodePoint(cp);
      i += len;
    }
    return sb.toString();
  }

  /** UTF-16 with 'surrogatepass': every code unit passes; an odd byte count does not. */
  private static String utf16(byte[] b, int from, boolean bigEndian) {
    if ((b.length - from) % 2 != 0) {
      throw undecodable(bigEndian ? "UTF-16-BE" : "UTF-16-LE", b.length - 1, "truncated data");
    }
    char[] c = new char[(b.length - from) / 2];
    for (int i = 0; i < c.length; i++) {
      int hi = b[from + 2 * i] & 0xff;
      int lo = b[from + 2 * i + 1] & 0xff;
      c[i] = (char) (bigEndian ? hi << 8 | lo : lo << 8 | hi);
    }
    return new String(c);
  }

  /** UTF-32 with 'surrogatepass': code points up to U+10FFFF, surrogates included. */
  private static String utf32(byte[] b, int from, boolean bigEndian) {
    String enc = bigEndian ? "UTF-32-BE" : "UTF-32-LE";
    if ((b.length - from) % 4 != 0) {
      throw undecodable(enc, b.length - (b.length - from) % 4, "truncated data");
    }
    StringBuilder sb = new StringBuilder((b.length - from) / 4);
    for (int i = from; i < b.length; i += 4) {
      long cp = 0;
      for (int k = 0; k < 4; k++) {
        int x = b[bigEndian ? i + k : i + 3 - k] & 0xff;
        cp = cp << 8 | x;
      }
      if (cp > 0x10ffff) {
        throw undecodable(enc, i, "code point not in range(0x110000)");
      }
      if (cp >= 0xd800 && cp <= 0xdfff) {
        sb.append((char) cp);
      } else {
        sb.appendCodePoint((int) cp);
      }
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ the grammar (json.scanner)

  private JsonElement value(int depth) {
    if (pos >= s.length()) {
      throw error("expecting a value");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return new JsonPrimitive(string());
      case 'n':
        if (s.startsWith("null", pos)) {
          pos += 4;
          return JsonNull.INSTANCE;
        }
        break;
      case 't':
        if (s.startsWith("true", pos)) {
          pos += 4;
          return new JsonPrimitive(Boolean.TRUE);
        }
        break;
      case 'f':
        if (s.startsWith("false", pos)) {
          pos += 5;
          return new JsonPrimitive(Boolean.FALSE);
        }
        break;
      case 'N':
        if (s.startsWith("NaN", pos)) {
          pos += 3;
          return new JsonPrimitive(new Text("NaN"));
        }
        break;
      case 'I':
        if (s.startsWith("Infinity", pos)) {
          pos += 8;
          return new JsonPrimitive(new Text("Infinity"));
        }
        break;
      case '-':
        if (s.startsWith("-Infinity", pos)) {
          pos += 9;
          return new JsonPrimitive(new Text("-Infinity"));
        }
        return number();
      default:
        if (c >= '0' && c <= '9') {
          return number();
        }
    }
    throw error("expecting a value");
  }

  private void enter(int depth) {
    if (depth > maxDepth) {
      throw new SyntaxError("nested deeper than " + maxDepth + " levels" + at(), true);
    }
  }

  private JsonObject object(int depth) {
    enter(depth);
    pos++;
    JsonObject o = new JsonObject();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return o;
    }
    while (true) {
      if (peek() != '"') {
        throw error("expecting a property name enclosed in double quotes");
      }
      String key = string();
      skipWhitespace();
      if (peek() != ':') {
        throw error("expecting ':' delimiter");
      }
      pos++;
      skipWhitespace();
      // A repeated key keeps its first position and takes the last value, as a Python dict does.
      o.add(key, value(depth));
      if (closes('}')) {
        return o;
      }
    }
  }

  private JsonArray array(int depth) {
    enter(depth);
    pos++;
    JsonArray a = new JsonArray();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return a;
    }
    while (true) {
      a.add(value(depth));
      if (closes(']')) {
        return a;
      }
    }
  }

  /** After a member: true at {@code close}; past a comma (and whitespace), false; else an error. */
  private boolean closes(char close) {
    skipWhitespace();
    char c = peek();
    if (c == close) {
      pos++;
      return true;
    }
    if (c != ',') {
      throw error("expecting ',' delimiter");
    }
    pos++;
    skipWhitespace();
    return false;
  }

  private String string() {
    int start = ++pos;
    StringBuilder sb = null;
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string starting", start - 1);
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String r = sb == null ? s.substring(start, pos) : sb.toString();
        pos++;
        return r;
      }
      if (c < 0x20) {
        throw error("invalid control character in a string");
      }
      if (c != '\\') {
        if (sb != null) {
          sb.append(c);
        }
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length() - start < 64 ? 16 : 64).append(s, start, pos);
      }
      if (pos + 1 >= s.length()) {
        throw error("unterminated string starting", start - 1);
      }
      char e = s.charAt(pos + 1);
      switch (e) {
        case '"': sb.append('"'); break;
        case '\\': sb.append('\\'); break;
        case '/': sb.append('/'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u': {
          int u = hex4(pos + 2);
          pos += 6;
          // A high surrogate escape followed by a low one is one code point; lone ones stay as they are.
          if (u >= 0xd800 && u <= 0xdbff && s.startsWith("\\u", pos)) {
            int lo = hex4OrMinus(pos + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              sb.append((char) u).append((char) lo);
              pos += 6;
              continue;
            }
          }
          sb.append((char) u);
          continue;
        }
        default:
          throw error("invalid \\escape");
      }
      pos += 2;
    }
  }

  private int hex4(int at) {
    int v = hex4OrMinus(at);
    if (v < 0) {
      throw error("invalid \\uXXXX escape", at - 2);
    }
    return v;
  }

  private int hex4OrMinus(int at) {
    if (at + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + 4; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /** Python's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? */
  private JsonPrimitive number() {
    int start = pos;
    int i = pos;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    int intStart = i;
    if (i < s.length() && s.charAt(i) == '0') {
      i++;
    } else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      throw error("expecting a value");
    }
    int intEnd = i;
    boolean integral = true;
    if (i + 1 < s.length() && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
      i += 2;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      integral = false;
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      if (j < s.length() && isDigit(s.charAt(j))) {
        while (j < s.length() && isDigit(s.charAt(j))) {
          j++;
        }
        i = j;
        integral = false;
      }
    }
    if (integral && intEnd - intStart > MAX_INT_DIGITS) {
      throw error("an integer of " + (intEnd - intStart) + " digits, more than Python's limit of " + MAX_INT_DIGITS);
    }
    pos = i;
    return new JsonPrimitive(new Text(s.substring(start, i)));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private SyntaxError error(String what) {
    return error(what, pos);
  }

  private SyntaxError error(String what, int at) {
    int save = pos;
    pos = at;
    String where = at();
    pos = save;
    return new SyntaxError(what + where, false);
  }

  private String at() {
    int line = 1;
    int lineStart = 0;
    int end = Math.min(pos, s.length());
    for (int i = 0; i < end; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return " at line " + line + " column " + (end - lineStart + 1) + " (character " + end + ")";
  }

  /**
   * A JSON number kept as its text, read on demand the way Gson's own parser reads numbers (its
   * {@code LazilyParsedNumber}, which is not exported): integers exactly, others through
   * {@link BigDecimal}; NaN and the infinities through {@link Double#parseDouble}.
   */
  static final class Text extends Number {
    private static final long serialVersionUID = 1L;
    private final String value;

    Text(String value) {
      this.value = value;
    }

    @Override
    public int intValue() {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        try {
          return (int) Long.parseLong(value);
        } catch (NumberFormatException e2) {
          return decimal().intValue();
        }
      }
    }

    @Override
    public long longValue() {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return decimal().longValue();
      }
    }

    @Override
    public float floatValue() {
      return Float.parseFloat(value);
    }

    @Override
    public double doubleValue() {
      return Double.parseDouble(value);
    }

    private BigDecimal decimal() {
      // Gson's own guard against pathological literals (e.g. 1e-999999999).
      if (value.length() > 10_000) {
        throw new NumberFormatException("number string too large: " + value.length() + " characters");
      }
      BigDecimal d = new BigDecimal(value);
      if (Math.abs((long) d.scale()) >= 10_000) {
        throw new NumberFormatException("number has unsupported scale: " + d.scale());
      }
      return d;
    }

    @Override
    public String toString() {
      return value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Text && ((Text) o).value.equals(value);
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }
  }
}
