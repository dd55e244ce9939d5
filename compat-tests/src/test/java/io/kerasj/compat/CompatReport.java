package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kerasj.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The compat report: every comparison of kerasj with TensorFlow made by the compat suites, one
 * row each, written to {@code target/compat-report.md} after each suite (so the last write holds
 * them all).
 */
final class CompatReport {
  private CompatReport() {}

  private static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());

  /**
   * One comparison. {@code tolerance} bounds {@code maxScaled}; {@code top5} is, for classifiers,
   * how many samples have TensorFlow's top-5 classes ("3/3"), else {@code null}.
   */
  record Row(String suite, String model, String format, String input, int[] shape, double maxAbs, double maxRel,
             double maxScaled, String error, double tolerance, String top5) {
    Row(String suite, String model, String format, String input, int[] shape, double maxAbs, double maxRel,
        double maxScaled, String error) {
      this(suite, model, format, input, shape, maxAbs, maxRel, maxScaled, error, CompatTest.TOLERANCE, null);
    }

    boolean ok() {
      return error == null && maxScaled <= tolerance && (top5 == null || top5Agrees(top5));
    }

    /**
     * A model of a suite's pending list, refused at load naming only the features listed there
     * (FixtureSuite checks that): no error to report, and not a result out of tolerance.
     */
    boolean refused() {
      return error != null && error.startsWith(FixtureSuite.PENDING);
    }
  }

  /** The two counts of a top-5 note ("2/3: sample 1: java [...] tf [...]"): agreeing samples, samples. */
  static int[] top5Counts(String note) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)/(\\d+)").matcher(note);
    if (!m.find()) {
      throw new IllegalArgumentException("not a top-5 note: " + note);
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /** Whether a top-5 note says every sample agreed ("3/3"). */
  static boolean top5Agrees(String note) {
    int[] c = top5Counts(note);
    return c[0] == c[1];
  }

  /** Suites of image models, which get a section of their own. */
  static final List<String> IMAGE_SUITES = List.of("ch14", "applications");

  static void add(Row r) {
    ROWS.add(r);
  }

  /** Compares one output with TensorFlow's, records the row, and fails if out of tolerance. */
  static Row compare(String suite, String model, String format, String input, Tensor y, Tensor expected) {
    return compare(suite, model, format, input, y, expected, CompatTest.TOLERANCE, null);
  }

  /**
   * {@link #compare(String, String, String, String, Tensor, Tensor)} with a tolerance on the scaled
   * error and, for classifiers, a top-5 note ({@link Row#top5}) that must show full agreement.
   */
  static Row compare(String suite, String model, String format, String input, Tensor y, Tensor expected,
                     double tolerance, String top5) {
    if (!Arrays.equals(expected.shape(), y.shape())) {
      Row row = new Row(suite, model, format, input, y.shape(), Double.NaN, Double.NaN, Double.NaN,
          "shape " + Arrays.toString(y.shape()) + " != TensorFlow's " + Arrays.toString(expected.shape()));
      add(row);
      assertArrayEquals(expected.shape(), y.shape(), model + "/" + format + "/" + input + ": output shape");
    }
    double maxAbs = 0;
    double maxRel = 0;
    double maxScaled = 0;
    for (int i = 0; i < y.size(); i++) {
      double tf = expected.data()[i];
      double j = y.data()[i];
      double d;
      if (Double.isNaN(tf) || Double.isNaN(j)) {
        d = Double.isNaN(tf) && Double.isNaN(j) ? 0 : Double.POSITIVE_INFINITY;
      } else if (Double.isInfinite(tf) || Double.isInfinite(j)) {
        d = tf == j ? 0 : Double.POSITIVE_INFINITY;
      } else {
        d = Math.abs(j - tf);
      }
      maxAbs = Math.max(maxAbs, d);
      // Matching NaNs and infinities count as exact; relative terms only make sense for finite tf.
      double scale = Double.isFinite(tf) ? Math.abs(tf) : 1.0;
      maxRel = Math.max(maxRel, d == 0 ? 0 : d / Math.max(scale, 1e-6));
      maxScaled = Math.max(maxScaled, d == 0 ? 0 : d / Math.max(scale, 1.0));
    }
    if (suite.equals("notebook")) {
      CompatHtmlReport.record(model, format, input, expected, y);
    }
    Row row = new Row(suite, model, format, input, y.shape(), maxAbs, maxRel, maxScaled, null, tolerance, top5);
    add(row);
    assertTrue(maxScaled <= tolerance, model + "/" + format + "/" + input + ": max |java - tf| / max(1, |tf|) = "
        + maxScaled + " > " + tolerance + " (max abs " + maxAbs + ")");
    assertTrue(top5 == null || top5Agrees(top5), model + "/" + format + "/" + input
        + ": samples with TensorFlow's top-5 classes: " + top5);
    return row;
  }

  /** Section "Chapter 16": the worst error of each chapter-16 model per file format, or why it failed. */
  private static void chapter16(StringBuilder sb, List<Row> rows) {
    Map<String, Map<String, Row>> worst = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      if (r.suite().equals(Chapter16CompatTest.SUITE_NAME)) {
        worst.computeIfAbsent(r.model(), k -> new java.util.TreeMap<>()).merge(r.format(), r,
            (a, b) -> !b.ok() && a.ok() || b.ok() == a.ok() && b.maxScaled() > a.maxScaled() ? b : a);
      }
    }
    if (worst.isEmpty()) {
      return;
    }
    sb.append("\n## Chapter 16\n\nHands-On ML 3rd ed. chapter 16 (`generate_ch16_fixtures.py`): worst max scaled "
        + "error over each model's inputs and outputs, padded positions included.\n\n| model |");
    List<String> formats = List.copyOf(new java.util.TreeSet<>(Chapter16CompatTest.FORMATS));
    formats.forEach(f -> sb.append(' ').append(f).append(" |"));
    sb.append("\n|---|").append("---|".repeat(formats.size())).append('\n');
    for (Map.Entry<String, Map<String, Row>> e : worst.entrySet()) {
      sb.append("| ").append(e.getKey()).append(" |");
      for (String f : formats) {
        Row r = e.getValue().get(f);
        sb.append(' ').append(r == null ? "—" : r.error() != null
            ? "FAIL: " + r.error().replace('|', '/').replace('\n', ' ')
            : String.format("%.3g%s", r.maxScaled(), r.ok() ? "" : " FAIL")).append(" |");
      }
      sb.append('\n');
    }
  }
  /**
   * One line per suite (a layer family such as pooling or preprocessing, or a fixture set): how
   * many models and rows it has, its worst errors, and how many rows are out of tolerance.
   */
  private static void familySection(StringBuilder sb, List<Row> rows) {
    Map<String, double[]> worst = new java.util.TreeMap<>();
    Map<String, java.util.Set<String>> models = new java.util.TreeMap<>();
    for (Row r : rows) {
      double[] w = worst.computeIfAbsent(r.suite(), k -> new double[5]);
      models.computeIfAbsent(r.suite(), k -> new java.util.TreeSet<>()).add(r.model());
      w[0]++;
      if (r.refused()) {
        w[4]++;
        continue;
      }
      w[1] = Math.max(w[1], r.error() == null ? r.maxAbs() : Double.POSITIVE_INFINITY);
      w[2] = Math.max(w[2], r.error() == null ? r.maxScaled() : Double.POSITIVE_INFINITY);
      w[3] += r.ok() ? 0 : 1;
    }
    sb.append("## Worst error per suite (layer family)\n\n"
        + "| suite | models | rows | worst max abs | worst max scaled | out of tolerance | refused at load by name |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, double[]> e : worst.entrySet()) {
      double[] w = e.getValue();
      sb.append(String.format("| %s | %d | %d | %.3g | %.3g | %d | %d |%n", e.getKey(), models.get(e.getKey()).size(),
          (int) w[0], w[1], w[2], (int) w[3], (int) w[4]));
    }
    sb.append('\n');
  }

  /**
   * The image models of one suite: per model, format and output (softmax, logits, or the model's
   * output), the worst errors over the inputs and batch sizes, and top-5 agreement.
   */
  private static void imageSection(StringBuilder sb, String suite, List<Row> rows) {
    Map<String, double[]> worst = new java.util.TreeMap<>();
    Map<String, int[]> top5 = new java.util.TreeMap<>();
    for (Row r : rows) {
      if (!r.suite().equals(suite)) {
        continue;
      }
      String output = r.input().substring(r.input().lastIndexOf(' ') + 1);
      String key = r.model() + " | " + r.format() + " | " + output;
      double[] w = worst.computeIfAbsent(key, k -> new double[4]);
      w[0]++;
      w[1] = Math.max(w[1], r.error() == null ? r.maxAbs() : Double.POSITIVE_INFINITY);
      w[2] = Math.max(w[2], r.error() == null ? r.maxScaled() : Double.POSITIVE_INFINITY);
      w[3] = r.tolerance();
      if (r.top5() != null) {
        int[] p = top5Counts(r.top5());
        int[] t = top5.computeIfAbsent(key, k -> new int[2]);
        t[0] += p[0];
        t[1] += p[1];
      }
    }
    if (worst.isEmpty()) {
      return;
    }
    sb.append("\n## Image models: ").append(suite).append("\n\n")
        .append("Worst over the inputs and batch sizes (1 and 3) of each file. Classifiers are checked on the ")
        .append("softmax (the file as saved) and on the logits (the same weights with the classifier's ")
        .append("activation linear, `classifier_activation=None`); top-5 = samples whose five most likely ")
        .append("classes are TensorFlow's.\n\n")
        .append("| model | format | output | rows | worst max abs | worst max scaled | tolerance | top-5 |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, double[]> e : worst.entrySet()) {
      double[] w = e.getValue();
      int[] t = top5.get(e.getKey());
      sb.append(String.format("| %s | %d | %.3g | %.3g | %.0e | %s |%n", e.getKey(), (int) w[0], w[1], w[2], w[3],
          t == null ? "—" : t[0] + "/" + t[1]));
    }
  }

  static synchronized void write() throws IOException {
    List<Row> rows = new ArrayList<>(ROWS);
    rows.sort((a, b) -> {
      int c = a.suite().compareTo(b.suite());
      if (c == 0) {
        c = a.model().compareTo(b.model());
      }
      if (c == 0) {
        c = a.format().compareTo(b.format());
      }
      return c != 0 ? c : a.input().compareTo(b.input());
    });
    StringBuilder sb = new StringBuilder();
    sb.append("# kerasj compatibility report\n\n");
    JsonObject versions = CompatTest.manifest().getAsJsonObject("versions");
    sb.append("Expected values: TensorFlow ").append(versions.get("tensorflow").getAsString())
        .append(", Keras ").append(versions.get("keras").getAsString())
        .append(", tf-keras ").append(versions.get("tf_keras").getAsString())
        .append(" (fixtures by `compat-tests/python/generate_fixtures.py`). ")
        .append("Java: ").append(System.getProperty("java.version")).append(", kernels: ")
        .append(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            ? "Vector API (`--add-modules jdk.incubator.vector`)" : "scalar").append(".\n\n");
    sb.append("Tolerance, on every element: |java − tf| ≤ ").append(CompatTest.TOLERANCE).append(" · max(1, |tf|) ")
        .append("(the plain absolute bound wherever |tf| ≤ 1). ")
        .append("Columns: max abs = max |java − tf|; max rel = max |java − tf| / max(|tf|, 1e-6); ")
        .append("max scaled = max |java − tf| / max(1, |tf|), the quantity the tolerance bounds.\n\n");
    double worstCore = 0;
    int fails = 0;
    int refused = 0;
    for (Row r : rows) {
      if (r.refused()) {
        refused++;
      } else if (!r.ok()) {
        fails++;
      } else if (CompatTest.CORE_MODELS.contains(r.model())) {
        worstCore = Math.max(worstCore, r.maxAbs());
      }
    }
    sb.append(String.format("%d rows, %d within tolerance, %d out of tolerance, %d refused at load by name (models "
        + "with an option kerasj does not implement: see \"result\"). Worst max abs error over the notebook "
        + "models (%s): %.3g.%n%n", rows.size(), rows.size() - fails - refused, fails, refused,
        String.join(", ", CompatTest.CORE_MODELS), worstCore));
    familySection(sb, rows);
    sb.append("## Worst error per model and format\n\n"
        + "| suite | model | format | rows | worst max abs | worst max rel | worst max scaled |\n|---|---|---|---|---|---|---|\n");
    Map<String, double[]> worst = new java.util.TreeMap<>();
    Map<String, String> refusedFor = new java.util.TreeMap<>();
    for (Row r : rows) {
      String key = r.suite() + " | " + r.model() + " | " + r.format();
      double[] w = worst.computeIfAbsent(key, k -> new double[4]);
      w[0]++;
      if (r.refused()) {
        refusedFor.put(key, r.error().replace('|', '/'));
        continue;
      }
      w[1] = Math.max(w[1], r.error() == null ? r.maxAbs() : Double.POSITIVE_INFINITY);
      w[2] = Math.max(w[2], r.error() == null ? r.maxRel() : Double.POSITIVE_INFINITY);
      w[3] = Math.max(w[3], r.error() == null ? r.maxScaled() : Double.POSITIVE_INFINITY);
    }
    for (Map.Entry<String, double[]> e : worst.entrySet()) {
      String why = refusedFor.get(e.getKey());
      if (why != null) {
        sb.append(String.format("| %s | %d | refused at load (%s) | — | — |%n", e.getKey(), (int) e.getValue()[0], why));
        continue;
      }
      sb.append(String.format("| %s | %d | %.3g | %.3g | %.3g |%n", e.getKey(), (int) e.getValue()[0], e.getValue()[1],
          e.getValue()[2], e.getValue()[3]));
    }
    for (String suite : IMAGE_SUITES) {
      imageSection(sb, suite, rows);
    }
    chapter16(sb, rows);
    sb.append("\n## Every row\n\n");
    sb.append("| suite | model | format | input | output shape | max abs | max rel | max scaled | result |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      boolean ok = r.ok();
      sb.append("| ").append(r.suite()).append(" | ").append(r.model()).append(" | ").append(r.format()).append(" | ").append(r.input())
          .append(" | ").append(Arrays.toString(r.shape()))
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxAbs()) : "—")
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxRel()) : "—")
          .append(" | ").append(r.error() == null ? String.format("%.3g", r.maxScaled()) : "—")
          .append(" | ").append(ok ? "ok" : r.refused() ? "refused at load by name (" + r.error().replace('|', '/') + ")"
              : "FAIL" + (r.error() == null ? "" : ": " + r.error().replace('|', '/')))
          .append(r.top5() == null ? "" : ", top-5 " + r.top5())
          .append(" |\n");
    }
    Files.createDirectories(CompatTest.REPORT.toAbsolutePath().getParent());
    Files.writeString(CompatTest.REPORT, sb.toString(), StandardCharsets.UTF_8);
    CompatHtmlReport.write(CompatTest.REPORT.resolveSibling(
        CompatTest.REPORT.getFileName().toString().replaceFirst("\\.md$", "") + ".html"), versions, rows.size(), fails,
        refused);
  }
}
