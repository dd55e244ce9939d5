package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.ops.BinaryFunction;
import java.util.Arrays;

/**
 * NumPy broadcasting of element-wise functions over tensors of different shapes, shared by the
 * op nodes and the merge layers. Shapes are aligned on their last axis; an axis of size 1 repeats
 * along the other operands' size.
 *
 * <p>A plan collapses the output's axes into as few as possible: adjacent axes are merged when
 * every operand is either broadcast along both or contiguous across both, and axes of size 1 are
 * dropped. What remains runs as contiguous loops over the innermost axis, where each operand is
 * either read element by element (stride 1) or held as one value (stride 0): same shapes are one
 * loop over the whole tensor, a bias-like or squeeze-excite operand one loop per row.
 */
public final class Broadcast {
  private final int[][] shapes; // the operands' shapes, as given
  private final int[] out;
  private final int size;
  private final int[] dims;       // collapsed axes, outermost first
  private final int[][] strides;  // per operand, per collapsed axis; 0 where broadcast

  private Broadcast(int[][] shapes, int[] out, int size, int[] dims, int[][] strides) {
    this.shapes = shapes;
    this.out = out;
    this.size = size;
    this.dims = dims;
    this.strides = strides;
  }

  /**
   * The broadcast shape of shapes that may hold unknown sizes ({@code -1}), for shape inference
   * before any data is seen.
   *
   * @param who the layer, for messages
   * @throws InvalidInputException if two known sizes other than 1 differ on one axis
   */
  public static int[] shape(String who, int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] r = new int[rank];
    Arrays.fill(r, 1);
    boolean[] unknown = new boolean[rank];
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int d = rank - s.length + i;
        int v = s[i];
        if (v < 0) {
          unknown[d] = true;
        } else if (v != 1) {
          if (r[d] != 1 && r[d] != v) {
            throw incompatible(who, shapes);
          }
          r[d] = v;
        }
      }
    }
    for (int d = 0; d < rank; d++) {
      if (unknown[d] && r[d] == 1) {
        r[d] = -1;
      }
    }
    return r;
  }

  /**
   * The plan for operands of these concrete shapes.
   *
   * @param who the layer, for messages
   * @throws InvalidInputException if the shapes do not broadcast
   */
  public static Broadcast of(String who, int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int d = rank - s.length + i;
        if (s[i] != 1) {
          if (out[d] != 1 && out[d] != s[i]) {
            throw incompatible(who, shapes);
          }
          out[d] = s[i];
        }
      }
    }
    int size = 1;
    for (int d : out) {
      size = Math.multiplyExact(size, d);
    }
    int n = shapes.length;
    // Each operand's stride along each output axis: 0 where it is broadcast.
    int[][] full = new int[n][rank];
    for (int k = 0; k < n; k++) {
      int[] s = shapes[k];
      int p = 1;
      for (int i = s.length - 1; i >= 0; i--) {
        int d = rank - s.length + i;
        full[k][d] = s[i] == 1 ? 0 : p;
        p *= s[i];
      }
    }
    int[] dims = new int[rank];
    int[][] strides = new int[n][rank];
    int m = 0;
    for (int d = 0; d < rank; d++) {
      if (out[d] == 1) {
        continue;
      }
      boolean merge = m > 0;
      for (int k = 0; merge && k < n; k++) {
        merge = (full[k][d] == 0) == (strides[k][m - 1] == 0);
      }
      if (merge) {
        dims[m - 1] *= out[d];
        for (int k = 0; k < n; k++) {
          strides[k][m - 1] = full[k][d];
        }
      } else {
        dims[m] = out[d];
        for (int k = 0; k < n; k++) {
          strides[k][m] = full[k][d];
        }
        m++;
      }
    }
    if (m == 0) { // every axis has size 1: one element
      return new Broadcast(copy(shapes), out, size, new int[] {1}, new int[n][1]);
    }
    int[][] s = new int[n][];
    for (int k = 0; k < n; k++) {
      s[k] = Arrays.copyOf(strides[k], m);
    }
    return new Broadcast(copy(shapes), out, size, Arrays.copyOf(dims, m), s);
  }

  private static int[][] copy(int[][] shapes) {
    int[][] r = new int[shapes.length][];
    for (int i = 0; i < r.length; i++) {
      r[i] = shapes[i].clone();
    }
    return r;
  }

  private static InvalidInputException incompatible(String who, int[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (int[] s : shapes) {
      sb.append(sb.length() == 0 ? "" : " and ").append(Arrays.toString(s));
    }
    return new InvalidInputException("layer " + Messages.quote(who) + ": shapes " + sb
        + " do not broadcast (each axis, counted from the last, must have equal sizes or size 1)");
  }

  /** Whether the plan was made for tensors of exactly these shapes (to reuse it from call to call). */
  public boolean fits(Tensor... ts) {
    if (ts.length != shapes.length) {
      return false;
    }
    for (int k = 0; k < ts.length; k++) {
      if (!fits(shapes[k], ts[k])) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code t} has exactly the shape {@code s} (without copying the tensor's shape). */
  public static boolean fits(int[] s, Tensor t) {
    if (t.rank() != s.length) {
      return false;
    }
    for (int i = 0; i < s.length; i++) {
      if (t.dim(i) != s[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * This plan, recognized by {@link #fits} from other shapes of the same elements (the merge
   * layers' inputs before Keras inserts axes to align their ranks).
   */
  public Broadcast forShapes(int[]... original) {
    return new Broadcast(copy(original), out, size, dims, strides);
  }

  /** {@code dst[off, off + len) = f(a, b)} element by element over the same range of three arrays. */
  public static void apply(BinaryFunction f, float[] a, float[] b, float[] dst, int off, int len) {
    run(f, a, off, 1, b, off, 1, dst, off, len);
  }

  /** {@code acc = f(acc, x)} element by element, for two arrays of one shape. */
  public static void accumulate(BinaryFunction f, float[] acc, float[] x) {
    run(f, acc, 0, 1, x, 0, 1, acc, 0, acc.length);
  }

  /** The output's shape (a copy). */
  public int[] outputShape() {
    return out.clone();
  }

  /** The output's element count. */
  public int size() {
    return size;
  }

  /** {@code dst = f(a, b)} over the output's elements in row-major order. */
  public void apply(BinaryFunction f, float[] a, float[] b, float[] dst) {
    if (size == 0) {
      return;
    }
    int rank = dims.length;
    int n = dims[rank - 1];
    int[] sa = strides[0];
    int[] sb = strides[1];
    int as = sa[rank - 1];
    int bs = sb[rank - 1];
    int outer = size / n;
    for (int r = 0; r < outer; r++) {
      int ao = 0;
      int bo = 0;
      for (int d = rank - 2, q = r; d >= 0; d--) {
        int i = q % dims[d];
        q /= dims[d];
        ao += i * sa[d];
        bo += i * sb[d];
      }
      run(f, a, ao, as, b, bo, bs, dst, r * n, n);
    }
  }

  /** {@code dst = condition != 0 ? x : y} over the output's elements (operands in that order). */
  public void select(float[] condition, float[] x, float[] y, float[] dst) {
    if (size == 0) {
      return;
    }
    int rank = dims.length;
    int n = dims[rank - 1];
    int cs = strides[0][rank - 1];
    int xs = strides[1][rank - 1];
    int ys = strides[2][rank - 1];
    int outer = size / n;
    for (int r = 0; r < outer; r++) {
      int co = 0;
      int xo = 0;
      int yo = 0;
      for (int d = rank - 2, q = r; d >= 0; d--) {
        int i = q % dims[d];
        q /= dims[d];
        co += i * strides[0][d];
        xo += i * strides[1][d];
        yo += i * strides[2][d];
      }
      for (int k = 0, o = r * n; k < n; k++) {
        dst[o + k] = condition[co + k * cs] != 0f ? x[xo + k * xs] : y[yo + k * ys];
      }
    }
  }

  /**
   * One run of {@code n} outputs; each operand has stride 1 or 0. The arithmetic that models use
   * in their hot paths has a loop per stride pattern, so that the JIT sees contiguous arrays.
   */
  static void run(BinaryFunction f, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
    switch (f) {
      case ADD:
        if (as == 1 && bs == 1) {
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k] + b[bi + k];
          }
        } else if (bs == 0) {
          float y = b[bi];
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k * as] + y;
          }
        } else {
          float x = a[ai];
          for (int k = 0; k < n; k++) {
            o[oi + k] = x + b[bi + k];
          }
        }
        return;
      case SUBTRACT:
        if (as == 1 && bs == 1) {
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k] - b[bi + k];
          }
        } else if (bs == 0) {
          float y = b[bi];
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k * as] - y;
          }
        } else {
          float x = a[ai];
          for (int k = 0; k < n; k++) {
            o[oi + k] = x - b[bi + k];
          }
        }
        return;
      case MULTIPLY:
        if (as == 1 && bs == 1) {
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k] * b[bi + k];
          }
        } else if (bs == 0) {
          float y = b[bi];
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k * as] * y;
          }
        } else {
          float x = a[ai];
          for (int k = 0; k < n; k++) {
            o[oi + k] = x * b[bi + k];
          }
        }
        return;
      case DIVIDE:
        if (as == 1 && bs == 1) {
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k] / b[bi + k];
          }
        } else if (bs == 0) {
          float y = b[bi];
          for (int k = 0; k < n; k++) {
            o[oi + k] = a[ai + k * as] / y;
          }
        } else {
          float x = a[ai];
          for (int k = 0; k < n; k++) {
            o[oi + k] = x / b[bi + k];
          }
        }
        return;
      case MAXIMUM:
        for (int k = 0; k < n; k++) {
          o[oi + k] = Math.max(a[ai + k * as], b[bi + k * bs]);
        }
        return;
      case MINIMUM:
        for (int k = 0; k < n; k++) {
          o[oi + k] = Math.min(a[ai + k * as], b[bi + k * bs]);
        }
        return;
      default:
        for (int k = 0; k < n; k++) {
          o[oi + k] = f.apply(a[ai + k * as], b[bi + k * bs]);
        }
    }
  }
}
