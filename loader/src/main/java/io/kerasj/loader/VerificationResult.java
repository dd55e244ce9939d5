package io.kerasj.loader;

import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link TestVector#verify}: for every output, the largest absolute, relative and
 * float32 ulp error, how many elements are out of tolerance, and where the worst element is.
 */
public final class VerificationResult {
  private final String vector;
  private final String model;
  private final double atol;
  private final double rtol;
  private final List<OutputError> outputs;

  VerificationResult(String vector, String model, double atol, double rtol, List<OutputError> outputs) {
    this.vector = vector;
    this.model = model;
    this.atol = atol;
    this.rtol = rtol;
    this.outputs = List.copyOf(outputs);
  }

  /** Per-output errors, in the model's output order. */
  public List<OutputError> outputs() {
    return outputs;
  }

  /** The absolute tolerance used. */
  public double atol() {
    return atol;
  }

  /** The relative tolerance used. */
  public double rtol() {
    return rtol;
  }

  /** True when every element of every output is within tolerance. */
  public boolean passed() {
    return outputs.stream().allMatch(OutputError::passed);
  }

  /**
   * Returns normally when {@link #passed()}.
   *
   * @throws VerificationException otherwise, with {@link #table()} as the message
   */
  public void requirePassed() {
    if (!passed()) {
      throw new VerificationException("model " + Messages.quote(model) + " does not match test vector " + vector + "\n"
          + table(),
          this);
    }
  }

