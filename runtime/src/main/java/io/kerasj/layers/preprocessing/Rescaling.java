package io.kerasj.layers.preprocessing;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code Rescaling}: {@code x · scale + offset} in float32 (a product rounded, then a sum
 * rounded, as TensorFlow's two ops compute it). {@code scale} and {@code offset} are scalars or
 * arrays broadcast against the input as numpy broadcasts them, aligned on the last axes: a list of
 * three values scales the three channels of a {@code channels_last} image.
 *
 * <p>Keras 3 reshapes a per-channel list to {@code (channels, 1, 1)} when its global {@code
 * image_data_format} is {@code channels_first}; that setting is not saved in the file, so the file
 * is read with Keras' default, {@code channels_last}.
 */
public final class Rescaling extends Layer {
  private final float[] scale;
  private final int[] scaleShape;
  private final float[] offset;
  private final int[] offsetShape;

  /** A layer with scalar {@code scale} and {@code offset}. */
  public Rescaling(String name, float scale, float offset) {
    this(name, new float[] {scale}, new int[0], new float[] {offset}, new int[0]);
  }

  /**
   * @param scale the scale's values, row-major over {@code scaleShape}
   * @param scaleShape its shape ({@code {}} for a scalar), aligned with the input's last axes
   * @param offset the offset's values, row-major over {@code offsetShape}
   * @param offsetShape its shape
   */
  public Rescaling(String name, float[] scale, int[] scaleShape, float[] offset, int[] offsetShape) {
    super(name);
    this.scaleShape = strip(name, "scale", scale, scaleShape);
    this.scale = scale.clone();
    this.offsetShape = strip(name, "offset", offset, offsetShape);
    this.offset = offset.clone();
  }

  // Leading 1s change nothing in a broadcast over the input's last axes.
  private static int[] strip(String layer, String what, float[] v, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": " + what + " has shape "
            + Arrays.toString(shape));
      }
      n *= d;
    }
    if (v == null || v.length != n) {
      throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": " + what + " has shape "
          + Arrays.toString(shape) + " but " + (v == null ? "no" : Integer.toString(v.length)) + " values");
    }
    int lead = 0;
    while (lead < shape.length && shape[lead] == 1) {
      lead++;
    }
    return Arrays.copyOfRange(shape, lead, shape.length);
  }

  @Override
  public String kerasClass() {
    return "Rescaling";
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // An operand spanning more than the last axis may span the time axis of a sequence, whose
  // positions a chunk of a stream does not know.
  @Override
  public boolean isStreamable() {
    return scaleShape.length <= 1 && offsetShape.length <= 1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    check(inputShape, scaleShape, "scale");
    check(inputShape, offsetShape, "offset");
    return inputShape.clone();
  }

  // The operand must cover only non-batch axes, each of its sizes 1 or the input's.
  private void check(int[] input, int[] shape, String what) {
    boolean ok = shape.length < input.length;
    for (int i = 0; ok && i < shape.length; i++) {
      int d = input[input.length - shape.length + i];
      ok = shape[i] == 1 || d < 0 || d == shape[i];
    }
    if (!ok) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": " + what + " of shape "
          + Arrays.toString(shape) + " does not broadcast over the trailing non-batch axes of an input of shape "
          + io.kerasj.Model.formatShape(input));
    }
  }

  @Override
  public Tensor call(Tensor x) {
    outputShape(x.shape());
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    if (scaleShape.length == 0 && offsetShape.length == 0) {
      float s = scale[0];
      float o = offset[0];
      for (int i = 0; i < in.length; i++) {
        out[i] = in[i] * s + o;
      }
      return Tensor.of(out, x.shape());
    }
    // Expand both operands over the trailing block they span, then walk the input block by block.
    int[] shape = x.shape();
    int k = Math.max(scaleShape.length, offsetShape.length);
    int block = 1;
    for (int i = shape.length - k; i < shape.length; i++) {
      block *= shape[i];
    }
    float[] s = expand(scale, scaleShape, shape, k, block);
    float[] o = expand(offset, offsetShape, shape, k, block);
    for (int base = 0; base < in.length; base += block) {
      for (int p = 0; p < block; p++) {
        out[base + p] = in[base + p] * s[p] + o[p];
      }
    }
    Buffers.release(s);
    Buffers.release(o);
    return Tensor.of(out, shape);
  }

  // v (shape `shape`, aligned with the input's last axes) broadcast over the input's last k axes.
  private static float[] expand(float[] v, int[] shape, int[] input, int k, int block) {
    float[] r = Buffers.floats(block);
    int rank = input.length;
    for (int p = 0; p < block; p++) {
      int rest = p;
      int idx = 0;
      int stride = 1;
      for (int a = 0; a < k; a++) {
        int axis = rank - 1 - a;
        int pos = rest % input[axis];
        rest /= input[axis];
        int j = shape.length - 1 - a;
        if (j >= 0) {
          idx += (shape[j] == 1 ? 0 : pos) * stride;
          stride *= shape[j];
        }
      }
      r[p] = v[idx];
    }
    return r;
  }
}
