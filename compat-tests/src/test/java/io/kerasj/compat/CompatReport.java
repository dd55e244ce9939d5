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

  record Row(String suite, String model, String format, String input, int[] shape, double maxAbs, double maxRel,
             double maxScaled, String error) {
    boolean ok() {
      return error == null && maxScaled <= CompatTest.TOLERANCE;
    }

    /** A model the suite lists as not loadable yet (see {@link FixtureSuite}): neither ok nor a failure. */
    boolean pending() {
      return error != null && error.startsWith("pending: ");
    }
  }

  static void add(Row r) {
    ROWS.add(r);
  }

  /** Compares one output with TensorFlow's, records the row, and fails if out of tolerance. */
  static Row compare(String suite, String model, String format, String input, Tensor y, Tensor expected) {
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
    Row row = new Row(suite, model, format, input, y.shape(), maxAbs, maxRel, maxScaled, null);
    add(row);
    assertTrue(row.ok(), model + "/" + format + "/" + input + ": max |java - tf| / max(1, |tf|) = " + maxScaled
        + " > " + CompatTest.TOLERANCE + " (max abs " + maxAbs + ")");
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
        sb.append(' ').append(r == null ? "—" : r.pending() ? r.error() : r.error() != null
            ? "FAIL: " + r.error().replace('|', '/').replace('\n', ' ')
            : String.format("%.3g%s", r.maxScaled(), r.ok() ? "" : " FAIL")).append(" |");
      }
      sb.append('\n');
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
    for (Row r : rows) {
      if (!r.ok() && !r.pending()) {
        fails++;
      } else if (CompatTest.CORE_MODELS.contains(r.model())) {
        worstCore = Math.max(worstCore, r.maxAbs());
      }
    }
    sb.append(String.format("%d rows, %d within tolerance, %d out of tolerance. Worst max abs error over the notebook "
        + "models (%s): %.3g.%n%n", rows.size(), rows.size() - fails, fails, String.join(", ", CompatTest.CORE_MODELS), worstCore));
    sb.append("## Worst error per model and format\n\n"
        + "| suite | model | format | rows | worst max abs | worst max rel | worst max scaled |\n|---|---|---|---|---|---|---|\n");
    Map<String, double[]> worst = new java.util.TreeMap<>();
    for (Row r : rows) {
      double[] w = worst.computeIfAbsent(r.suite() + " | " + r.model() + " | " + r.format(), k -> new double[4]);
      w[0]++;
      w[1] = Math.max(w[1], r.error() == null ? r.maxAbs() : Double.POSITIVE_INFINITY);
      w[2] = Math.max(w[2], r.error() == null ? r.maxRel() : Double.POSITIVE_INFINITY);
      w[3] = Math.max(w[3], r.error() == null ? r.maxScaled() : Double.POSITIVE_INFINITY);
    }
    for (Map.Entry<String, double[]> e : worst.entrySet()) {
      sb.append(String.format("| %s | %d | %.3g | %.3g | %.3g |%n", e.getKey(), (int) e.getValue()[0], e.getValue()[1],
          e.getValue()[2], e.getValue()[3]));
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
          .append(" | ").append(ok ? "ok" : r.pending() ? r.error()
              : "FAIL" + (r.error() == null ? "" : ": " + r.error().replace('|', '/')))
          .append(" |\n");
    }
    Files.createDirectories(CompatTest.REPORT.toAbsolutePath().getParent());
    Files.writeString(CompatTest.REPORT, sb.toString(), StandardCharsets.UTF_8);
    CompatHtmlReport.write(CompatTest.REPORT.resolveSibling(
        CompatTest.REPORT.getFileName().toString().replaceFirst("\\.md$", "") + ".html"), versions, rows.size(), fails);
  }
}
