package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.internal.vectorization.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Einstein summation of one or two float32 tensors, {@code "bij,bkj->bik"} as {@code np.einsum}
 * and {@code tf.einsum} read it: letters name axes, {@code ...} stands for the leading axes an
 * operand has beyond its letters (broadcast across operands, right-aligned), and without {@code
 * ->} the output is the letters used once, in alphabetical order, after the ellipsis.
 *
 * <p>Two operands run as one batched matrix product: the letters in both operands and the output
 * are the batch, the letters in one operand and the output are that side's rows or columns, and
 * the letters missing from the output are summed (the contraction). Each operand is first gathered
 * into {@code (batch, rows, contraction)} / {@code (batch, contraction, columns)} order, unless it
 * is already laid out so (as in EinsumDense's {@code "abc,cd->abd"}), and the product is
 * transposed to the output's order only when that differs. Letters repeated within one operand
 * (diagonals) are not supported.
 */
public final class Einsum {
  private static final int ELLIPSIS = -1;
  private final String equation;
  private final int[][] inputs; // letters per operand (0-51), ELLIPSIS where "..." stands
  private final int[] output;
  private final boolean implicitOutput;

  private Einsum(String equation, int[][] inputs, int[] output, boolean implicitOutput) {
    this.equation = equation;
    this.inputs = inputs;
    this.output = output;
    this.implicitOutput = implicitOutput;
  }

  /**
   * Parses an equation.
   *
   * @throws IllegalArgumentException if it is malformed, has other than 1 or 2 operands, or
   *     repeats a letter within one operand
   */
  public static Einsum parse(String equation) {
    String e = equation.replace(" ", "");
    int arrow = e.indexOf("->");
    String lhs = arrow < 0 ? e : e.substring(0, arrow);
    String[] ops = lhs.split(",", -1);
    if (ops.length < 1 || ops.length > 2) {
      throw new IllegalArgumentException("einsum " + Messages.quote(equation) + ": " + ops.length
          + " operands (1 or 2 are supported)");
    }
    int[][] in = new int[ops.length][];
    for (int i = 0; i < ops.length; i++) {
      in[i] = letters(equation, ops[i]);
      int[] seen = new int[52];
      for (int l : in[i]) {
        if (l >= 0 && seen[l]++ > 0) {
          throw new IllegalArgumentException("einsum " + Messages.quote(equation) + ": letter "
              + (char) name(l) + " repeats within one operand (a diagonal), which kerasj does not support");
        }
      }
    }
    int[] out;
    if (arrow >= 0) {
      out = letters(equation, e.substring(arrow + 2));
      for (int l : out) {
        boolean found = l == ELLIPSIS;
        for (int[] op : in) {
          for (int x : op) {
            found |= x == l;
          }
        }
        if (!found) {
          throw new IllegalArgumentException("einsum " + Messages.quote(equation) + ": output letter " + (char) name(l)
              + " is not in any operand");
        }
      }
    } else {
      int[] count = new int[52];
      boolean ellipsis = false;
      for (int[] op : in) {
        for (int x : op) {
          if (x == ELLIPSIS) {
            ellipsis = true;
          } else {
            count[x]++;
          }
        }
      }
      List<Integer> o = new ArrayList<>();
      if (ellipsis) {
        o.add(ELLIPSIS);
      }
      // Alphabetical as NumPy sorts: upper case before lower case.
      for (int c = 26; c < 52; c++) {
        if (count[c] == 1) {
          o.add(c);
        }
      }
      for (int c = 0; c < 26; c++) {
        if (count[c] == 1) {
          o.add(c);
        }
      }
      out = o.stream().mapToInt(Integer::intValue).toArray();
    }
    return new Einsum(equation, in, out, arrow < 0);
  }

  private static int[] letters(String equation, String s) {
    List<Integer> r = new ArrayList<>();
    boolean ellipsis = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' && s.startsWith("...", i) && !ellipsis) {
        r.add(ELLIPSIS);
        ellipsis = true;
        i += 2;
      } else if (c >= 'a' && c <= 'z') {
        r.add(c - 'a');
      } else if (c >= 'A' && c <= 'Z') {
        r.add(26 + c - 'A');
      } else {
        throw new IllegalArgumentException("einsum " + Messages.quote(equation) + ": unexpected character "
            + Messages.quote(String.valueOf(c)));
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int name(int letter) {
    return letter < 26 ? 'a' + letter : 'A' + letter - 26;
  }

  /** The number of operands. */
  public int operands() {
    return inputs.length;
  }

  /** The equation as given. */
  public String equation() {
    return equation;
  }

  /**
   * Each operand's axes as label ids for these ranks: letters keep 0–51, the ellipsis' axes become
   * 52, 53, … counted so that they align on the right across operands.
   */
  private int[][] labels(int[] ranks, int[] ellipsisDims) {
    int e = 0;
    for (int k = 0; k < inputs.length; k++) {
      int explicit = 0;
      boolean has = false;
      for (int l : inputs[k]) {
        if (l == ELLIPSIS) {
          has = true;
        } else {
          explicit++;
        }
      }
      int d = ranks[k] - explicit;
      if (d < 0 || (!has && d != 0)) {
        throw new InvalidInputException("einsum " + Messages.quote(equation) + ": operand " + k + " has rank "
            + ranks[k] + ", the equation gives it " + explicit + " letters" + (has ? " and an ellipsis" : ""));
      }
      ellipsisDims[k] = d;
      e = Math.max(e, d);
    }
    ellipsisDims[inputs.length] = e;
    int[][] r = new int[inputs.length + 1][];
    for (int k = 0; k <= inputs.length; k++) {
      int[] src = k < inputs.length ? inputs[k] : output;
      int d = k < inputs.length ? ellipsisDims[k] : e;
      int[] lab = new int[src.length + d - (contains(src, ELLIPSIS) ? 1 : 0)];
      int p = 0;
      for (int l : src) {
        if (l == ELLIPSIS) {
          for (int j = 0; j < d; j++) {
            lab[p++] = 52 + e - d + j;
          }
        } else {
          lab[p++] = l;
        }
      }
      r[k] = lab;
    }
    return r;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** Sizes of every label for these operand shapes (-1 where unknown); size 1 broadcasts. */
  private int[] sizes(int[][] labels, int[][] shapes) {
    int[] size = new int[52 + 64];
    Arrays.fill(size, -2); // not seen
    for (int k = 0; k < shapes.length; k++) {
      for (int i = 0; i < labels[k].length; i++) {
        int l = labels[k][i];
        if (l >= size.length) {
          throw new InvalidInputException("einsum " + Messages.quote(equation) + ": too many ellipsis axes");
        }
        int s = shapes[k][i];
        int cur = size[l];
        if (cur == -2 || cur == 1) {
          size[l] = s;
        } else if (cur == -1) {
          if (s >= 0 && s != 1) {
            size[l] = s;
          }
        } else if (s >= 0 && s != 1 && s != cur) {
          throw new InvalidInputException("einsum " + Messages.quote(equation) + ": axis "
              + (l < 52 ? String.valueOf((char) name(l)) : "...") + " has size " + cur + " in one operand and "
              + s + " in another (shapes " + describe(shapes) + ")");
        }
      }
    }
    return size;
  }

  private static String describe(int[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (int[] s : shapes) {
      sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(s));
    }
    return sb.toString();
  }

  /**
   * The output shape for operands of these shapes ({@code -1} = unknown).
   *
   * @throws InvalidInputException if the shapes do not fit the equation
   */
  public int[] outputShape(int[]... shapes) {
    int[][] labels = labels(ranks(shapes), new int[inputs.length + 1]);
    int[] size = sizes(labels, shapes);
    int[] out = labels[inputs.length];
    int[] r = new int[out.length];
    for (int i = 0; i < out.length; i++) {
      r[i] = size[out[i]] == -2 ? -1 : size[out[i]];
    }
    return r;
  }

  private int[] ranks(int[][] shapes) {
    if (shapes.length != inputs.length) {
      throw new InvalidInputException("einsum " + Messages.quote(equation) + " takes " + inputs.length
          + " operands, got " + shapes.length);
    }
    int[] r = new int[shapes.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = shapes[i].length;
    }
    return r;
  }

  /**
   * Computes the result into a workspace array of the output's size (see {@link #outputShape}).
   *
   * @param data the operands' elements, row-major
   * @param shapes the operands' shapes
   */
  public float[] run(float[][] data, int[][] shapes) {
    int[][] labels = labels(ranks(shapes), new int[inputs.length + 1]);
    int[] size = sizes(labels, shapes);
    int[] out = labels[inputs.length];
    boolean[] inOut = new boolean[size.length];
    for (int l : out) {
      inOut[l] = true;
    }
    int[] la = labels[0];
    int[] lb = inputs.length > 1 ? labels[1] : new int[0];
    List<Integer> batch = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    List<Integer> cols = new ArrayList<>();
    List<Integer> sum = new ArrayList<>();
    for (int l : la) {
      if (!inOut[l]) {
        sum.add(l);
      } else if (contains(lb, l)) {
        batch.add(l);
      } else {
        rows.add(l);
      }
    }
    for (int l : lb) {
      if (!inOut[l]) {
        if (!sum.contains(l)) {
          sum.add(l);
        }
      } else if (!contains(la, l)) {
        cols.add(l);
      }
    }
    // Batch axes in output order, so that the product often lands in the output's layout as is.
    batch.sort((x, y) -> Integer.compare(indexOf(out, x), indexOf(out, y)));
    rows.sort((x, y) -> Integer.compare(indexOf(out, x), indexOf(out, y)));
    cols.sort((x, y) -> Integer.compare(indexOf(out, x), indexOf(out, y)));
    int nb = product(size, batch);
    int m = product(size, rows);
    int k = product(size, sum);
    int n = product(size, cols);
    float[] a = arrange(data[0], shapes[0], la, size, concat(batch, rows, sum));
    float[] c = Buffers.floats(Math.multiplyExact(Math.multiplyExact(nb, m), n));
    if (inputs.length == 1) {
      for (int r = 0; r < nb * m; r++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[r * k + p];
        }
        c[r] = (float) s;
      }
    } else {
      float[] b = arrange(data[1], shapes[1], lb, size, concat(batch, sum, cols));
      for (int i = 0; i < nb; i++) {
        Kernels.gemmAccumulate(a, i * m * k, k, m, k, b, i * k * n, n, c, i * m * n, n);
      }
      release(b, data[1]);
    }
    release(a, data[0]);
    // The product is (batch, rows, cols); the output wants its own order.
    int[] have = concat(batch, rows, cols);
    if (Arrays.equals(have, out)) {
      return c;
    }
    int[] haveShape = new int[have.length];
    for (int i = 0; i < have.length; i++) {
      haveShape[i] = size[have[i]];
    }
    int[] stride = Strided.strides(haveShape);
    int[] outShape = new int[out.length];
    int[] walk = new int[out.length];
    for (int i = 0; i < out.length; i++) {
      outShape[i] = size[out[i]];
      walk[i] = stride[indexOf(have, out[i])];
    }
    float[] r = Buffers.floats(c.length);
    Strided.gather(c, 0, outShape, walk, r, 0);
    Buffers.release(c);
    return r;
  }

  private static void release(float[] copy, float[] original) {
    if (copy != original) {
      Buffers.release(copy);
    }
  }

  /** The operand gathered into the given label order; the operand itself if already so laid out. */
  private static float[] arrange(float[] x, int[] shape, int[] labels, int[] size, int[] order) {
    int[] stride = Strided.strides(shape);
    boolean same = order.length == labels.length;
    for (int i = 0; same && i < order.length; i++) {
      same = order[i] == labels[i] && shape[i] == size[order[i]];
    }
    if (same) {
      return x;
    }
    int[] s = new int[order.length];
    int[] walk = new int[order.length];
    int total = 1;
    for (int i = 0; i < order.length; i++) {
      s[i] = size[order[i]];
      total = Math.multiplyExact(total, s[i]);
      int j = indexOf(labels, order[i]);
      // A label the operand lacks, or holds with size 1, repeats its value: stride 0.
      walk[i] = j < 0 || shape[j] == 1 ? 0 : stride[j];
    }
    float[] r = Buffers.floats(total);
    Strided.gather(x, 0, s, walk, r, 0);
    return r;
  }

  private static int[] concat(List<Integer> a, List<Integer> b, List<Integer> c) {
    int[] r = new int[a.size() + b.size() + c.size()];
    int p = 0;
    for (List<Integer> l : List.of(a, b, c)) {
      for (int x : l) {
        r[p++] = x;
      }
    }
    return r;
  }

  private static int product(int[] size, List<Integer> labels) {
    int p = 1;
    for (int l : labels) {
      p = Math.multiplyExact(p, size[l]);
    }
    return p;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return equation + (implicitOutput ? " (implicit output)" : "");
  }
}
