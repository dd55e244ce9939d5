package io.kerasj.layers.merging;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/** Keras {@code Concatenate}: joins inputs along {@code axis} (default -1). */
public final class Concatenate extends Layer {
  private final int axis;

  /** @param axis Keras' axis, negative counts from the end; 0 (the batch axis) is not allowed */
  public Concatenate(String name, int axis) {
    super(name);
    this.axis = axis;
  }

  @Override
  public String kerasClass() {
    return "Concatenate";
  }

  @Override
  public int inputCount() {
    return -1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  private int resolve(int rank) {
    int a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": axis " + axis
          + " is not valid for inputs of rank " + rank);
    }
    return a;
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    int a = resolve(inputShapes[0].length);
    int[] r = inputShapes[0].clone();
    for (int i = 1; i < inputShapes.length; i++) {
      r[a] = r[a] < 0 || inputShapes[i][a] < 0 ? -1 : r[a] + inputShapes[i][a];
    }
    return new int[][] {r};
  }

  @Override
  public Tensor call(Tensor input) {
    return input;
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    int rank = inputs[0].rank();
    int a = resolve(rank);
    int[] shape = inputs[0].shape();
    int outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= shape[i];
    }
    int total = 0;
    for (int k = 0; k < inputs.length; k++) {
      int[] s = inputs[k].shape();
      for (int i = 0; i < rank; i++) {
        if (i != a && (s.length != rank || s[i] != shape[i])) {
          throw new InvalidInputException("layer " + Messages.quote(name()) + " (Concatenate): input shapes "
              + Arrays.toString(shape) + " and " + Arrays.toString(s) + " differ outside axis " + axis);
        }
      }
      total += inputs[k].size();
    }
    float[] r = new float[total];
    io.kerasj.internal.Strided.join(inputs, outer, r);
    int[] out = shape.clone();
    out[a] = 0;
    for (Tensor t : inputs) {
      out[a] += t.dim(a);
    }
    Mask m = null;
    if (a == rank - 1) {
      for (Mask k : masks) {
        m = Mask.and(m, k);
      }
    } else if (Arrays.stream(masks).anyMatch(x -> x != null)) {
      throw new io.kerasj.UnsupportedFeatureException("layer " + Messages.quote(name())
          + ": concatenating masked inputs along the time axis is not supported");
    }
    return new Output(new Tensor[] {Tensor.of(r, out)}, new Mask[] {m});
  }
}
