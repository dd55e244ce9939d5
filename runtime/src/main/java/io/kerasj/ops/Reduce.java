package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * A reduction over some axes or all of them ({@code ops.mean(x, axis=1)}, {@code
 * tf.math.reduce_max(x, axis=[1, 2], keepdims=True)}, {@code ops.any}…), batch axis included when
 * the file says so. Sums accumulate in double precision and round once.
 */
public final class Reduce extends Op {
  /** What a reduction computes. */
  public enum Kind {
    /** Sum. */
    SUM,
    /** Arithmetic mean. */
    MEAN,
    /** Maximum (NaN if any is NaN). */
    MAX,
    /** Minimum (NaN if any is NaN). */
    MIN,
    /** Product. */
    PROD,
    /** Whether any element is non-zero (1 or 0). */
    ANY,
    /** Whether every element is non-zero (1 or 0). */
    ALL,
    /** Population variance, {@code mean((x − mean)²)}. */
    VAR,
    /** Population standard deviation. */
    STD,
    /** {@code log Σ exp(x)}, computed stably. */
    LOGSUMEXP,
    /** Index of the first maximum along one axis. */
    ARGMAX,
    /** Index of the first minimum along one axis. */
    ARGMIN,
    /** The number of non-zero elements. */
    COUNT_NONZERO
  }

  private final Kind kind;
  private final int[] axes; // as given (negative counts from the end); null = every axis
  private final boolean keepDims;
  private volatile Cached cache;

  private static final class Cached {
    final int[] shape;
    final AxisGroups groups;
    final int[] out;

    Cached(int[] shape, AxisGroups groups, int[] out) {
      this.shape = shape;
      this.groups = groups;
      this.out = out;
    }
  }

  /**
   * @param axes the reduced axes (negative values count from the end), or {@code null} for all;
   *     {@link Kind#ARGMAX} and {@link Kind#ARGMIN} take exactly one
   * @param keepDims keep the reduced axes with size 1
   */
  public Reduce(String name, String kerasClass, Kind kind, int[] axes, boolean keepDims) {
    super(name, kerasClass, 1);
    if ((kind == Kind.ARGMAX || kind == Kind.ARGMIN) && (axes == null || axes.length != 1)) {
      throw new IllegalArgumentException("op " + name + ": " + kind + " takes one axis");
    }
    this.kind = kind;
    this.axes = axes == null ? null : axes.clone();
    this.keepDims = keepDims;
  }

  private int[] resolve(int rank) {
    return axes(axes, rank);
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    int[] reduced = resolve(s.length);
    boolean[] on = new boolean[s.length];
    for (int a : reduced) {
      on[a] = true;
    }
    int[] r = new int[s.length];
    int k = 0;
    for (int i = 0; i < s.length; i++) {
      if (!on[i]) {
        r[k++] = s[i];
      } else if (keepDims) {
        r[k++] = 1;
      }
    }
    return Arrays.copyOf(r, k);
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    Cached c = cache;
    if (c == null || !io.kerasj.internal.Broadcast.fits(c.shape, x)) {
      int[] s = x.shape();
      c = new Cached(s, AxisGroups.of(s, resolve(s.length)), shape(new int[][] {s}));
      cache = c;
    }
    AxisGroups g = c.groups;
    float[] in = x.data();
    float[] out = Buffers.floats(g.count);
    int n = g.size;
    for (int r = 0; r < g.count; r++) {
      out[r] = reduce(in, g, g.base(r), n);
    }
    return Tensor.of(out, c.out);
  }

  private float reduce(float[] in, AxisGroups g, int base, int n) {
    switch (kind) {
      case SUM:
      case MEAN: {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += in[base + g.at(k)];
        }
        return (float) (kind == Kind.SUM ? s : s / n);
      }
      case MAX:
      case MIN: {
        float m = kind == Kind.MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
          float v = in[base + g.at(k)];
          m = kind == Kind.MAX ? Math.max(m, v) : Math.min(m, v);
        }
        return m;
      }
      case PROD: {
        double p = 1;
        for (int k = 0; k < n; k++) {
          p *= in[base + g.at(k)];
        }
        return (float) p;
      }
      case COUNT_NONZERO: {
        int c = 0;
        for (int k = 0; k < n; k++) {
          c += in[base + g.at(k)] != 0f ? 1 : 0;
        }
        return c;
      }
      case ANY:
        for (int k = 0; k < n; k++) {
          if (in[base + g.at(k)] != 0f) {
            return 1f;
          }
        }
        return 0f;
      case ALL:
        for (int k = 0; k < n; k++) {
          if (in[base + g.at(k)] == 0f) {
            return 0f;
          }
        }
        return 1f;
      case VAR:
      case STD: {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += in[base + g.at(k)];
        }
        double mean = s / n;
        double v = 0;
        for (int k = 0; k < n; k++) {
          double d = in[base + g.at(k)] - mean;
          v += d * d;
        }
        v /= n;
        return (float) (kind == Kind.VAR ? v : Math.sqrt(v));
      }
      case LOGSUMEXP: {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
          m = Math.max(m, in[base + g.at(k)]);
        }
        if (Float.isInfinite(m)) {
          return m;
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += Math.exp((double) in[base + g.at(k)] - m);
        }
        return (float) (m + Math.log(s));
      }
      case ARGMAX:
      case ARGMIN: {
        if (n == 0) {
          throw new InvalidInputException(who() + ": " + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " of an empty axis");
        }
        int best = 0;
        float bv = in[base + g.at(0)];
        for (int k = 1; k < n; k++) {
          float v = in[base + g.at(k)];
          if (kind == Kind.ARGMAX ? v > bv : v < bv) {
            bv = v;
            best = k;
          }
        }
        return best;
      }
      default:
        throw new AssertionError(kind);
    }
  }
}
