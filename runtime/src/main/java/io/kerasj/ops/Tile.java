package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Strided;
import java.util.Arrays;

/**
 * Copies of the input side by side: {@code ops.tile} / {@code tf.tile} (the whole tensor repeated
 * along each axis) and {@code ops.repeat} / {@code tf.repeat} (each element repeated along one
 * axis, or along the flattened tensor). Both are one strided read of the input, a repeat being a
 * stride of 0.
 */
public final class Tile extends Op {
  private final int[] reps; // tile: per axis, aligned to the last axes; null for repeat
  private final int repeats;
  private final Integer axis; // repeat's axis; null flattens first

  private Tile(String name, String kerasClass, int[] reps, int repeats, Integer axis) {
    super(name, kerasClass, 1);
    this.reps = reps;
    this.repeats = repeats;
    this.axis = axis;
  }

  /**
   * {@code tile(x, reps)}: axis {@code i} repeated {@code reps[i]} times; a shorter {@code reps}
   * applies to the last axes, as NumPy pads it with 1s.
   *
   * @throws IllegalArgumentException for a negative count
   */
  public static Tile tile(String name, String kerasClass, int[] reps) {
    for (int r : reps) {
      if (r < 0) {
        throw new IllegalArgumentException("negative repeat count in " + Arrays.toString(reps));
      }
    }
    return new Tile(name, kerasClass, reps.clone(), 0, null);
  }

  /**
   * {@code repeat(x, repeats, axis)}: every element {@code repeats} times along {@code axis}
   * (negative counts from the end), or along the flattened tensor when {@code axis} is null.
   *
   * @throws IllegalArgumentException for a negative count
   */
  public static Tile repeat(String name, String kerasClass, int repeats, Integer axis) {
    if (repeats < 0) {
      throw new IllegalArgumentException("negative repeat count " + repeats);
    }
    return new Tile(name, kerasClass, null, repeats, axis);
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    if (reps != null) {
      int[] r = alignedReps(s.length);
      int[] out = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = s[i] < 0 ? -1 : s[i] * r[i];
      }
      return out;
    }
    if (axis == null) {
      long n = 1;
      for (int d : s) {
        if (d < 0) {
          return new int[] {-1};
        }
        n *= d;
      }
      return new int[] {(int) (n * repeats)};
    }
    int a = axis(axis, s.length);
    int[] out = s.clone();
    out[a] = s[a] < 0 ? -1 : s[a] * repeats;
    return out;
  }

  private int[] alignedReps(int rank) {
    if (reps.length > rank) {
      throw new InvalidInputException(who() + ": " + reps.length + " repeat counts for an input of rank " + rank);
    }
    int[] r = new int[rank];
    Arrays.fill(r, 1);
    System.arraycopy(reps, 0, r, rank - reps.length, reps.length);
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] stride = Strided.strides(s);
    int[] view;
    int[] viewStride;
    if (reps != null) {
      // axis i becomes the pair (rep, i): the rep axis reads with stride 0, i.e. the whole block again.
      int[] r = alignedReps(s.length);
      view = new int[2 * s.length];
      viewStride = new int[2 * s.length];
      for (int i = 0; i < s.length; i++) {
        view[2 * i] = r[i];
        view[2 * i + 1] = s[i];
        viewStride[2 * i + 1] = stride[i];
      }
    } else if (axis == null) {
      view = new int[] {x.size(), repeats};
      viewStride = new int[] {1, 0};
    } else {
      // axis a becomes the pair (a, rep): each element read `repeats` times in a row.
      int a = axis(axis, s.length);
      view = new int[s.length + 1];
      viewStride = new int[s.length + 1];
      for (int i = 0, j = 0; i < s.length; i++) {
        view[j] = s[i];
        viewStride[j++] = stride[i];
        if (i == a) {
          view[j] = repeats;
          viewStride[j++] = 0;
        }
      }
    }
    int[] out = shape(new int[][] {s});
    long n = 1;
    for (int d : out) {
      n *= d;
    }
    float[] dst = Buffers.floats(Math.toIntExact(n));
    Strided.gather(x.data(), 0, view, viewStride, dst, 0);
    return Tensor.of(dst, out);
  }
}
