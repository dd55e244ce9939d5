package io.kerasj.compat;

import com.google.gson.JsonObject;
import io.kerasj.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compat run's HTML page ({@code target/compat-report.html}), beside the markdown table:
 * self-contained (inline SVG, no script, no network), with
 *
 * <ul>
 *   <li>the error per time step along the 1,000-step sequences, per model and format (does the
 *       error grow along the sequence?);
 *   <li>the distribution of float32 ulp errors, per model and format, over every compared element.
 * </ul>
 *
 * <p>{@link CompatTest} feeds it every compared output through {@link #record}.
 */
final class CompatHtmlReport {
  /** Upper bounds of the ulp bins; the last bin is everything above the last bound. */
  static final long[] ULP_BOUNDS = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1024};
  static final String[] ULP_LABELS = {"0", "1", "2", "\u22644", "\u22648", "\u226416", "\u226432", "\u226464",
      "\u2264128", "\u2264256", "\u22641k", ">1k"};
  static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
  static final int LONG_SEQUENCE = 1000;

  private static final Map<String, long[]> ULPS = new TreeMap<>();
  private static final Map<String, double[]> PER_STEP = new TreeMap<>();

  private CompatHtmlReport() {}

  /** Adds one compared output (expected = TensorFlow's, actual = kerasj's). */
  static synchronized void record(String model, String format, String input, Tensor expected, Tensor actual) {
    long[] hist = ULPS.computeIfAbsent(model + "\u0000" + format, k -> new long[ULP_LABELS.length]);
    float[] e = expected.data();
    float[] a = actual.data();
    for (int i = 0; i < e.length; i++) {
      hist[bin(ulp(e[i], a[i]))]++;
    }
    int[] s = expected.shape();
    if (s.length == 3 && s[1] == LONG_SEQUENCE) {
      double[] steps = PER_STEP.computeIfAbsent(model + "\u0000" + format + "\u0000" + input,
          k -> new double[LONG_SEQUENCE]);
      int t = s[1];
      int f = s[2];
      for (int b = 0; b < s[0]; b++) {
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < f; k++) {
            int i = (b * t + j) * f + k;
            steps[j] = Math.max(steps[j], Math.abs((double) a[i] - e[i]));
          }
        }
      }
    }
  }

  static long ulp(float x, float y) {
    if (Float.isNaN(x) || Float.isNaN(y)) {
      return Float.isNaN(x) && Float.isNaN(y) ? 0 : Long.MAX_VALUE;
    }
    return Math.abs(ordered(x) - ordered(y));
  }

  private static long ordered(float f) {
    int b = Float.floatToRawIntBits(f);
    return b >= 0 ? b : -(long) (b & 0x7fffffff);
  }

  static int bin(long ulp) {
    for (int i = 0; i < ULP_BOUNDS.length; i++) {
      if (ulp <= ULP_BOUNDS[i]) {
        return i;
      }
    }
    return ULP_LABELS.length - 1;
  }

  static synchronized void write(Path file, JsonObject versions, int rows, int fails, int refused) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>kerasj compatibility report</title>\n")
        .append("<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222;max-width:1350px}")
        .append("h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}")
        .append(".grid{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;padding:6px;border-radius:4px}")
        .append(".card h3{font-size:13px;margin:2px 0 4px 4px}table{border-collapse:collapse;font-size:12px}")
        .append("td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th{background:#f4f4f4}")
        .append("td.l,th.l{text-align:left}.note{color:#555;font-size:13px}</style></head><body>\n");
    h.append("<h1>kerasj compatibility report</h1>\n<p class=\"note\">kerasj against TensorFlow ")
        .append(esc(versions.get("tensorflow").getAsString())).append(" (Keras ").append(esc(versions.get("keras").getAsString()))
        .append(", tf-keras ").append(esc(versions.get("tf_keras").getAsString())).append("), Java ")
        .append(esc(System.getProperty("java.version"))).append(". ").append(rows).append(" cases, ")
        .append(rows - fails - refused).append(" within tolerance, ").append(fails).append(" out of tolerance, ")
        .append(refused).append(" refused at load by name (an option kerasj does not implement). ")
        .append("The per-case table is <code>compat-report.md</code>.</p>\n");

    h.append("<h2>Error per time step along the 1,000-step sequences</h2>\n<p class=\"note\">For each time step, the ")
        .append("largest |kerasj &minus; TensorFlow| over the batch and the output features (input ")
        .append("<code>len1000_small</code>, 4 sequences), log scale; exact agreement is drawn at the floor. ")
        .append("The table below compares the first and the last 100 steps: a ratio far above 1 would mean the ")
        .append("error grows along the sequence. Thin lines: each step; thick dashed: the mean over 50-step windows. ")
        .append("Formats whose numbers are identical draw on top of each other.</p>\n<div class=\"grid\">\n");
    Map<String, Map<String, double[]>> byModel = new TreeMap<>();
    for (Map.Entry<String, double[]> e : PER_STEP.entrySet()) {
      String[] k = e.getKey().split("\u0000");
      byModel.computeIfAbsent(k[0] + (k[2].equals("len1000_small") ? "" : " / " + k[2]), x -> new TreeMap<>())
          .put(k[1], e.getValue());
    }
    StringBuilder growth = new StringBuilder("<table><tr><th class=\"l\">model</th><th class=\"l\">format</th>"
        + "<th>mean max error, steps 0-99</th><th>steps 900-999</th><th>ratio last/first</th><th>max over all steps</th></tr>\n");
    for (Map.Entry<String, Map<String, double[]>> m : byModel.entrySet()) {
      h.append("<div class=\"card\"><h3>").append(esc(m.getKey())).append("</h3>")
          .append(lineChart(m.getValue())).append("</div>\n");
      for (Map.Entry<String, double[]> f : m.getValue().entrySet()) {
        double first = mean(f.getValue(), 0, 100);
        double last = mean(f.getValue(), LONG_SEQUENCE - 100, LONG_SEQUENCE);
        double max = 0;
        for (double v : f.getValue()) {
          max = Math.max(max, v);
        }
        growth.append("<tr><td class=\"l\">").append(esc(m.getKey())).append("</td><td class=\"l\">")
            .append(esc(f.getKey())).append("</td><td>").append(g(first)).append("</td><td>").append(g(last))
            .append("</td><td>").append(first > 0 ? String.format(Locale.ROOT, "%.2f", last / first) : "-")
            .append("</td><td>").append(g(max)).append("</td></tr>\n");
      }
    }
    h.append("</div>\n");
    growth.append("</table>\n");

    h.append("<h2>Distribution of ulp errors per model and format</h2>\n<p class=\"note\">Share of all compared ")
        .append("output elements (every input of the model) by distance from TensorFlow's value in float32 units in ")
        .append("the last place (0 = bit-identical). Near zero a few ulps are tiny absolute errors, so large ulp counts ")
        .append("there are expected; the tolerance itself is absolute/relative.</p>\n<div class=\"grid\">\n");
    Map<String, Map<String, long[]>> ulpByModel = new TreeMap<>();
    for (Map.Entry<String, long[]> e : ULPS.entrySet()) {
      String[] k = e.getKey().split("\u0000");
      ulpByModel.computeIfAbsent(k[0], x -> new TreeMap<>()).put(k[1], e.getValue());
    }
    List<Map.Entry<String, Map<String, long[]>>> ordered = new ArrayList<>(ulpByModel.entrySet());
    ordered.sort((a, b) -> Boolean.compare(a.getKey().startsWith("act_"), b.getKey().startsWith("act_")));
    for (Map.Entry<String, Map<String, long[]>> m : ordered) {
      h.append("<div class=\"card\"><h3>").append(esc(m.getKey())).append("</h3>").append(barChart(m.getValue()))
          .append("</div>\n");
    }
    h.append("</div>\n<h2>Tables</h2>\n<h3>Error growth along the 1,000-step sequences</h3>\n").append(growth);
    h.append("<h3>All models: share of elements per ulp bin</h3>\n<table><tr><th class=\"l\">model</th>")
        .append("<th class=\"l\">format</th><th>elements</th>");
    for (String l : ULP_LABELS) {
      h.append("<th>").append(esc(l)).append("</th>");
    }
    h.append("</tr>\n");
    for (Map.Entry<String, Map<String, long[]>> m : ulpByModel.entrySet()) {
      for (Map.Entry<String, long[]> f : m.getValue().entrySet()) {
        long total = 0;
        for (long c : f.getValue()) {
          total += c;
        }
        h.append("<tr><td class=\"l\">").append(esc(m.getKey())).append("</td><td class=\"l\">").append(esc(f.getKey()))
            .append("</td><td>").append(total).append("</td>");
        for (long c : f.getValue()) {
          double share = total == 0 ? 0 : (double) c / total;
          int shade = (int) Math.round(255 - 160 * Math.sqrt(share));
          h.append("<td style=\"background:rgb(").append(shade).append(',').append(shade).append(",255)\">")
              .append(c == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * share)).append("</td>");
        }
        h.append("</tr>\n");
      }
    }
    h.append("</table>\n</body></html>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }

  /** Per-step error lines (one per format) on a log10 axis. */
  static String lineChart(Map<String, double[]> series) {
    int w = 400;
    int hgt = 230;
    int left = 52;
    int right = 10;
    int top = 10;
    int bottom = 52;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] s : series.values()) {
      for (double v : s) {
        if (v > 0) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(lo < Double.POSITIVE_INFINITY)) {
      lo = 1e-9;
      hi = 1e-8;
    }
    int ylo = (int) Math.floor(Math.log10(lo)) - 1;
    int yhi = (int) Math.ceil(Math.log10(hi));
    if (yhi <= ylo) {
      yhi = ylo + 1;
    }
    double pw = w - left - right;
    double ph = hgt - top - bottom;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
        .append("\" font-size=\"10\" font-family=\"DejaVu Sans,Arial,sans-serif\">");
    for (int d = ylo; d <= yhi; d++) {
      double y = top + ph - (d - ylo) / (double) (yhi - ylo) * ph;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>",
          left, y, w - right, y));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>", left - 4, y + 3, d));
    }
    for (int t = 0; t <= LONG_SEQUENCE; t += 200) {
      double x = left + t / (double) (LONG_SEQUENCE - 1) * pw;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>",
          x, top, x, top + ph));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x,
          top + ph + 12, t));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time step</text>",
        left + pw / 2, top + ph + 24));
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
        + "stroke=\"#999\"/>", left, top, pw, ph));
    int c = 0;
    int legendX = left;
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      String color = COLORS[c++ % COLORS.length];
      StringBuilder pts = new StringBuilder();
      double[] v = s.getValue();
      for (int t = 0; t < v.length; t++) {
        double lv = v[t] > 0 ? Math.max(Math.log10(v[t]), ylo) : ylo;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + t / (double) (v.length - 1) * pw,
            top + ph - (lv - ylo) / (yhi - ylo) * ph));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"0.8\" stroke-opacity=\"0.3\" stroke=\"").append(color)
          .append("\" points=\"").append(pts.toString().strip()).append("\"/>");
      StringBuilder avg = new StringBuilder();
      int win = 50;
      for (int t0 = 0; t0 + win <= v.length; t0 += win) {
        double m = mean(v, t0, t0 + win);
        double lv = m > 0 ? Math.max(Math.log10(m), ylo) : ylo;
        avg.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (t0 + win / 2.0) / (v.length - 1) * pw,
            top + ph - (lv - ylo) / (yhi - ylo) * ph));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"2.2\" stroke-dasharray=\"6,3\" stroke=\"").append(color)
          .append("\" points=\"").append(avg.toString().strip()).append("\"/>");
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>", legendX, hgt - 12, color, legendX + 13, hgt - 8, esc(s.getKey())));
      legendX += 68;
    }
    return sb.append("</svg>").toString();
  }

  /** Grouped bars: share of elements per ulp bin, one bar per format. */
  static String barChart(Map<String, long[]> byFormat) {
    int w = 400;
    int hgt = 200;
    int left = 36;
    int right = 6;
    int top = 8;
    int bottom = 48;
    double pw = w - left - right;
    double ph = hgt - top - bottom;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
        .append("\" font-size=\"9\" font-family=\"DejaVu Sans,Arial,sans-serif\">");
    for (int p = 0; p <= 100; p += 25) {
      double y = top + ph - p / 100.0 * ph;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", left, y, w - right, y, left - 3, y + 3, p));
    }
    int bins = ULP_LABELS.length;
    double slot = pw / bins;
    int n = Math.max(1, byFormat.size());
    double bw = (slot - 4) / n;
    List<String> formats = new ArrayList<>(byFormat.keySet());
    for (int f = 0; f < formats.size(); f++) {
      long[] hist = byFormat.get(formats.get(f));
      long total = 0;
      for (long x : hist) {
        total += x;
      }
      String color = COLORS[f % COLORS.length];
      for (int b = 0; b < bins; b++) {
        double share = total == 0 ? 0 : (double) hist[b] / total;
        double bh = share * ph;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s %s ulp: %.2f%%</title></rect>", left + b * slot + 2 + f * bw, top + ph - bh, Math.max(bw, 0.5),
            bh, color, esc(formats.get(f)), ULP_LABELS[b], 100 * share));
      }
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"6\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>", left + f * 70, hgt - 12, color, left + f * 70 + 13, hgt - 6,
          esc(formats.get(f))));
    }
    for (int b = 0; b < bins; b++) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
          left + b * slot + slot / 2, top + ph + 11, esc(ULP_LABELS[b])));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">ulp distance from "
        + "TensorFlow</text>", left + pw / 2, top + ph + 23));
    return sb.append("</svg>").toString();
  }

  private static String g(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
