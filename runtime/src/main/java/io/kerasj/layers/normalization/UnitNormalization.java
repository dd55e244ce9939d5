package io.kerasj.layers.normalization;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code UnitNormalization}: {@code x / ‖x‖₂} over the given axes ({@code -1} by default),
 * with the norm clamped as the Keras that saved the model clamps it: Keras 3 multiplies by {@code
 * min(1/‖x‖, 1e12)} ({@code ops.normalize}), tf-keras by {@code 1/max(‖x‖, 1e-6)} ({@code
 * tf.linalg.l2_normalize}, {@code rsqrt(max(Σx², 1e-12))}). An all-zero group stays zero.
 */
public final class UnitNormalization extends Layer {
  private final int[] axes; // counted from the end (negative)
  private final boolean keras3;

  /**
   * @param axes the normalized axes counted from the end ({@code -1}: the last), not the batch axis
   * @param keras3 Keras 3's clamp (else tf-keras')
   */
  public UnitNormalization(String name, int[] axes, boolean keras3) {
    super(name);
    this.axes = axes.clone();
    this.keras3 = keras3;
    for (int a : axes) {
      if (a >= 0) {
        throw new InvalidInputException("layer " + Messages.quote(name) + ": axes must be counted from the end, got "
            + Arrays.toString(axes));
      }
    }
  }

  @Override
  public String kerasClass() {
    return "UnitNormalization";
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Only a normalization within each step can be applied chunk by chunk.
  @Override
  public boolean isStreamable() {
    return axes.length == 1 && axes[0] == -1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor x) {
    int rank = x.rank();
    int[] resolved = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      resolved[i] = rank + axes[i];
      if (resolved[i] <= 0) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": axis " + axes[i]
            + " is out of range for an input of shape " + Arrays.toString(x.shape()));
      }
    }
    Arrays.sort(resolved);
    AxisGroups g = AxisGroups.of(x.shape(), resolved);
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      double sum = 0;
      for (int k = 0; k < g.size; k++) {
        double v = in[base + g.at(k)];
        sum += v * v;
      }
      float s = (float) sum; // TensorFlow sums in float
      double inv = keras3 ? Math.min(1.0 / Math.sqrt(s), 1e12) : 1.0 / Math.sqrt(Math.max(s, 1e-12f));
      float f = (float) inv;
      for (int k = 0; k < g.size; k++) {
        int i = base + g.at(k);
        out[i] = in[i] * f;
      }
    }
    return Tensor.of(out, x.shape());
  }
}
