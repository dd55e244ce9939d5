package io.kerasj.layers;

import java.util.Locale;

/**
 * How a 1-D window (a convolution kernel or a pooling window) is placed along the time axis, with
 * TensorFlow's rules: {@code SAME} puts the odd extra zero on the right, {@code CAUSAL} pads only
 * on the left so that output step {@code t} sees inputs {@code ≤ t}.
 */
public enum Padding {
  /** No padding: only windows that fit entirely in the input. */
  VALID,
  /** TF SAME: {@code ⌈L/s⌉} outputs, padding split with the extra element on the right. */
  SAME,
  /** Left padding of {@code (k−1)·d}, then {@code VALID} (Conv1D only). */
  CAUSAL;

  /** The padding a Keras config names ({@code "valid"}, {@code "same"}, {@code "causal"}), or null if unknown. */
  public static Padding forKerasName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "valid":
        return VALID;
      case "same":
        return SAME;
      case "causal":
        return CAUSAL;
      default:
        return null;
    }
  }

  /**
   * Number of output steps for an input of {@code length} steps ({@code -1} = unknown, giving -1).
   *
   * @param span the window's extent, {@code (k−1)·d + 1}
   */
  public int outputLength(int length, int span, int stride) {
    if (length < 0) {
      return -1;
    }
    switch (this) {
      case VALID:
        return length >= span ? (length - span) / stride + 1 : 0;
      case SAME:
      case CAUSAL:
        // Causal pads span-1 zeros on the left: (L + span - 1 - span)/s + 1 = ceil(L/s).
        return length == 0 ? 0 : (length + stride - 1) / stride;
      default:
        throw new AssertionError(this);
    }
  }

  /** Zeros (or ignored positions) added before the first input step. */
  public int padLeft(int length, int span, int stride) {
    switch (this) {
      case VALID:
        return 0;
      case CAUSAL:
        return span - 1;
      case SAME: {
        int out = outputLength(length, span, stride);
        int total = Math.max((out - 1) * stride + span - length, 0);
        return total / 2;
      }
      default:
        throw new AssertionError(this);
    }
  }
}
