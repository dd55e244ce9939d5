package io.kerasj.layers.applications;

import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;

/**
 * The {@code LayerScale} layer that {@code keras.applications.convnext} defines (CaiT's layer
 * scale): {@code x · gamma}, one trainable factor per channel of the last axis ({@code
 * projection_dim} of them), in float32.
 */
public final class LayerScale extends Layer {
  private final float[] gamma;

  /** @param gamma one factor per channel of the last axis ({@code projection_dim} values) */
  public LayerScale(String name, float[] gamma) {
    super(name);
    if (gamma == null || gamma.length == 0) {
      throw new io.kerasj.ShapeMismatchException("layer " + io.kerasj.Messages.quote(name)
          + ": weight 'gamma' is missing or empty");
    }
    this.gamma = gamma.clone();
  }

  @Override
  public String kerasClass() {
    return "LayerScale";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return gamma.length;
  }

  @Override
  public Tensor call(Tensor x) {
    int n = gamma.length;
    Checks.lastDim(name(), x, 2, n);
    float[] in = x.data();
    float[] out = Buffers.floats(in.length);
    for (int o = 0; o < in.length; o += n) {
      for (int c = 0; c < n; c++) {
        out[o + c] = in[o + c] * gamma[c];
      }
    }
    return Tensor.of(out, x.shape());
  }
}
