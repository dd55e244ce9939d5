package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Strided;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Basic indexing, {@code x[key]} as NumPy and {@code tf.Tensor.__getitem__} read it: integers
 * (negative count from the end; the axis is removed), slices {@code start:stop:step} (bounds
 * clipped, negative steps walk backwards), {@code None} (a new axis of size 1) and at most one
 * {@code ...} (as many full slices as the key leaves). The key starts at the batch axis.
 */
public final class GetItem extends Op {
  /** One element of the key. */
  public static final class Index {
    final int kind; // 0 integer, 1 slice, 2 new axis, 3 ellipsis
    final int value;
    final Integer start;
    final Integer stop;
    final Integer step;

    private Index(int kind, int value, Integer start, Integer stop, Integer step) {
      this.kind = kind;
      this.value = value;
      this.start = start;
      this.stop = stop;
      this.step = step;
    }

    /** {@code x[i]}: one position; the axis is removed. */
    public static Index at(int i) {
      return new Index(0, i, null, null, null);
    }

    /**
     * {@code x[start:stop:step]}; {@code null} bounds are Python's defaults.
     *
     * @throws IllegalArgumentException for a step of 0 (Python refuses it too)
     */
    public static Index slice(Integer start, Integer stop, Integer step) {
      if (step != null && step == 0) {
        throw new IllegalArgumentException("slice step cannot be zero");
      }
      return new Index(1, 0, start, stop, step);
    }

    /** {@code None} / {@code tf.newaxis}: a new axis of size 1. */
    public static Index newAxis() {
      return new Index(2, 0, null, null, null);
    }

    /** {@code ...}. */
    public static Index ellipsis() {
      return new Index(3, 0, null, null, null);
    }

    @Override
    public String toString() {
      switch (kind) {
        case 0:
          return Integer.toString(value);
        case 1:
          return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == null ? "" : ":" + step);
        case 2:
          return "None";
        default:
          return "...";
      }
    }
  }

  private final Index[] key;

  /** @throws IllegalArgumentException if the key holds more than one ellipsis */
  public GetItem(String name, String kerasClass, List<Index> key) {
    super(name, kerasClass, 1);
    this.key = key.toArray(new Index[0]);
    int ellipses = 0;
    for (Index i : this.key) {
      ellipses += i.kind == 3 ? 1 : 0;
    }
    if (ellipses > 1) {
      throw new IllegalArgumentException("op " + name + ": an index can only have a single ellipsis");
    }
  }

  /** The key with the ellipsis (explicit, or implied at the end) expanded to full slices. */
  private List<Index> expand(int rank) {
    int consumed = 0;
    boolean ellipsis = false;
    for (Index i : key) {
      consumed += i.kind <= 1 ? 1 : 0;
      ellipsis |= i.kind == 3;
    }
    if (consumed > rank) {
      throw new InvalidInputException(who() + ": index " + this + " has too many indices for an input of rank " + rank);
    }
    List<Index> r = new ArrayList<>();
    for (Index i : key) {
      if (i.kind == 3) {
        for (int k = 0; k < rank - consumed; k++) {
          r.add(Index.slice(null, null, null));
        }
      } else {
        r.add(i);
      }
    }
    if (!ellipsis) {
      for (int k = 0; k < rank - consumed; k++) {
        r.add(Index.slice(null, null, null));
      }
    }
    return r;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    List<Integer> r = new ArrayList<>();
    int axis = 0;
    for (Index i : expand(s.length)) {
      if (i.kind == 2) {
        r.add(1);
        continue;
      }
      int n = s[axis++];
      if (i.kind == 1) {
        r.add(n < 0 ? -1 : (int) range(i, n)[2]);
      } else if (n >= 0) {
        position(i.value, n);
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  private int position(int i, int n) {
    int p = i < 0 ? i + n : i;
    if (p < 0 || p >= n) {
      throw new InvalidInputException(who() + ": index " + i + " is out of range for an axis of size " + n);
    }
    return p;
  }

  /** Python's {@code slice.indices(n)}: {start, step, count}. */
  private static long[] range(Index i, int n) {
    int step = i.step == null ? 1 : i.step;
    long lower = step < 0 ? -1 : 0;
    long upper = step < 0 ? n - 1 : n;
    long start = i.start == null ? (step < 0 ? upper : lower) : clamp(i.start, n, lower, upper);
    long stop = i.stop == null ? (step < 0 ? lower : upper) : clamp(i.stop, n, lower, upper);
    long count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
        : (start > stop ? (start - stop - step - 1) / -step : 0);
    return new long[] {start, step, count};
  }

  private static long clamp(long v, int n, long lower, long upper) {
    if (v < 0) {
      v += n;
      return v < lower ? lower : v;
    }
    return v > upper ? upper : v;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] inStride = Strided.strides(s);
    List<Index> full = expand(s.length);
    int[] shape = new int[full.size()];
    int[] stride = new int[full.size()];
    int rank = 0;
    int offset = 0;
    int axis = 0;
    for (Index i : full) {
      if (i.kind == 2) {
        shape[rank] = 1;
        stride[rank++] = 0;
        continue;
      }
      int a = axis++;
      if (i.kind == 0) {
        offset += position(i.value, s[a]) * inStride[a];
      } else {
        long[] r = range(i, s[a]);
        shape[rank] = (int) r[2];
        stride[rank++] = (int) r[1] * inStride[a];
        offset += r[2] == 0 ? 0 : (int) r[0] * inStride[a];
      }
    }
    shape = Arrays.copyOf(shape, rank);
    stride = Arrays.copyOf(stride, rank);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] out = Buffers.floats(n);
    Strided.gather(x.data(), offset, shape, stride, out, 0);
    return Tensor.of(out, shape);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (Index i : key) {
      sb.append(sb.length() == 1 ? "" : ", ").append(i);
    }
    return sb.append(']').toString();
  }
}