  /**
   * A text table, one row per output:
   *
   * <pre>
   * output  shape         max abs   max rel   max ulp  out of tol  worst (batch, time, feature)  expected  actual  result
   * </pre>
   */
  public String table() {
    String[] head = {"output", "shape", "max abs", "max rel", "max ulp", "out of tol", "worst (batch, time, feature)",
        "expected", "actual", "result"};
    String[][] rows = new String[outputs.size()][];
    for (int i = 0; i < rows.length; i++) {
      OutputError o = outputs.get(i);
      rows[i] = new String[] {Messages.snippet(o.name()), Model.formatShape(o.shape()), g(o.maxAbs()), g(o.maxRel()),
          o.maxUlp() == Long.MAX_VALUE ? "inf" : Long.toString(o.maxUlp()), o.outOfTolerance() + "/" + o.elements(),
          o.worstLocation(), g7(o.expected()), g7(o.actual()), o.passed() ? "ok" : "FAIL"};
    }
    int[] w = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      w[c] = head[c].length();
      for (String[] r : rows) {
        w[c] = Math.max(w[c], r[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, w);
    for (String[] r : rows) {
      line(sb, r, w);
    }
    sb.append(String.format(Locale.ROOT, "tolerance: |actual - expected| <= %s + %s * |expected|; %s%n", g(atol),
        g(rtol), passed() ? "PASSED" : "FAILED").replace("\r\n", "\n"));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      l.append(c == 0 ? "" : "  ").append(cells[c]).append(" ".repeat(w[c] - cells[c].length()));
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  static String g(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
  }

  /** A float with all its significant digits. */
  static String g7(float v) {
    return Float.isNaN(v) || Float.isInfinite(v) || v == 0 ? g(v) : String.format(Locale.ROOT, "%.7g", v);
  }

  @Override
  public String toString() {
    return table();
  }

  /** Compares one output; the worst element is the one furthest out of tolerance. */
  static OutputError compare(String name, Tensor expected, Tensor actual, double atol, double rtol) {
    float[] e = expected.data();
    float[] a = actual.data();
    double maxAbs = 0;
    double maxRel = 0;
    long maxUlp = 0;
    long out = 0;
    int worst = -1;
    double worstScore = -1;
    double worstAbs = -1;
    for (int i = 0; i < e.length; i++) {
      float x = e[i];
      float y = a[i];
      double d;
      long ulp;
      if (Float.isNaN(x) || Float.isNaN(y)) {
        boolean both = Float.isNaN(x) && Float.isNaN(y);
        d = both ? 0 : Double.POSITIVE_INFINITY;
        ulp = both ? 0 : Long.MAX_VALUE;
      } else if (x == y) {
        d = 0;
        ulp = 0;
      } else {
        d = Math.abs((double) y - (double) x);
        ulp = Math.abs(ordered(y) - ordered(x));
      }
      double tol = atol + rtol * Math.abs((double) x);
      boolean bad = d > tol || (Double.isNaN(tol) && d > 0);
      if (bad) {
        out++;
      }
      maxAbs = Math.max(maxAbs, d);
      if (x != 0 && !Float.isNaN(x)) {
        maxRel = Math.max(maxRel, d / Math.abs((double) x));
      }
      maxUlp = Math.max(maxUlp, ulp);
      double score = tol > 0 ? d / tol : (d > 0 ? Double.POSITIVE_INFINITY : 0);
      if (score > worstScore || (score == worstScore && d > worstAbs)) {
        worst = i;
        worstScore = score;
        worstAbs = d;
      }
    }
    int[] index = worst < 0 ? new int[0] : unravel(worst, expected.shape());
    return new OutputError(name, expected.shape(), e.length, maxAbs, maxRel, maxUlp, out, index,
        worst < 0 ? Float.NaN : e[worst], worst < 0 ? Float.NaN : a[worst]);
  }

  /** Maps float32 bits onto a line on which adjacent floats differ by 1 (−0 and +0 coincide). */
  static long ordered(float f) {
    int b = Float.floatToRawIntBits(f);
    return b >= 0 ? b : -(long) (b & 0x7fffffff);
  }

  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
      flat = shape[i] == 0 ? 0 : flat / shape[i];
    }
    return idx;
  }

  /** The errors of one output. */
  public static final class OutputError {
    private final String name;
    private final int[] shape;
    private final long elements;
    private final double maxAbs;
    private final double maxRel;
    private final long maxUlp;
    private final long outOfTolerance;
    private final int[] worstIndex;
    private final float expected;
    private final float actual;

    OutputError(String name, int[] shape, long elements, double maxAbs, double maxRel, long maxUlp,
        long outOfTolerance, int[] worstIndex, float expected, float actual) {
      this.name = name;
      this.shape = shape.clone();
      this.elements = elements;
      this.maxAbs = maxAbs;
      this.maxRel = maxRel;
      this.maxUlp = maxUlp;
      this.outOfTolerance = outOfTolerance;
      this.worstIndex = worstIndex;
      this.expected = expected;
      this.actual = actual;
    }

    /** The output's name in the test vector. */
    public String name() {
      return name;
    }

    /** The output's shape. */
    public int[] shape() {
      return shape.clone();
    }

    /** The number of elements compared. */
    public long elements() {
      return elements;
    }

    /** max |actual − expected|; infinite when exactly one of a pair is NaN. */
    public double maxAbs() {
      return maxAbs;
    }

    /** max |actual − expected| / |expected| over the elements whose expected value is not 0. */
    public double maxRel() {
      return maxRel;
    }

    /**
     * The largest distance in float32 units in the last place: how many float32 steps apart actual
     * and expected are ({@code 0} when equal, {@code 1} for neighbours; {@code Long.MAX_VALUE}
     * when exactly one is NaN).
     */
    public long maxUlp() {
      return maxUlp;
    }

    /** How many elements are out of tolerance. */
    public long outOfTolerance() {
      return outOfTolerance;
    }

    /** True when no element is out of tolerance. */
    public boolean passed() {
      return outOfTolerance == 0;
    }

    /** The full index of the worst element (the one furthest out of tolerance). */
    public int[] worstIndex() {
      return worstIndex.clone();
    }

    /** The batch index of the worst element. */
    public int batch() {
      return worstIndex.length > 0 ? worstIndex[0] : -1;
    }

    /** The time step of the worst element; {@code -1} for an output without a time axis (rank &lt; 3). */
    public int time() {
      return worstIndex.length >= 3 ? worstIndex[1] : -1;
    }

    /** The feature (last-axis) index of the worst element; {@code -1} for a rank-1 output. */
    public int feature() {
      return worstIndex.length >= 2 ? worstIndex[worstIndex.length - 1] : -1;
    }

    /** The recorded value of the worst element. */
    public float expected() {
      return expected;
    }

    /** kerasj's value of the worst element. */
    public float actual() {
      return actual;
    }

    /** E.g. {@code (batch 2, time 517, feature 0)}; for other ranks the plain index. */
    public String worstLocation() {
      if (worstIndex.length == 3) {
        return "(" + worstIndex[0] + ", " + worstIndex[1] + ", " + worstIndex[2] + ")";
      }
      if (worstIndex.length == 2) {
        return "(" + worstIndex[0] + ", -, " + worstIndex[1] + ")";
      }
      return java.util.Arrays.toString(worstIndex);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %s: max abs %s, max rel %s, max ulp %d, %d/%d out of tolerance, worst"
          + " at (batch, time, feature) %s: expected %s, actual %s", Messages.snippet(name), Model.formatShape(shape),
          g(maxAbs), g(maxRel), maxUlp, outOfTolerance, elements, worstLocation(), expected, actual);
    }
  }
}
