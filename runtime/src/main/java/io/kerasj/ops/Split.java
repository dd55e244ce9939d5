package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * An op with one output per piece of its input cut along one axis: Keras 3's {@code split} (equal
 * sections or cut indices), {@code array_split} (sections whose sizes differ by at most one, the
 * larger first), {@code hsplit} / {@code vsplit} / {@code dsplit}, {@code unstack} (pieces of size
 * 1 with the axis removed), and {@code tf.split} (a count or sizes, one of which may be -1) / {@code
 * tf.unstack}. The number of pieces is fixed when the op is made; their sizes are resolved against
 * the axis's length at each call, since it may be the batch axis.
 */
public final class Split extends Op {
  private final int axis; // as given; negative counts from the end
  private final int count;
  private final boolean uneven; // array_split's sizes
  private final int[] sizes; // explicit sizes (one may be -1), or null for `count` sections
  private final int[] cuts; // NumPy's cut indices, or null
  private final boolean squeeze;

  private Split(String name, String kerasClass, int axis, int count, boolean uneven, int[] sizes, int[] cuts,
      boolean squeeze) {
    super(name, kerasClass, 1);
    if (count < 1) {
      throw new IllegalArgumentException("the number of pieces should be at least 1, got " + count);
    }
    this.axis = axis;
    this.count = count;
    this.uneven = uneven;
    this.sizes = sizes;
    this.cuts = cuts;
    this.squeeze = squeeze;
  }

  /** {@code count} equal sections ({@code split}, {@code tf.split}), or NumPy's {@code array_split} ({@code uneven}). */
  public static Split sections(String name, String kerasClass, int axis, int count, boolean uneven) {
    return new Split(name, kerasClass, axis, count, uneven, null, null, false);
  }

  /** Pieces of the given sizes; at most one may be -1, the rest of the axis ({@code tf.split}). */
  public static Split sizes(String name, String kerasClass, int axis, int[] sizes) {
    int unknown = 0;
    for (int z : sizes) {
      if (z < -1) {
        throw new IllegalArgumentException("a piece's size is negative: " + Arrays.toString(sizes));
      }
      unknown += z == -1 ? 1 : 0;
    }
    if (unknown > 1) {
      throw new IllegalArgumentException("at most one size may be -1: " + Arrays.toString(sizes));
    }
    return new Split(name, kerasClass, axis, sizes.length, false, sizes.clone(), null, false);
  }

  /** NumPy's cut indices, in ascending order: pieces {@code [0, c0), [c0, c1), …, [cn, end)}. */
  public static Split at(String name, String kerasClass, int axis, int[] cuts) {
    for (int i = 0; i < cuts.length; i++) {
      if (cuts[i] < 0 || i > 0 && cuts[i] < cuts[i - 1]) {
        throw new IllegalArgumentException("the cut indices " + Arrays.toString(cuts)
            + " should be non-negative and ascending");
      }
    }
    return new Split(name, kerasClass, axis, cuts.length + 1, false, null, cuts.clone(), false);
  }

  /** {@code unstack}: {@code count} pieces of size 1, the axis removed. */
  public static Split unstack(String name, String kerasClass, int axis, int count) {
    return new Split(name, kerasClass, axis, count, false, null, null, true);
  }

  /** The number of outputs. */
  public int count() {
    return count;
  }

  /** The pieces' sizes along an axis of length {@code n}. */
  private int[] resolve(int n) {
    int[] r = new int[count];
    if (squeeze) {
      if (n != count) {
        throw bad(n, "cannot be unstacked into " + count + " tensors");
      }
      Arrays.fill(r, 1);
    } else if (cuts != null) {
      if (cuts[cuts.length - 1] > n) {
        throw bad(n, "cannot be cut at " + Arrays.toString(cuts));
      }
      r[0] = cuts[0];
      for (int i = 1; i < cuts.length; i++) {
        r[i] = cuts[i] - cuts[i - 1];
      }
      r[count - 1] = n - cuts[cuts.length - 1];
    } else if (sizes != null) {
      int known = 0;
      int rest = -1;
      for (int i = 0; i < count; i++) {
        if (sizes[i] < 0) {
          rest = i;
        } else {
          known += sizes[i];
        }
        r[i] = sizes[i];
      }
      if (rest >= 0 ? known > n : known != n) {
        throw bad(n, "cannot be split into pieces of sizes " + Arrays.toString(sizes));
      }
      if (rest >= 0) {
        r[rest] = n - known;
      }
    } else if (uneven) {
      // keras/src/backend/tensorflow/numpy.py array_split: the first n % count pieces get one more.
      for (int i = 0; i < count; i++) {
        r[i] = n / count + (i < n % count ? 1 : 0);
      }
    } else {
      if (n % count != 0) {
        throw bad(n, "cannot be split into " + count + " equal sections");
      }
      Arrays.fill(r, n / count);
    }
    return r;
  }

  private InvalidInputException bad(int n, String what) {
    return new InvalidInputException(who() + ": axis " + axis + " of length " + n + " " + what);
  }

  @Override
  protected int[] shape(int[][] in) {
    return shapes(in)[0];
  }

  @Override
  protected int[][] shapes(int[][] in) {
    int[] s = in[0];
    int a = axis(axis, s.length);
    int[] z = s[a] >= 0 ? resolve(s[a]) : null;
    int[][] r = new int[count][];
    for (int i = 0; i < count; i++) {
      if (squeeze) {
        int[] t = new int[s.length - 1];
        for (int j = 0, k = 0; j < s.length; j++) {
          if (j != a) {
            t[k++] = s[j];
          }
        }
        r[i] = t;
      } else {
        r[i] = s.clone();
        r[i][a] = z == null ? (sizes != null && sizes[i] >= 0 ? sizes[i] : -1) : z[i];
      }
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    return computeAll(inputs)[0];
  }

  @Override
  protected Tensor[] computeAll(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int a = axis(axis, s.length);
    int[] z = resolve(s[a]);
    int[][] shapes = shapes(new int[][] {s});
    int outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= s[i];
    }
    int inner = 1;
    for (int i = a + 1; i < s.length; i++) {
      inner *= s[i];
    }
    float[] in = x.data();
    int row = s[a] * inner;
    Tensor[] r = new Tensor[count];
    int offset = 0;
    for (int i = 0; i < count; i++) {
      int run = z[i] * inner;
      float[] out = Buffers.floats(outer * run);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(in, o * row + offset, out, o * run, run);
      }
      offset += run;
      r[i] = Tensor.of(out, shapes[i]);
    }
    return r;
  }
}
