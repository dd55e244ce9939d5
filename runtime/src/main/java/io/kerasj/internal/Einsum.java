package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import java.util.Arrays;

/**
 * A two-operand {@code einsum} ({@code "abc,cd->abd"}, with at most one {@code ...} per term), as
 * {@code EinsumDense} and Keras' {@code ops.einsum} write it, computed as batched matrix products on
 * the packed kernels. Every label of the equation is one of: a batch label (in both operands and the
 * output), a row label (first operand and output), a column label (second operand and output) or a
 * contracted label (in no output; a label of one operand only is summed over, as NumPy does). The
 * operands are gathered into {@code [batch, rows, contracted]} and {@code [batch, contracted,
 * columns]} order (skipped when they already are), multiplied, and the product scattered into the
 * output's order.
 *
 * <p>Not supported (refused by {@link #parse}): a label repeated within one term (a diagonal),
 * an implicit output (no {@code ->}), more or fewer than two operands. Ellipsis dimensions of the two
 * operands must agree exactly (no size-1 broadcasting).
 */
public final class Einsum {
  private static final char ELLIPSIS = '.';

  /** The equation as written. */
  public final String equation;
  private final String a;
  private final String b;
  private final String out;

  private Einsum(String equation, String a, String b, String out) {
    this.equation = equation;
    this.a = a;
    this.b = b;
    this.out = out;
  }

  /**
   * Parses {@code "<a>,<b>-><out>"}; {@code ...} stands for any number of leading, trailing or
   * middle dimensions.
   *
   * @throws UnsupportedFeatureException naming the equation and what is not supported
   */
  public static Einsum parse(String equation) {
    String eq = equation == null ? "" : equation.replace(" ", "");
    int arrow = eq.indexOf("->");
    if (arrow < 0 || eq.indexOf("->", arrow + 1) >= 0) {
      throw refuse(equation, "it needs exactly one '->' and an explicit output");
    }
    String[] ins = eq.substring(0, arrow).split(",", -1);
    if (ins.length != 2) {
      throw refuse(equation, "it has " + ins.length + " operand(s); two are supported");
    }
    String a = term(equation, ins[0]);
    String b = term(equation, ins[1]);
    String out = term(equation, eq.substring(arrow + 2));
    for (char c : out.toCharArray()) {
      if (c != ELLIPSIS && a.indexOf(c) < 0 && b.indexOf(c) < 0) {
        throw refuse(equation, "output label '" + c + "' is in neither operand");
      }
    }
    boolean ellipsisIn = a.indexOf(ELLIPSIS) >= 0 || b.indexOf(ELLIPSIS) >= 0;
    if (ellipsisIn != (out.indexOf(ELLIPSIS) >= 0)) {
      throw refuse(equation, "'...' must appear in the output exactly when it appears in an operand");
    }
    return new Einsum(equation, a, b, out);
  }

