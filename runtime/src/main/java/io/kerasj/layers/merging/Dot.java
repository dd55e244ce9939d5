package io.kerasj.layers.merging;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code Dot}: a batch dot product of two inputs over one axis each, optionally of
 * L2-normalized inputs (cosine proximity). The output keeps the first input's other axes, then the
 * second's; a 2-D · 2-D product gives {@code (batch, 1)}, as Keras' {@code batch_dot} does.
 */
public final class Dot extends Layer {
  private final int axis1;
  private final int axis2;
  private final boolean normalize;

  /** @param axis1 contracted axis of the first input (negative counts from the end) */
  public Dot(String name, int axis1, int axis2, boolean normalize) {
    super(name);
    this.axis1 = axis1;
    this.axis2 = axis2;
    this.normalize = normalize;
  }

  @Override
  public String kerasClass() {
    return "Dot";
  }

  @Override
  public int inputCount() {
    return 2;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public int[][] outputShapes(int[][] s) {
    int a = resolve(axis1, s[0].length);
    int b = resolve(axis2, s[1].length);
    int[] r = new int[s[0].length + s[1].length - 2];
    int k = 0;
    r[k++] = s[0][0];
    for (int i = 1; i < s[0].length; i++) {
      if (i != a) {
        r[k++] = s[0][i];
      }
    }
    for (int i = 1; i < s[1].length; i++) {
      if (i != b) {
        r[k++] = s[1][i];
      }
    }
    return new int[][] {k == 1 ? new int[] {s[0][0], 1} : Arrays.copyOf(r, k)};
  }

  private int resolve(int axis, int rank) {
    int a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank || rank > 3) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (Dot): axis " + axis
          + " is not valid for an input of rank "
          + rank + " (ranks 2 and 3 are supported)");
    }
    return a;
  }

  @Override
  public Tensor call(Tensor input) {
    throw new InvalidInputException("layer " + Messages.quote(name()) + " (Dot) needs 2 inputs");
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor x = inputs[0];
    Tensor y = inputs[1];
    int a = resolve(axis1, x.rank());
    int b = resolve(axis2, y.rank());
    if (x.dim(0) != y.dim(0) || x.dim(a) != y.dim(b)) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (Dot): shapes "
          + Arrays.toString(x.shape()) + " and "
          + Arrays.toString(y.shape()) + " do not match on axes " + axis1 + ", " + axis2);
    }
    float[] xd = normalize ? l2Normalize(x, a) : x.data();
    float[] yd = normalize ? l2Normalize(y, b) : y.data();
    int batch = x.dim(0);
    int n = x.dim(a);
    int xo = x.rank() == 3 ? x.dim(a == 1 ? 2 : 1) : 1; // the other axis of x
    int yo = y.rank() == 3 ? y.dim(b == 1 ? 2 : 1) : 1;
    float[] r = new float[batch * xo * yo];
    for (int bi = 0; bi < batch; bi++) {
      for (int i = 0; i < xo; i++) {
        for (int j = 0; j < yo; j++) {
          double s = 0;
          for (int k = 0; k < n; k++) {
            s += (double) xd[index(x, bi, a, k, i)] * yd[index(y, bi, b, k, j)];
          }
          r[(bi * xo + i) * yo + j] = (float) s;
        }
      }
    }
    int[] shape = outputShapes(new int[][] {x.shape(), y.shape()})[0];
    return new Output(new Tensor[] {Tensor.of(r, shape)}, new Mask[] {null});
  }

  /** Flat index of element {@code k} on the contracted axis and {@code o} on the other. */
  private static int index(Tensor t, int batchIndex, int axis, int k, int o) {
    if (t.rank() == 2) {
      return batchIndex * t.dim(1) + k;
    }
    int d1 = t.dim(1);
    int d2 = t.dim(2);
    return axis == 1 ? (batchIndex * d1 + k) * d2 + o : (batchIndex * d1 + o) * d2 + k;
  }

  // x / sqrt(max(sum(x^2), 1e-12)) along the axis, as Keras' l2_normalize.
  private static float[] l2Normalize(Tensor t, int axis) {
    float[] d = t.data().clone();
    int batch = t.dim(0);
    int n = t.dim(axis);
    int other = t.rank() == 3 ? t.dim(axis == 1 ? 2 : 1) : 1;
    for (int bi = 0; bi < batch; bi++) {
      for (int o = 0; o < other; o++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          double v = d[index(t, bi, axis, k, o)];
          s += v * v;
        }
        double inv = 1.0 / Math.sqrt(Math.max(s, 1e-12));
        for (int k = 0; k < n; k++) {
          int i = index(t, bi, axis, k, o);
          d[i] = (float) (d[i] * inv);
        }
      }
    }
    return d;
  }
}
