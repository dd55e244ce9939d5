package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;

/**
 * An element-wise function of one tensor: an activation ({@code ops.relu}, {@code tf.nn.gelu}…),
 * a math function ({@code ops.sqrt}, {@code tf.math.abs}…), a cast or a clip.
 */
public final class Unary extends Op {
  private final Activation activation; // null when function is set
  private final UnaryFunction function;
  private final float p0;
  private final float p1;

  /**
   * An element-wise activation.
   *
   * @throws UnsupportedFeatureException for an activation that mixes a row (softmax and the like:
   *     see {@link Softmax})
   */
  public Unary(String name, String kerasClass, Activation activation) {
    super(name, kerasClass, 1);
    if (activation.isRowWise()) {
      throw new UnsupportedFeatureException("op " + name + ": " + activation.kerasName() + " is not element-wise");
    }
    this.activation = activation;
    this.function = null;
    this.p0 = 0f;
    this.p1 = 0f;
  }

  /** A function with up to two parameters (see {@link UnaryFunction} for which it reads). */
  public Unary(String name, String kerasClass, UnaryFunction function, float p0, float p1) {
    super(name, kerasClass, 1);
    this.activation = null;
    this.function = function;
    this.p0 = p0;
    this.p1 = p1;
  }

  @Override
  protected int[] shape(int[][] in) {
    return in[0].clone();
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    if (activation != null) {
      System.arraycopy(in, 0, out, 0, in.length);
      activation.apply(out, 0, 1, out.length);
    } else {
      switch (function) {
        case ABS:
          for (int i = 0; i < in.length; i++) {
            out[i] = Math.abs(in[i]);
          }
          break;
        case NEGATIVE:
          for (int i = 0; i < in.length; i++) {
            out[i] = -in[i];
          }
          break;
        case SQUARE:
          for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * in[i];
          }
          break;
        default:
          UnaryFunction f = function;
          for (int i = 0; i < in.length; i++) {
            out[i] = f.apply(in[i], p0, p1);
          }
      }
    }
    return Tensor.of(out, x.shape());
  }
}
