package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;

/**
 * An operation recorded as a node of a Functional graph: a Keras 3 op ({@code x + y}, {@code
 * ops.mean(x, axis=1)}) or a tf-keras {@code TFOpLambda} / {@code SlicingOpLambda}. It has no
 * weights; its inputs are the tensors of the recorded call, in the order the loader lists them,
 * and the call's constants are part of the op. Ops drop masks, as Keras 3 and tf-keras do.
 */
public abstract class Op extends Layer {
  private final String kerasClass;
  private final int inputs;

  /**
   * @param kerasClass the class the file names ({@code "Add"}, {@code "TFOpLambda"}), shown by {@code summary()}
   * @param inputs the number of tensor inputs
   */
  protected Op(String name, String kerasClass, int inputs) {
    super(name);
    this.kerasClass = kerasClass;
    this.inputs = inputs;
  }

  @Override
  public final String kerasClass() {
    return kerasClass;
  }

  @Override
  public final int inputCount() {
    return inputs;
  }

  /** The output's shape for inputs of these shapes ({@code -1} = unknown). */
  protected abstract int[] shape(int[][] inputShapes);

  /** Computes the output from the inputs. */
  protected abstract Tensor compute(Tensor[] inputs);

  /**
   * The shapes of every output, for ops with several ({@code split}, {@code top_k}); by default
   * the one of {@link #shape}.
   */
  protected int[][] shapes(int[][] inputShapes) {
    return new int[][] {shape(inputShapes)};
  }

  /** Computes every output, for ops with several; by default the one of {@link #compute}. */
  protected Tensor[] computeAll(Tensor[] inputs) {
    return new Tensor[] {compute(inputs)};
  }

  @Override
  public final int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return shapes(inputShapes);
  }

  @Override
  public final int[] outputShape(int[] inputShape) {
    return outputShapes(new int[][] {inputShape})[0];
  }

  @Override
  public final Tensor call(Tensor input) {
    requireInputs(1);
    return compute(new Tensor[] {input});
  }

  @Override
  public final Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor[] out = computeAll(inputs);
    return new Output(out, new Mask[out.length]);
  }

  /** "layer 'name' (Class)", the start of this op's messages. */
  protected final String who() {
    return "layer " + Messages.quote(name()) + " (" + kerasClass + ")";
  }

  /** The axis {@code axis} (negative counts from the end) of a tensor of rank {@code rank}, checked. */
  protected final int axis(int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new InvalidInputException(who() + ": axis " + axis + " is out of range for an input of rank " + rank);
    }
    return a;
  }

  /**
   * The axes {@code axes} (negative count from the end; {@code null} = every axis) of a tensor of
   * rank {@code rank}, resolved, checked and in ascending order.
   */
  protected final int[] axes(int[] axes, int rank) {
    int[] r = new int[axes == null ? rank : axes.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = axes == null ? i : axis(axes[i], rank);
    }
    java.util.Arrays.sort(r);
    for (int i = 1; i < r.length; i++) {
      if (r[i] == r[i - 1]) {
        throw new InvalidInputException(who() + ": axes " + java.util.Arrays.toString(axes) + " name axis " + r[i]
            + " twice");
      }
    }
    return r;
  }

  /** The number of elements of a shape, or -1 when a dimension is unknown. */
  protected static long size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        return -1;
      }
      n *= d;
    }
    return n;
  }
}
