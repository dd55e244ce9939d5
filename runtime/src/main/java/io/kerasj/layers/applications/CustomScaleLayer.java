package io.kerasj.layers.applications;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * The {@code CustomScaleLayer} that {@code keras.applications.inception_resnet_v2} defines: the
 * residual connection {@code inputs[0] + inputs[1] · scale} of two tensors of one shape, in float32
 * (the product rounded, then the sum).
 */
public final class CustomScaleLayer extends Layer {
  private final float scale;

  /** @param scale the residual branch's factor (Keras' {@code scale}) */
  public CustomScaleLayer(String name, float scale) {
    super(name);
    this.scale = scale;
  }

  /** The residual branch's factor. */
  public float scale() {
    return scale;
  }

  @Override
  public String kerasClass() {
    return "CustomScaleLayer";
  }

  @Override
  public int inputCount() {
    return 2;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    if (inputShapes[0].length != inputShapes[1].length) {
      throw mismatch(inputShapes[0], inputShapes[1]);
    }
    int[] r = inputShapes[0].clone();
    for (int i = 0; i < r.length; i++) {
      int a = inputShapes[0][i];
      int b = inputShapes[1][i];
      if (a >= 0 && b >= 0 && a != b) {
        throw mismatch(inputShapes[0], inputShapes[1]);
      }
      r[i] = a >= 0 ? a : b;
    }
    return new int[][] {r};
  }

  private InvalidInputException mismatch(int[] a, int[] b) {
    return new InvalidInputException("layer " + Messages.quote(name()) + " (CustomScaleLayer): expected two inputs "
        + "of one shape, got " + Arrays.toString(a) + " and " + Arrays.toString(b));
  }

  @Override
  public Tensor call(Tensor input) {
    throw new InvalidInputException("layer " + Messages.quote(name()) + " (CustomScaleLayer) takes 2 inputs, got 1");
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor x = inputs[0];
    Tensor r = inputs[1];
    if (!Arrays.equals(x.shape(), r.shape())) {
      throw mismatch(x.shape(), r.shape());
    }
    float[] a = x.data();
    float[] b = r.data();
    float[] out = Buffers.floats(a.length);
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i] * scale;
    }
    return new Output(new Tensor[] {Tensor.of(out, x.shape())}, new Mask[] {null});
  }
}
