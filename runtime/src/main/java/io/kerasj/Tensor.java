package io.kerasj;

import java.util.Arrays;

/**
 * A dense float32 tensor: a shape and a contiguous row-major (C order) array, the layout of a
 * NumPy {@code float32} array and of Keras' weights.
 *
 * <p>A tensor returned by {@code predict} is owned by the caller. {@link #data()} returns the
 * backing array without copying, so that large outputs are not copied twice; treat a tensor you
 * pass into a model as read-only while the call runs.
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Wraps {@code data} (not copied) as a tensor of the given shape.
   *
   * @throws InvalidInputException if a dimension is negative or the sizes disagree
   */
  public static Tensor of(float[] data, int... shape) {
    if (data == null || shape == null) {
      throw new InvalidInputException("tensor data and shape must not be null");
    }
    long n = checkedSize(shape);
    if (n != data.length) {
      throw new InvalidInputException(
          "tensor shape " + Arrays.toString(shape) + " needs " + n + " elements, data has " + data.length);
    }
    return new Tensor(data, shape.clone());
  }

  /** A zero-filled tensor of the given shape. */
  public static Tensor zeros(int... shape) {
    long n = checkedSize(shape);
    if (n > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException("tensor shape " + Arrays.toString(shape) + " is too large (" + n + " elements)");
    }
    return new Tensor(new float[(int) n], shape.clone());
  }

  /**
   * Copies a (batch, time, features) array into a rank-3 tensor.
   *
   * @throws InvalidInputException if the array is ragged or empty in a way that has no shape
   */
  public static Tensor of(float[][][] x) {
    if (x == null) {
      throw new InvalidInputException("input array is null");
    }
    int b = x.length;
    int t = b == 0 || x[0] == null ? 0 : x[0].length;
    int f = t == 0 || x[0][0] == null ? 0 : x[0][0].length;
    long n = checkedSize(new int[] {b, t, f});
    if (n > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException("input of shape (" + b + ", " + t + ", " + f + ") is too large");
    }
    float[] d = new float[(int) n];
    int p = 0;
    for (int i = 0; i < b; i++) {
      if (x[i] == null || x[i].length != t) {
        throw new InvalidInputException(
            "ragged input: batch item " + i + " has " + (x[i] == null ? "no" : x[i].length) + " time steps, item 0 has " + t);
      }
      for (int j = 0; j < t; j++) {
        float[] row = x[i][j];
        if (row == null || row.length != f) {
          throw new InvalidInputException("ragged input: item " + i + ", step " + j + " has "
              + (row == null ? "no" : row.length) + " features, expected " + f);
        }
        System.arraycopy(row, 0, d, p, f);
        p += f;
      }
    }
    return new Tensor(d, new int[] {b, t, f});
  }

  /** Copies a (batch, features) array into a rank-2 tensor. */
  public static Tensor of(float[][] x) {
    if (x == null) {
      throw new InvalidInputException("input array is null");
    }
    int b = x.length;
    int f = b == 0 || x[0] == null ? 0 : x[0].length;
    float[] d = new float[Math.multiplyExact(b, f)];
    for (int i = 0; i < b; i++) {
      if (x[i] == null || x[i].length != f) {
        throw new InvalidInputException("ragged input: row " + i + " has "
            + (x[i] == null ? "no" : x[i].length) + " values, row 0 has " + f);
      }
      System.arraycopy(x[i], 0, d, i * f, f);
    }
    return new Tensor(d, new int[] {b, f});
  }

  private static long checkedSize(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new InvalidInputException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new InvalidInputException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
      }
    }
    return n;
  }

  /** The shape, a copy. */
  public int[] shape() {
    return shape.clone();
  }

  /** The size of dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The number of elements. */
  public int size() {
    return data.length;
  }

  /** The backing row-major array, not a copy. */
  public float[] data() {
    return data;
  }

  /** The element at the given indices. */
  public float get(int... index) {
    if (index.length != shape.length) {
      throw new InvalidInputException("index " + Arrays.toString(index) + " has rank " + index.length
          + ", tensor has rank " + shape.length);
    }
    int p = 0;
    for (int i = 0; i < shape.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new InvalidInputException("index " + Arrays.toString(index) + " out of range for shape " + Arrays.toString(shape));
      }
      p = p * shape[i] + index[i];
    }
    return data[p];
  }

  /** The same data viewed with another shape of the same size (no copy). */
  public Tensor reshape(int... newShape) {
    return of(data, newShape);
  }

  /** Copies a rank-3 tensor into a (batch, time, features) array. */
  public float[][][] toArray3D() {
    if (shape.length != 3) {
      throw new InvalidInputException("toArray3D needs a rank-3 tensor, this one has shape " + Arrays.toString(shape));
    }
    float[][][] r = new float[shape[0]][shape[1]][shape[2]];
    int p = 0;
    for (float[][] a : r) {
      for (float[] row : a) {
        System.arraycopy(data, p, row, 0, row.length);
        p += row.length;
      }
    }
    return r;
  }

  /** Copies a rank-2 tensor into a (batch, features) array. */
  public float[][] toArray2D() {
    if (shape.length != 2) {
      throw new InvalidInputException("toArray2D needs a rank-2 tensor, this one has shape " + Arrays.toString(shape));
    }
    float[][] r = new float[shape[0]][shape[1]];
    for (int i = 0; i < r.length; i++) {
      System.arraycopy(data, i * shape[1], r[i], 0, shape[1]);
    }
    return r;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
