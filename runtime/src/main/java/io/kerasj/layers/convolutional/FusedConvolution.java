package io.kerasj.layers.convolutional;

import io.kerasj.Tensor;
import io.kerasj.internal.Fusion;
import io.kerasj.layers.Layer;

/**
 * A convolution and the per-channel layers that follow it (batch normalization, activations), run
 * as one call by {@link io.kerasj.Model}: the followers' steps are applied to each output tile as
 * the convolution finishes it (see {@link Fusion}). It shares the convolution's weights; the
 * model's {@code layers()} still lists the original layers. Internal: created only by the model.
 */
final class FusedConvolution extends Layer {
  private final SpatialConv conv;
  private final Fusion.Step[] steps;
  private final Layer[] absorbed;

  FusedConvolution(SpatialConv conv, Fusion.Step[] steps, Layer[] absorbed) {
    super(conv.name());
    this.conv = conv;
    this.steps = steps;
    this.absorbed = absorbed;
  }

  @Override
  public String kerasClass() {
    return conv.kerasClass();
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return conv.outputShape(inputShape);
  }

  @Override
  public Tensor call(Tensor x) {
    return conv.call(x, steps);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(conv.name());
    for (Layer l : absorbed) {
      sb.append(" + ").append(l.name());
    }
    return sb.toString();
  }
}
