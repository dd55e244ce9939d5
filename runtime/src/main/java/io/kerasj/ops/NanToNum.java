package io.kerasj.ops;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/**
 * {@code ops.nan_to_num(x, nan, posinf, neginf)}: NaN, +∞ and −∞ replaced by the given values
 * (the infinities by float32's largest and lowest when None, as Keras' TensorFlow backend does).
 */
public final class NanToNum extends Op {
  private final float nan;
  private final float posinf;
  private final float neginf;

  public NanToNum(String name, String kerasClass, float nan, float posinf, float neginf) {
    super(name, kerasClass, 1);
    this.nan = nan;
    this.posinf = posinf;
    this.neginf = neginf;
  }

  @Override
  protected int[] shape(int[][] in) {
    return in[0];
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    float[] x = inputs[0].data();
    float[] r = Buffers.floats(x.length);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      r[i] = v != v ? nan : v == Float.POSITIVE_INFINITY ? posinf : v == Float.NEGATIVE_INFINITY ? neginf : v;
    }
    return Tensor.of(r, inputs[0].shape());
  }
}
