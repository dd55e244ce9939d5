package io.kerasj.layers.activations;

import io.kerasj.layers.ElementwiseLayer;

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
 * Without slope and threshold it is TensorFlow's {@code relu} / {@code relu6}, which keep NaN.
 * Arithmetic is float32, step by step, as TensorFlow does it.
 */
public final class ReLU extends ElementwiseLayer {
  private final float slope;
  private final float threshold;
  private final boolean clip;
  private final float max;
  // Keras' own shortcut for plain leaky ReLU; kept because it differs from the general path in
  // the sign of a zero result (slope·-0 is -0).
  private final boolean leaky;

  /**
   * @param maxValue saturation value, or {@code null} for none
   * @param negativeSlope slope below the threshold
   * @param threshold values at or below it are damped
   */
  public ReLU(String name, Float maxValue, float negativeSlope, float threshold) {
    super(name);
    this.slope = negativeSlope;
    this.threshold = threshold;
    this.clip = maxValue != null;
    this.max = clip ? maxValue : 0f;
    this.leaky = negativeSlope != 0f && !clip && threshold == 0f;
  }

  @Override
  public String kerasClass() {
    return "ReLU";
  }

  @Override
  protected float apply(float v) {
    if (leaky) {
      return v > 0f ? v : slope * v;
    }
    if (slope == 0f && threshold == 0f) {
      // relu / relu6 as TensorFlow runs them: NaN stays NaN (Math.max and min keep it).
      float y = Math.max(v, 0f);
      return clip ? Math.min(y, max) : y;
    }
    float y = v > threshold ? v : 0f;
    if (clip) {
      y = Math.min(Math.max(y, 0f), max);
    }
    if (slope != 0f) {
      float neg = Math.max(-v + threshold, 0f);
      y -= slope * neg;
    }
    return y;
  }

  // The same function with the options' branches taken once per call, each loop free of calls so
  // that the JIT compiles it to vector or branch-free code.
  @Override
  protected void apply(float[] in, float[] out, int from, int to) {
    if (leaky && slope > 0f && slope <= 1f) {
      LeakyReLU.leaky(in, out, from, to, slope);
    } else if (leaky) {
      final float s = slope;
      for (int i = from; i < to; i++) {
        float v = in[i];
        out[i] = v > 0f ? v : s * v;
      }
    } else if (slope == 0f && threshold == 0f) {
      if (clip) {
        final float m = max;
        for (int i = from; i < to; i++) {
          out[i] = Math.min(Math.max(in[i], 0f), m);
        }
      } else {
        for (int i = from; i < to; i++) {
          out[i] = Math.max(in[i], 0f);
        }
      }
    } else {
      super.apply(in, out, from, to);
    }
  }
}
