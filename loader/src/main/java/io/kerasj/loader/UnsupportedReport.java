package io.kerasj.loader;

import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.UnsupportedFeatureException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything one model needs that kerasj does not implement — layer and cell classes, Python code,
 * call arguments, options — collected while the model is checked, so that one {@link
 * UnsupportedFeatureException} names all of it instead of the first. Classes are checked before
 * anything else ({@link ModelAssembler}), so a layer kerasj lacks is named as such, not by one of
 * its options.
 */
final class UnsupportedReport {
  // Beyond this many distinct problems, further ones are only counted: a config of a million
  // unknown layers must not fill the heap with messages nobody reads.
  private static final int MAX_STORED = 10_000;

  /** How a user adds a layer or cell class kerasj lacks, by either route. */
  static String registerHint(String method, String className) {
    return "register a factory with CustomObjects (Java: LoadOptions.defaults().withCustomObjects(CustomObjects"
        + ".defaults()." + method + "(\"" + Messages.snippet(className) + "\", factory))) or in a plugin jar "
        + "(CLI: --plugin JAR)";
  }

  /** {@code hint} as a sentence after a message: capitalized. */
  static String sentence(String hint) {
    return Character.toUpperCase(hint.charAt(0)) + hint.substring(1);
  }

  private final String label;
  private final Set<String> items = new LinkedHashSet<>();
  private int uncounted;
  // One hint per kind of problem (unknown layer, unknown cell, code): the first one's example stands for all.
  private final Map<String, String> hints = new LinkedHashMap<>();
  private UnsupportedFeatureException first; // the first refusal thrown rather than recorded: the cause

  UnsupportedReport(String label) {
    this.label = label;
  }

  /**
   * Records one problem.
   *
   * @param message what is unsupported, usually prefixed with the file's label (which is dropped)
   * @param hintKind the kind of problem, or {@code null}; problems of one kind share one hint
   * @param hint what the user can do, or {@code null}
   */
  void add(String message, String hintKind, String hint) {
    String prefix = label + ": ";
    String item = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    if (items.size() < MAX_STORED) {
      items.add(item);
    } else if (!items.contains(item)) {
      uncounted++;
    }
    if (hintKind != null && hint != null) {
      hints.putIfAbsent(hintKind, hint);
    }
  }

  /** Records the problem an exception reports; an exception built by this report is already in it. */
  void add(UnsupportedFeatureException e) {
    if (e instanceof Refused) {
      return;
    }
    add(e.getMessage(), null, null);
    if (first == null) {
      first = e;
    }
  }

  int size() {
    return items.size() + uncounted;
  }

  /** Throws the report if it holds anything. */
  void throwIfAny() {
    if (!items.isEmpty()) {
      throw toException(null);
    }
  }

  /**
   * What to throw when {@code ex} stops the load: the report, if it holds anything (an unsupported
   * feature explains a later failure better than the failure itself, which stays the cause), or
   * {@code ex}.
   */
  RuntimeException stoppedBy(RuntimeException ex) {
    if (ex instanceof Refused) {
      return ex;
    }
    if (ex instanceof UnsupportedFeatureException) {
      add((UnsupportedFeatureException) ex);
      return toException(null);
    }
    return items.isEmpty() ? ex : toException(ex);
  }

  private UnsupportedFeatureException toException(Throwable stop) {
    int total = size();
    boolean one = total == 1;
    StringBuilder sb = new StringBuilder(label).append(": ");
    if (one) {
      sb.append(items.iterator().next());
    } else {
      sb.append("kerasj does not implement ").append(total).append(" features this model uses:");
      int shown = 0;
      for (String item : items) {
        if (shown++ == Messages.MAX_ITEMS) {
          break;
        }
        sb.append("\n  - ").append(item);
      }
      if (total > Messages.MAX_ITEMS) {
        sb.append("\n  … and ").append(total - Messages.MAX_ITEMS).append(" more");
      }
    }
    for (String hint : hints.values()) {
      sb.append(one ? ". " : "\n").append(sentence(hint)).append(one ? "" : ".");
    }
    if (stop instanceof KerasjException) {
      sb.append(one ? " " : "\n").append("(Loading stopped there: ").append(stop.getMessage()).append(')');
    }
    return new Refused(sb.toString(), stop != null ? stop : first);
  }

  /** The exception a report throws: recognized, so that an enclosing check does not report it twice. */
  static final class Refused extends UnsupportedFeatureException {
    private static final long serialVersionUID = 1L;

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
