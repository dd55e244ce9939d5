package io.kerasj.layers;

import io.kerasj.Tensor;

/**
 * Keras {@code ReLU} layer with {@code max_value}, {@code negative_slope} and {@code threshold},
 * following Keras' own composition (identical in Keras 2 {@code backend.relu} and Keras 3
 * {@code ReLU.static_call}):
 * <ul>
 *   <li>slope ≠ 0, no max, threshold 0: leaky ReLU, {@code x > 0 ? x : slope·x};</li>
 *   <li>otherwise {@code y = x > threshold ? x : 0} (plain ReLU when threshold is 0), clipped to
 *       {@code [0, max_value]} if set, then {@code y −= slope · relu(threshold − x)}.</li>
 * </ul>
 * So below the threshold the output is {@code slope · (x − threshold)}, and at it exactly 0.
 * Arithmetic is float32, step by step, as TensorFlow does it.
 */
public final class ReLU extends Layer {
  private final Float maxValue;
  private final float slope;
  private final float threshold;

  /**
   * @param maxValue saturation value, or {@code null} for none
   * @param negativeSlope slope below the threshold
   * @param threshold values at or below it are damped
   */
  public ReLU(String name, Float maxValue, float negativeSlope, float threshold) {
    super(name);
    this.maxValue = maxValue;
    this.slope = negativeSlope;
    this.threshold = threshold;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public String kerasClass() {
    return "ReLU";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor call(Tensor x) {
    float[] in = x.data();
    float[] out = new float[in.length];
    if (slope != 0f && maxValue == null && threshold == 0f) {
      for (int i = 0; i < in.length; i++) {
        float v = in[i];
        out[i] = v > 0f ? v : slope * v;
      }
      return Tensor.of(out, x.shape());
    }
    boolean clip = maxValue != null;
    float max = clip ? maxValue : 0f;
    for (int i = 0; i < in.length; i++) {
      float v = in[i];
      float y = v > threshold ? v : 0f;
      if (clip) {
        y = Math.min(Math.max(y, 0f), max);
      }
      if (slope != 0f) {
        float neg = Math.max(-v + threshold, 0f);
        y -= slope * neg;
      }
      out[i] = y;
    }
    return Tensor.of(out, x.shape());
  }
}
