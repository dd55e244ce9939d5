package io.kerasj.layers.core;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;

/**
 * Keras {@code Embedding}: row {@code idx} of {@code embeddings (input_dim, output_dim)} for each
 * index of a {@code (batch, time)} input. Indices arrive as floats and are truncated toward zero,
 * as TensorFlow's cast does; an index outside {@code [0, input_dim)} is an input error (TensorFlow
 * raises on CPU). With {@code mask_zero}, index 0 is padding and masked.
 */
public final class Embedding extends Layer {
  private final int inputDim;
  private final int outputDim;
  private final float[] embeddings;
  private final boolean maskZero;

  /** @param embeddings {@code (inputDim, outputDim)} row-major */
  public Embedding(String name, int inputDim, int outputDim, float[] embeddings, boolean maskZero) {
    super(name);
    Checks.positive(name, "input_dim", inputDim);
    Checks.positive(name, "output_dim", outputDim);
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.embeddings = Checks.weight(name, "embeddings", embeddings, inputDim, outputDim).clone();
    this.maskZero = maskZero;
  }

  @Override
  public String kerasClass() {
    return "Embedding";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int[] r = new int[inputShape.length + 1];
    System.arraycopy(inputShape, 0, r, 0, inputShape.length);
    r[inputShape.length] = outputDim;
    return r;
  }

  @Override
  public long trainableParams() {
    return (long) inputDim * outputDim;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x}, new Mask[] {null}, null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor x = inputs[0];
    float[] idx = x.data();
    float[] out = io.kerasj.internal.Buffers.floats(Math.multiplyExact(idx.length, outputDim));
    boolean[] keep = new boolean[idx.length];
    for (int i = 0; i < idx.length; i++) {
      float v = idx[i];
      int k = (int) v;
      if (v != v || k < 0 || k >= inputDim) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": index " + v + " at position " + i
            + " is outside [0, " + inputDim + ")");
      }
      System.arraycopy(embeddings, k * outputDim, out, i * outputDim, outputDim);
      keep[i] = k != 0;
    }
    Mask mask = null;
    if (maskZero) {
      if (x.rank() != 2) {
        throw new InvalidInputException("layer " + Messages.quote(name())
            + ": mask_zero needs (batch, time) indices, got "
            + java.util.Arrays.toString(x.shape()));
      }
      mask = new Mask(x.dim(0), x.dim(1), keep);
    }
    return new Output(new Tensor[] {Tensor.of(out, outputShape(x.shape()))}, new Mask[] {mask});
  }
}
