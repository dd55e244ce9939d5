package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import java.util.Arrays;

/**
 * The elements of a tensor grouped by a set of axes, as Keras reduces or broadcasts over {@code
 * axis=[...]}: one group per combination of indices on the other axes, holding the elements that
 * differ only on the given axes. Within a group, element {@code k} is at row-major position {@code
 * k} over the given axes in ascending order, which is also how Keras lays out a weight that spans
 * them (LayerNormalization's gamma, BatchNormalization's moving mean).
 *
 * <p>When the axes are the trailing axes (the usual case) the groups are contiguous runs and no
 * offset table is built.
 */
public final class AxisGroups {
  /** Elements per group (the product of the sizes on the axes; 1 for no axes). */
  public final int size;
  /** Number of groups. */
  public final int count;
  private final int[] inner; // offset of element k from its group's base; null when contiguous
  private final int[] outer; // base offset of each group; null when contiguous
  private final int[] shape;

  private AxisGroups(int[] shape, int size, int count, int[] inner, int[] outer) {
    this.shape = shape.clone();
    this.size = size;
    this.count = count;
    this.inner = inner;
    this.outer = outer;
  }

  /**
   * @param shape the tensor's shape
   * @param axes distinct axes of {@code shape} in ascending order
   */
  public static AxisGroups of(int[] shape, int[] axes) {
    int rank = shape.length;
    boolean[] on = new boolean[rank];
    for (int a : axes) {
      on[a] = true;
    }
    int[] stride = new int[rank];
    int s = 1;
    for (int i = rank - 1; i >= 0; i--) {
      stride[i] = s;
      s *= shape[i];
    }
    int total = s;
    int size = 1;
    for (int a : axes) {
      size *= shape[a];
    }
    int count = size == 0 ? 0 : total / size;
    if (isSuffix(rank, axes)) {
      return new AxisGroups(shape, size, count, null, null);
    }
    return new AxisGroups(shape, size, count, offsets(shape, stride, on, true, size), offsets(shape, stride, on, false, count));
  }

  /** Whether {@code axes} (ascending) are the last {@code axes.length} axes of a tensor of rank {@code rank}. */
  public static boolean isSuffix(int rank, int[] axes) {
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] != rank - axes.length + i) {
        return false;
      }
    }
    return true;
  }

  // Row-major offsets of every index combination over the selected (or the other) axes.
  private static int[] offsets(int[] shape, int[] stride, boolean[] on, boolean selected, int n) {
    int[] r = new int[n];
    int rank = shape.length;
    int[] idx = new int[rank];
    int p = 0;
    for (int k = 0; k < n; k++) {
      r[k] = p;
      for (int a = rank - 1; a >= 0; a--) {
        if (on[a] != selected) {
          continue;
        }
        idx[a]++;
        p += stride[a];
        if (idx[a] < shape[a]) {
          break;
        }
        p -= stride[a] * shape[a];
        idx[a] = 0;
      }
    }
    return r;
  }

  /**
   * The groups of the last shape seen, for a layer that is called again and again on inputs of one
   * shape: strided groups carry offset tables as long as the tensor, which are not rebuilt per
   * call. Safe to share between threads (a race only builds a table twice).
   */
  public static final class Cache {
    private final int[] axes;
    private volatile AxisGroups last;

    /** @param axes distinct axes in ascending order, as for {@link AxisGroups#of} */
    public Cache(int[] axes) {
      this.axes = axes.clone();
    }

    /** {@link AxisGroups#of} for {@code shape}, reused while the shape stays the same. */
    public AxisGroups of(int[] shape) {
      AxisGroups g = last;
      if (g == null || !Arrays.equals(g.shape, shape)) {
        g = AxisGroups.of(shape, axes);
        last = g;
      }
      return g;
    }
  }

  /** Flat offset of the first element of group {@code g}. */
  public int base(int g) {
    return outer == null ? g * size : outer[g];
  }

  /** Offset of element {@code k} of a group from the group's base. */
  public int at(int k) {
    return inner == null ? k : inner[k];
  }

  /**
   * Checks a tensor against a layer built for rank {@code rank} and sizes {@code sizes} on {@code
   * axes} ({@code -1}: any size).
   */
  public static void check(String layer, int[] shape, int rank, int[] axes, int[] sizes) {
    boolean ok = shape.length == rank;
    for (int i = 0; ok && i < axes.length; i++) {
      ok = sizes[i] < 0 || shape[axes[i]] == sizes[i];
    }
    if (!ok) {
      int[] want = new int[rank];
      Arrays.fill(want, -1);
      for (int i = 0; i < axes.length; i++) {
        want[axes[i]] = sizes[i];
      }
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": expected an input of shape "
          + io.kerasj.Model.formatShape(want) + ", got shape " + Arrays.toString(shape));
    }
  }
}
