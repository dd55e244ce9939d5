package io.kerasj.layers;

import io.kerasj.Mask;
import io.kerasj.Model;
import io.kerasj.Tensor;

/** A model used as a layer of another (a {@code Sequential} inside a {@code Functional}, say). */
public final class ModelLayer extends Layer {
  private final Model model;

  /** Wraps {@code model}; the layer takes the model's name. */
  public ModelLayer(Model model) {
    super(model.name());
    this.model = model;
  }

  /** The nested model. */
  public Model model() {
    return model;
  }

  @Override
  public String kerasClass() {
    return model.kerasClass();
  }

  @Override
  public int inputCount() {
    return model.inputCount();
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return model.outputShape();
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    int[][] r = new int[model.outputCount()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = model.outputShape(i);
      if (r[i].length > 0 && inputShapes.length > 0 && inputShapes[0].length > 0) {
        r[i][0] = inputShapes[0][0];
      }
    }
    return r;
  }

  @Override
  public long trainableParams() {
    return model.trainableParams();
  }

  @Override
  public long nonTrainableParams() {
    return model.nonTrainableParams();
  }

  @Override
  public boolean isStateful() {
    return true;
  }

  @Override
  public boolean isKerasStateful() {
    return model.isKerasStateful();
  }

  @Override
  public boolean isStreamable() {
    return model.isStreamable();
  }

  @Override
  public Tensor call(Tensor x) {
    return model.predict(x);
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    return model.run(inputs, masks, state);
  }
}
