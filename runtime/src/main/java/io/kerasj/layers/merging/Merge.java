package io.kerasj.layers.merging;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras' element-wise merge layers, {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Average}, {@code Maximum} and {@code Minimum}: inputs of one shape, combined left to
 * right as Keras does. The output mask is tf-keras' (kept where every input mask that exists keeps)
 * or Keras 3's (none if an input has none, else kept where any input mask keeps), by the file's
 * Keras version.
 */
public final class Merge extends Layer {
  /** The element-wise operation, named as the Keras layer. */
  public enum Op {
    /** {@code Add}. */
    ADD("Add"),
    /** {@code Subtract}: exactly two inputs, first minus second. */
    SUBTRACT("Subtract"),
    /** {@code Multiply}. */
    MULTIPLY("Multiply"),
    /** {@code Average}: the sum divided by the input count. */
    AVERAGE("Average"),
    /** {@code Maximum}. */
    MAXIMUM("Maximum"),
    /** {@code Minimum}. */
    MINIMUM("Minimum");

    final String kerasClass;

    Op(String kerasClass) {
      this.kerasClass = kerasClass;
    }
  }

  private final Op op;
  private final boolean keras3Masks;

  /** A merge layer applying {@code op}, with tf-keras' output mask. */
  public Merge(String name, Op op) {
    this(name, op, false);
  }

  /**
   * A merge layer applying {@code op}.
   *
   * @param keras3Masks Keras 3's output mask ({@link Mask#or}) rather than tf-keras' ({@link Mask#and})
   */
  public Merge(String name, Op op, boolean keras3Masks) {
    super(name);
    this.op = op;
    this.keras3Masks = keras3Masks;
  }

  @Override
  public String kerasClass() {
    return op.kerasClass;
  }

  @Override
  public int inputCount() {
    return op == Op.SUBTRACT ? 2 : -1;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    return new int[][] {inputShapes[0].clone()};
  }

  @Override
  public Tensor call(Tensor input) {
    throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass()
        + ") needs at least 2 inputs");
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    if (inputs.length < 2) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass()
          + ") needs at least 2 inputs, got "
          + inputs.length);
    }
    int[] shape = inputs[0].shape();
    for (Tensor t : inputs) {
      if (!Arrays.equals(shape, t.shape())) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass() + "): inputs of shapes "
            + Arrays.toString(shape) + " and " + Arrays.toString(t.shape()) + " cannot be merged");
      }
    }
    float[] r = inputs[0].data().clone();
    for (int k = 1; k < inputs.length; k++) {
      float[] x = inputs[k].data();
      for (int i = 0; i < r.length; i++) {
        switch (op) {
          case ADD:
          case AVERAGE:
            r[i] += x[i];
            break;
          case SUBTRACT:
            r[i] -= x[i];
            break;
          case MULTIPLY:
            r[i] *= x[i];
            break;
          case MAXIMUM:
            r[i] = Math.max(r[i], x[i]);
            break;
          default:
            r[i] = Math.min(r[i], x[i]);
            break;
        }
      }
    }
    if (op == Op.AVERAGE) {
      float n = inputs.length;
      for (int i = 0; i < r.length; i++) {
        r[i] /= n;
      }
    }
    Mask m = masks[0];
    for (int k = 1; k < masks.length; k++) {
      m = keras3Masks ? Mask.or(m, masks[k]) : Mask.and(m, masks[k]);
    }
    return new Output(new Tensor[] {Tensor.of(r, shape)}, new Mask[] {m});
  }
}
