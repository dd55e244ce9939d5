package io.kerasj;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;

/**
 * Formats values that come from a model file or a caller (layer, class, option and weight names,
 * option values, JSON snippets, archive entry names) for exception messages, so that a hostile
 * value can neither flood a log nor forge lines in it: a value is cut after {@value #MAX_CHARS}
 * characters, and the cut says how long the value was ({@code 'aaaa…' (16777216 chars)});
 * control, formatting and line-separator characters are escaped ({@code \n}, {@code \x00},
 * {@code \u202e}).
 *
 * <p>kerasj quotes every such value through this class; a custom layer factory can do the same.
 */
public final class Messages {
  /** The most characters of one value a message shows. */
  public static final int MAX_CHARS = 200;
  /** The most entries of one list a message shows. */
  public static final int MAX_ITEMS = 20;

  private Messages() {}

  /**
   * The value in single quotes, cut and escaped: {@code 'lstm'}, or {@code 'aaaa…' (16777216
   * chars)} for a value longer than {@value #MAX_CHARS} characters. {@code null} gives {@code
   * null}, without quotes.
   */
  public static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    return format(String.valueOf(value), "'");
  }

  /**
   * The value without quotes, cut and escaped like {@link #quote}: for text that brings its own
   * delimiters, such as JSON ({@code {"units": 3}}) or a Python literal.
   */
  public static String snippet(Object value) {
    return format(String.valueOf(value), "");
  }

  /**
   * The values as a list of {@linkplain #quote quoted} entries, at most {@value #MAX_ITEMS} of them:
   * {@code ['a', 'b', … and 999998 more]}.
   */
  public static String list(Collection<?> values) {
    if (values == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("[");
    Iterator<?> it = values.iterator();
    int shown = 0;
    while (it.hasNext() && shown < MAX_ITEMS) {
      sb.append(shown == 0 ? "" : ", ").append(quote(it.next()));
      shown++;
    }
    int more = values.size() - shown;
    if (more > 0) {
      sb.append(", … and ").append(more).append(" more");
    }
    return sb.append(']').toString();
  }

  private static String format(String s, String quote) {
    int end = Math.min(s.length(), MAX_CHARS);
    // Never cut between the two halves of a surrogate pair: the half would print as garbage.
    if (end < s.length() && end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    StringBuilder sb = new StringBuilder(end + 32).append(quote);
    appendEscaped(sb, s, end);
    if (end == s.length()) {
      return sb.append(quote).toString();
    }
    return sb.append('…').append(quote).append(" (").append(s.length()).append(" chars)").toString();
  }

  private static void appendEscaped(StringBuilder sb, String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c) || isInvisible(c)) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
  }

  // Bidirectional overrides (U+202E) and line separators make a terminal or log viewer show text
  // other than what the message holds.
  private static boolean isInvisible(char c) {
    int t = Character.getType(c);
    return t == Character.FORMAT || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
  }
}
