package io.kerasj.layers.rnn;

import io.kerasj.ShapeMismatchException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Checks;
import io.kerasj.layers.normalization.LayerNormalization;

/**
 * The layer-normalized simple RNN cell of Hands-On ML, chapter 15: a user-defined Keras cell,
 * rebuilt here only from public kerasj pieces, as a Java user would compose their own:
 *
 * <pre>
 * z = SimpleRNNCell(units, activation=None)(x, h)
 * h = activation(LayerNormalization()(z))      output = new state = h
 * </pre>
 */
public final class LNSimpleRNNCell extends RNNCell {
  private final SimpleRNNCell simpleRnnCell;
  private final LayerNormalization layerNorm;
  private final Activation activation;

  /**
   * @param simpleRnnCell the inner cell; build it with {@link Activation#LINEAR}
   * @param layerNorm normalizes the inner cell's output; its size must equal the units
   * @param activation applied after normalization (the notebook's default is {@code tanh})
   */
  public LNSimpleRNNCell(SimpleRNNCell simpleRnnCell, LayerNormalization layerNorm, Activation activation) {
    if (layerNorm.size() != simpleRnnCell.units()) {
      throw new ShapeMismatchException("LNSimpleRNNCell: layer_norm normalizes " + layerNorm.size()
          + " values but simple_rnn_cell has " + simpleRnnCell.units() + " units");
    }
    this.simpleRnnCell = simpleRnnCell;
    this.layerNorm = layerNorm;
    this.activation = Checks.sameWidth("LNSimpleRNNCell", "activation", activation);
  }

  @Override
  public int inputSize() {
    return simpleRnnCell.inputSize();
  }

  @Override
  public int outputSize() {
    return simpleRnnCell.units();
  }

  @Override
  public int[] stateSizes() {
    return new int[] {simpleRnnCell.units()};
  }

  @Override
  public long trainableParams() {
    return simpleRnnCell.trainableParams() + layerNorm.trainableParams();
  }

  @Override
  public int projectionSize() {
    return simpleRnnCell.projectionSize();
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    simpleRnnCell.projectInputs(x, xOff, rows, proj, projOff);
  }

  @Override
  public int scratchSize(int batch) {
    return simpleRnnCell.scratchSize(batch);
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] scratch, int scratchOff) {
    // The inner cell leaves its linear output in the state; normalize and activate it in place,
    // since this cell's output is also its new state.
    simpleRnnCell.step(proj, projOff, projStride, states, out, outOff, outStride, batch, scratch, scratchOff);
    float[] h = states[0];
    int u = simpleRnnCell.units();
    layerNorm.normalize(h, 0, batch);
    activation.apply(h, 0, batch, u);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * u, out, outOff + b * outStride, u);
    }
  }

  @Override
  public String kerasClass() {
    return "LNSimpleRNNCell";
  }
}
