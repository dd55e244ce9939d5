package io.kerasj.layers.activations;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code Softmax} layer over one axis ({@code -1} by default) or several together ({@code
 * axis=[-2, -1]}, Keras' {@code exp(x − logsumexp(x))} over all of them):
 * {@code exp(x − max) / Σ exp(x − max)}, in double precision and rounded once.
 *
 * <p>A {@code mask} passed to the call ({@code Softmax()(x, mask=m)}, e.g. attention scores and an
 * attention mask) is a second input, broadcast against {@code x} as NumPy broadcasts (aligned on the
 * right); what a masked position becomes depends on the Keras that saved the model ({@link
 * MaskMode}). A time-step mask that merely flows into the layer (from {@code Masking} or {@code
 * Embedding(mask_zero=True)}) would be broadcast the same way, which only means "mask time steps"
 * in degenerate shapes; such a mask is refused instead.
 */
public final class Softmax extends Layer {
  /** How a {@code mask} argument of the call enters the softmax. */
  public enum MaskMode {
    /** The call passes no mask: one input. */
    NONE,
    /** Keras 3: logits where {@code mask ≤ 0.5} become {@code −1e9}, and their probabilities 0. */
    KERAS3,
    /** tf-keras: logits get {@code (1 − mask) · −1e9} added. */
    TF_KERAS,
    /** tf-keras with {@code robust_masking=True}: logits where {@code mask ≤ 0.5} become {@code −1e9}. */
    TF_KERAS_ROBUST
  }

  private static final float BIG = 1e9f;

  private final int[] axes; // as Keras wrote them: negative counts from the end
  private final MaskMode maskMode;

  /** @param axis the axis to normalize; negative values count from the end, non-negative include the batch axis */
  public Softmax(String name, int axis) {
    this(name, new int[] {axis});
  }

  /**
   * @param axes the axes normalized together (at least one); negative values count from the end,
   *     non-negative include the batch axis, which is not supported
   */
  public Softmax(String name, int[] axes) {
    this(name, axes, MaskMode.NONE);
  }

  /**
   * @param axes the axes normalized together (at least one); negative values count from the end,
   *     non-negative include the batch axis, which is not supported
   * @param maskMode {@link MaskMode#NONE}, or how the mask passed as the second input applies
   */
  public Softmax(String name, int[] axes, MaskMode maskMode) {
    super(name);
    this.maskMode = maskMode;
    if (axes.length == 0) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": softmax over no axis");
    }
    for (int a : axes) {
      if (a == 0) {
        throw new UnsupportedFeatureException("layer " + Messages.quote(name)
            + ": softmax over the batch axis is not supported");
      }
    }
    this.axes = axes.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Only a softmax within each step can be applied chunk by chunk.
  @Override
  public boolean isStreamable() {
    return axes.length == 1 && axes[0] == -1;
  }

  @Override
  public String kerasClass() {
    return "Softmax";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public int inputCount() {
    return maskMode == MaskMode.NONE ? 1 : 2;
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return new int[][] {inputShapes[0].clone()};
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    if (maskMode != MaskMode.NONE) {
      requireInputs(inputs.length);
      // The mask argument is a tensor of its own shape; the time-step mask of x does not pass on.
      return new Output(new Tensor[] {masked(inputs[0], inputs[1])}, new Mask[] {null});
    }
    if (masks != null && masks.length > 0 && masks[0] != null) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name())
          + ": a time-step mask reaches a Softmax layer; Keras"
          + " would broadcast it into the softmax, which kerasj does not reproduce");
    }
    return super.forward(inputs, masks, state);
  }

  @Override
  public Tensor call(Tensor x) {
    if (maskMode != MaskMode.NONE) {
      requireInputs(1);
    }
    AxisGroups g = groups(x);
    int n = g.size;
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        max = Math.max(max, in[base + g.at(k)]);
      }
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += Math.exp((double) in[base + g.at(k)] - max);
      }
      for (int k = 0; k < n; k++) {
        int i = base + g.at(k);
        out[i] = (float) (Math.exp((double) in[i] - max) / sum);
      }
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * The softmax of {@code x} with {@code mask} broadcast against it. Several axes go through
   * TensorFlow's {@code exp(x − logsumexp(x))} in float, whose rounding decides a fully masked
   * group (tf-keras: all ones).
   */
  private Tensor masked(Tensor x, Tensor mask) {
    AxisGroups g = groups(x);
    float[] m = broadcast(mask, x.shape());
    float[] v = Buffers.floats(x.size());
    float[] in = x.data();
    for (int i = 0; i < v.length; i++) {
      float xi = in[i];
      switch (maskMode) {
        case KERAS3:
        case TF_KERAS_ROBUST:
          v[i] = m[i] > 0.5f ? xi : -BIG;
          break;
        default:
          v[i] = xi + (1f - m[i]) * -BIG;
      }
    }
    int n = g.size;
    float[] row = Buffers.floats(Math.max(1, n));
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      for (int k = 0; k < n; k++) {
        row[k] = v[base + g.at(k)];
      }
      if (axes.length > 1) {
        Kernels.logSumExpSoftmax(row, 0, n);
      } else {
        Kernels.softmax(row, 0, n);
      }
      for (int k = 0; k < n; k++) {
        int i = base + g.at(k);
        v[i] = maskMode == MaskMode.KERAS3 && !(m[i] > 0.5f) ? 0f : row[k];
      }
    }
    Buffers.release(row);
    Buffers.release(m);
    return Tensor.of(v, x.shape());
  }

  // The mask as a float per element of `shape` (NumPy broadcasting: right-aligned, size 1 repeats).
  private float[] broadcast(Tensor mask, int[] shape) {
    int[] ms = mask.shape();
    int rank = shape.length;
    int[] strides = new int[rank];
    int stride = 1;
    boolean ok = ms.length <= rank;
    for (int d = ms.length - 1; ok && d >= 0; d--) {
      int at = rank - (ms.length - d);
      ok = ms[d] == 1 || ms[d] == shape[at];
      strides[at] = ms[d] == 1 ? 0 : stride;
      stride *= ms[d];
    }
    if (!ok) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": a mask of shape " + Arrays.toString(ms)
          + " does not broadcast to the input's shape " + Arrays.toString(shape));
    }
    float[] r = Buffers.floats(size(shape));
    io.kerasj.internal.Strided.gather(mask.data(), 0, shape, strides, r, 0);
    return r;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private AxisGroups groups(Tensor x) {
    int rank = x.rank();
    int[] resolved = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? rank + axes[i] : axes[i];
      if (a <= 0 || a >= rank) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": softmax axis " + axes[i]
            + " is out of range for shape "
            + Arrays.toString(x.shape()));
      }
      resolved[i] = a;
    }
    Arrays.sort(resolved);
    for (int i = 1; i < resolved.length; i++) {
      if (resolved[i] == resolved[i - 1]) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": softmax axes " + Arrays.toString(axes)
            + " name axis " + resolved[i] + " twice for shape " + Arrays.toString(x.shape()));
      }
    }
    return AxisGroups.of(x.shape(), resolved);
  }
}
