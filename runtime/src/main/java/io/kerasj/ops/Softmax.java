package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Strided;

/**
 * An activation that mixes the values along one axis: {@code softmax}, {@code log_softmax},
 * {@code sparsemax} and {@code glu} ({@code ops.softmax(x, axis=1)}, {@code tf.nn.softmax}),
 * along any axis, or over all elements for Keras 3's {@code axis=None}.
 */
public final class Softmax extends Op {
  private final Activation activation;
  private final Integer axis; // null: all elements as one row

  /**
   * @param activation {@link Activation#SOFTMAX}, {@link Activation#LOG_SOFTMAX}, {@link
   *     Activation#SPARSEMAX} or {@link Activation#GLU}
   * @param axis the axis (negative counts from the end), or {@code null} for all elements
   */
  public Softmax(String name, String kerasClass, Activation activation, Integer axis) {
    super(name, kerasClass, 1);
    if (!activation.isRowWise()) {
      throw new UnsupportedFeatureException("op " + name + ": " + activation.kerasName() + " is element-wise");
    }
    this.activation = activation;
    this.axis = axis;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] r = in[0].clone();
    if (activation == Activation.GLU) {
      int a = axis == null ? r.length - 1 : axis(axis, r.length);
      r[a] = r[a] < 0 ? -1 : activation.outputSize(r[a]);
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int rank = x.rank();
    int[] s = x.shape();
    boolean last = axis == null || axis(axis, rank) == rank - 1;
    int[] perm = new int[rank];
    float[] work = Buffers.floats(x.size());
    int[] ws = s;
    if (last) {
      System.arraycopy(x.data(), 0, work, 0, work.length);
    } else {
      // Move the axis last, apply row by row, move it back.
      int a = axis(axis, rank);
      for (int i = 0, k = 0; i < rank; i++) {
        if (i != a) {
          perm[k++] = i;
        }
      }
      perm[rank - 1] = a;
      ws = Strided.transpose(x.data(), s, perm, work);
    }
    int cols = axis == null ? x.size() : ws[rank - 1];
    int rows = cols == 0 ? 0 : x.size() / cols;
    activation.apply(work, 0, rows, cols);
    int outCols = activation.outputSize(cols);
    int[] outShape = shape(new int[][] {s});
    if (last && outCols == cols) {
      return Tensor.of(work, outShape);
    }
    float[] out = Buffers.floats(rows * outCols);
    if (last) {
      System.arraycopy(work, 0, out, 0, out.length);
    } else {
      ws = ws.clone();
      ws[rank - 1] = outCols;
      int[] back = new int[rank];
      for (int i = 0; i < rank; i++) {
        back[perm[i]] = i;
      }
      Strided.transpose(work, ws, back, out);
    }
    Buffers.release(work);
    return Tensor.of(out, outShape);
  }
}