  // One term with "..." replaced by ELLIPSIS; letters only, no repeats.
  private static String term(String equation, String t) {
    String s = t.replace("...", String.valueOf(ELLIPSIS));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ELLIPSIS) {
        if (s.indexOf(ELLIPSIS, i + 1) >= 0) {
          throw refuse(equation, "a term has '...' twice");
        }
        continue;
      }
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        throw refuse(equation, "'" + c + "' is not a label (labels are letters)");
      }
      if (s.indexOf(c, i + 1) >= 0) {
        throw refuse(equation, "label '" + c + "' repeats within a term (diagonals are not supported)");
      }
    }
    return s;
  }

  private static UnsupportedFeatureException refuse(String equation, String why) {
    return new UnsupportedFeatureException("einsum equation " + Messages.quote(String.valueOf(equation))
        + " is not supported: " + why);
  }

  /** The labels of the first operand, {@code "..."} kept as is ({@code '.'}). */
  public String first() {
    return a;
  }

  /** The labels of the second operand. */
  public String second() {
    return b;
  }

  /** The labels of the output. */
  public String output() {
    return out;
  }

  /**
   * The equation for operands of the given ranks: {@code ...} expanded into fresh labels ({@code
   * '0'}, {@code '1'}, …, right-aligned across terms as NumPy aligns them).
   *
   * @return {@code {a, b, out}}
   * @throws InvalidInputException if a rank does not fit its term
   */
  public String[] expand(int rankA, int rankB) {
    int ea = ellipsisDims(a, rankA, "first");
    int eb = ellipsisDims(b, rankB, "second");
    int e = Math.max(ea, eb);
    return new String[] {fill(a, ea, e), fill(b, eb, e), fill(out, e, e)};
  }

  private int ellipsisDims(String t, int rank, String which) {
    int letters = t.indexOf(ELLIPSIS) >= 0 ? t.length() - 1 : t.length();
    if (t.indexOf(ELLIPSIS) < 0 ? rank != letters : rank < letters) {
      throw new InvalidInputException("einsum " + Messages.quote(equation) + ": the " + which + " operand has rank "
          + rank + ", the equation gives it " + letters + (t.indexOf(ELLIPSIS) >= 0 ? " or more" : "") + " axes");
    }
    return t.indexOf(ELLIPSIS) >= 0 ? rank - letters : 0;
  }

  // "..." → the last n of e fresh labels (right-aligned, as NumPy broadcasts).
  private static String fill(String t, int n, int e) {
    int at = t.indexOf(ELLIPSIS);
    if (at < 0) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.substring(0, at));
    for (int i = e - n; i < e; i++) {
      sb.append((char) ('0' + i));
    }
    return sb.append(t.substring(at + 1)).toString();
  }

  /**
   * The output shape for operands of the given shapes.
   *
   * @throws InvalidInputException if the operands disagree on a label's size
   */
  public int[] outputShape(int[] aShape, int[] bShape) {
    String[] t = expand(aShape.length, bShape.length);
    int[] size = sizes(t, aShape, bShape);
    int[] r = new int[t[2].length()];
    for (int i = 0; i < r.length; i++) {
      r[i] = size[t[2].charAt(i)];
    }
    return r;
  }

  // Size of each label (indexed by char), -1 where unknown; checks agreement.
  private int[] sizes(String[] t, int[] aShape, int[] bShape) {
    int[] size = new int[128];
    Arrays.fill(size, Integer.MIN_VALUE);
    for (int o = 0; o < 2; o++) {
      String term = t[o];
      int[] shape = o == 0 ? aShape : bShape;
      for (int i = 0; i < term.length(); i++) {
        char c = term.charAt(i);
        int s = shape[i];
        if (size[c] == Integer.MIN_VALUE || size[c] < 0) {
          size[c] = s;
        } else if (s >= 0 && s != size[c]) {
          throw new InvalidInputException("einsum " + Messages.quote(equation) + ": label '" + label(c)
              + "' has size " + size[c] + " in one operand and " + s + " in the other (shapes "
              + Arrays.toString(aShape) + " and " + Arrays.toString(bShape) + ")");
        }
      }
    }
    return size;
  }

  private static String label(char c) {
    return c >= '0' && c <= '9' ? "..." : String.valueOf(c);
  }

  /**
   * {@code einsum(x, y)} for run-time operands; the result comes from the workspace ({@link
   * Buffers}).
   */
  public float[] contract(float[] x, int[] xShape, float[] y, int[] yShape) {
    String[] t = expand(xShape.length, yShape.length);
    int[] size = sizes(t, xShape, yShape);
    Layout l = new Layout(t, size);
    float[] result = Buffers.floats(l.batch * l.m * l.n);
    if (result.length == 0) {
      return result;
    }
    float[] ga = l.aInOrder ? null : Buffers.floats(l.batch * l.m * l.k);
    if (ga != null) {
      gather(x, 0, l.aSizes, l.aStrides, ga);
    }
    float[] gb = Buffers.floats(l.batch * l.k * l.n);
    gather(y, 0, l.bSizes, l.bStrides, gb);
    float[] c = l.outInOrder ? result : Buffers.floats(result.length);
    float[] packed = Buffers.floats(Math.max(1, Kernels.packedFloats(l.k, l.n)));
    PackedMatrix pb = l.k == 0 || l.n == 0 ? null : Kernels.packedOver(packed, l.k, l.n);
    float[] src = ga == null ? x : ga;
    for (int i = 0; i < l.batch && pb != null; i++) {
      pb.fill(gb, i * l.k * l.n, l.n, 1);
      Kernels.gemm(src, i * l.m * l.k, l.k, l.m, pb, c, i * l.m * l.n, l.n);
    }
    if (c != result) {
      gather(c, 0, l.cSizes, l.cStrides, result);
      Buffers.release(c);
    }
    Buffers.release(packed);
    Buffers.release(gb);
    Buffers.release(ga);
    return result;
  }

  /**
   * How the labels map onto a batched product: the operands' strides enumerated in {@code [batch,
   * m, k]} / {@code [batch, k, n]} order, and the product's strides enumerated in the output's
   * order.
   */
  private static final class Layout {
    final int batch;
    final int m;
    final int k;
    final int n;
    final int[] aSizes;
    final int[] aStrides;
    final int[] bSizes;
    final int[] bStrides;
    final int[] cSizes;
    final int[] cStrides;
    final boolean aInOrder;
    final boolean outInOrder;

    Layout(String[] t, int[] size) {
      String ta = t[0];
      String tb = t[1];
      String to = t[2];
      StringBuilder bl = new StringBuilder();
      StringBuilder ml = new StringBuilder();
      StringBuilder nl = new StringBuilder();
      StringBuilder kl = new StringBuilder();
      for (char c : to.toCharArray()) {
        boolean inA = ta.indexOf(c) >= 0;
        boolean inB = tb.indexOf(c) >= 0;
        (inA && inB ? bl : inA ? ml : nl).append(c);
      }
      for (char c : (ta + tb).toCharArray()) {
        if (to.indexOf(c) < 0 && kl.indexOf(String.valueOf(c)) < 0) {
          kl.append(c);
        }
      }
      batch = product(bl, size);
      m = product(ml, size);
      k = product(kl, size);
      n = product(nl, size);
      String order = bl.toString() + ml + kl;
      aSizes = sizesOf(order, size);
      aStrides = stridesOf(order, ta, size);
      String orderB = bl.toString() + kl + nl;
      bSizes = sizesOf(orderB, size);
      bStrides = stridesOf(orderB, tb, size);
      aInOrder = order.equals(ta);
      // The product is [batch, m, n]; read it in the output's order.
      String prod = bl.toString() + ml + nl;
      cSizes = sizesOf(to, size);
      cStrides = stridesOf(to, prod, size);
      outInOrder = prod.equals(to);
    }

    private static int product(CharSequence labels, int[] size) {
      int p = 1;
      for (int i = 0; i < labels.length(); i++) {
        p = Math.multiplyExact(p, size[labels.charAt(i)]);
      }
      return p;
    }

    private static int[] sizesOf(String order, int[] size) {
      int[] r = new int[order.length()];
      for (int i = 0; i < r.length; i++) {
        r[i] = size[order.charAt(i)];
      }
      return r;
    }

    // The stride of each label of `order` in a row-major tensor laid out as `term` (0 where the
    // term lacks the label: it is broadcast along it).
    private static int[] stridesOf(String order, String term, int[] size) {
      int[] termStride = new int[term.length()];
      int s = 1;
      for (int i = term.length() - 1; i >= 0; i--) {
        termStride[i] = s;
        s *= size[term.charAt(i)];
      }
      int[] r = new int[order.length()];
      for (int i = 0; i < r.length; i++) {
        int at = term.indexOf(order.charAt(i));
        r[i] = at < 0 ? 0 : termStride[at];
      }
      return r;
    }
  }

  /**
   * Copies {@code src} into {@code dst} front to back, enumerating the multi-index of {@code sizes}
   * row-major and reading element {@code Σ index[d]·strides[d]} (a stride of 0 repeats values).
   */
  public static void gather(float[] src, int srcOff, int[] sizes, int[] strides, float[] dst) {
    int rank = sizes.length;
    int total = 1;
    for (int s : sizes) {
      total *= s;
    }
    if (total == 0) {
      return;
    }
    if (rank == 0) {
      dst[0] = src[srcOff];
      return;
    }
    int inner = sizes[rank - 1];
    int innerStride = strides[rank - 1];
    int[] idx = new int[rank];
    int base = srcOff;
    for (int o = 0; o < total; o += inner) {
      if (innerStride == 1) {
        System.arraycopy(src, base, dst, o, inner);
      } else {
        for (int j = 0, p = base; j < inner; j++, p += innerStride) {
          dst[o + j] = src[p];
        }
      }
      // Advance the outer multi-index (all but the last axis), odometer style.
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        base += strides[d];
        if (idx[d] < sizes[d]) {
          break;
        }
        base -= idx[d] * strides[d];
        idx[d] = 0;
      }
    }
  }
}
