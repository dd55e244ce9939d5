package io.kerasj.layers.normalization;

import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

/**
 * Keras' {@code SpectralNormalization} wrapper at inference: the wrapped layer's output, computed
 * with its kernel as stored. Both Kerases ({@code keras/src/layers/normalization/
 * spectral_normalization.py} and tf-keras') divide the kernel by its spectral norm, estimated by
 * power iteration from {@code vector_u}, only when called with {@code training=True}, and then
 * write the normalized kernel back into the wrapped layer's variable: the kernel in the file is
 * already the one inference uses, and {@code vector_u} is read by training alone. The wrapper passes
 * no mask on (Keras' {@code Wrapper} does not support masking).
 */
public final class SpectralNormalization extends Layer {
  private final Layer layer;
  private final int powerIterations;
  private final int vectorU;

  /**
   * @param layer the wrapped layer, built with the weights in the file
   * @param powerIterations Keras' {@code power_iterations} (training only; kept for the record)
   * @param vectorUSize the length of Keras' non-trainable {@code vector_u}, counted as a parameter
   */
  public SpectralNormalization(String name, Layer layer, int powerIterations, int vectorUSize) {
    super(name);
    if (layer == null) {
      throw new IllegalArgumentException("layer " + io.kerasj.Messages.quote(name) + ": no wrapped layer");
    }
    Checks.positive(name, "power_iterations", powerIterations);
    Checks.positive(name, "vector_u size", vectorUSize);
    this.layer = layer;
    this.powerIterations = powerIterations;
    this.vectorU = vectorUSize;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  /** Keras' {@code power_iterations}, which only training uses. */
  public int powerIterations() {
    return powerIterations;
  }

  @Override
  public String kerasClass() {
    return "SpectralNormalization";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return layer.outputShape(inputShape);
  }

  @Override
  public long trainableParams() {
    return layer.trainableParams();
  }

  @Override
  public long nonTrainableParams() {
    return layer.nonTrainableParams() + vectorU;
  }

  @Override
  public Tensor call(Tensor x) {
    return layer.call(x);
  }
}
