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

  @Override
  public final int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return new int[][] {shape(inputShapes)};
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
    return new Output(new Tensor[] {compute(inputs)}, new Mask[] {null});
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
}
