package io.kerasj.layers.attention;

import io.kerasj.internal.vectorization.FastMath;
import io.kerasj.internal.vectorization.Kernels;

/**
 * The softmax of one row of attention scores with masked positions, exactly as one Keras code path
 * computes it. The paths differ in what a masked score becomes (which matters for a row with every
 * position masked — a padded query — where it decides the output) and in whether masked
 * probabilities are zeroed afterwards:
 *
 * <ul>
 *   <li>{@link #SUBTRACT}: {@code score − 1e9} (Keras 3 and tf-keras {@code Attention}; tf-keras'
 *       {@code Softmax} layer adds {@code −1e9}, the same float);
 *   <li>{@link #KERAS3_LAYER}: Keras 3's {@code Softmax} layer: the score becomes {@code −1e9}, and
 *       masked probabilities are set to 0 afterwards (a fully masked row is all zeros);
 *   <li>{@link #KERAS3_FUSED}: Keras 3's {@code ops.dot_product_attention} on TensorFlow: the score
 *       becomes {@code −0.7 · 3.38953e38}, nothing zeroed (a fully masked row is uniform);
 *   <li>{@link #ROBUST}: tf-keras' {@code Softmax(robust_masking=True)}: the score becomes {@code −1e9}.
 * </ul>
 *
 * <p>A softmax over several axes ({@code MultiHeadAttention(attention_axes=(1, 2))}) is Keras'
 * {@code exp(x − logsumexp(x))}, whose float rounding differs from the one-axis form: a fully masked
 * row under {@link #SUBTRACT} comes out all ones there.
 */
enum MaskedSoftmax {
  SUBTRACT(Float.NaN, false),
  KERAS3_LAYER(-1e9f, true),
  KERAS3_FUSED((float) (3.38953e38 * -0.7), false),
  ROBUST(-1e9f, false);

  private static final float BIG = 1e9f;

  private final float fill; // the masked score, or NaN for score − 1e9
  private final boolean zeroMasked;

  MaskedSoftmax(float fill, boolean zeroMasked) {
    this.fill = fill;
    this.zeroMasked = zeroMasked;
  }

  /**
   * Normalizes {@code s[off, off + len)}, the scores of query {@code i} of batch item {@code b}
   * (head {@code h}) against keys {@code 0 … len−1}; {@code mask} may be null (nothing masked).
   * {@code scratch} and {@code keptAt} hold {@code len} values each (used with a mask): the kept
   * scores and their positions, so that the mask is asked once per score.
   */
  void apply(float[] s, int off, int len, ScoreMask mask, int b, int h, int i, boolean logSumExp,
             float[] scratch, int[] keptAt) {
    if (mask == null) {
      normalize(s, off, len, logSumExp);
      return;
    }
    boolean subtract = Float.isNaN(fill);
    int kept = 0;
    float keptMax = Float.NEGATIVE_INFINITY;
    float maskedMax = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      if (mask.keep(b, h, i, j)) {
        keptAt[kept] = j;
        scratch[kept++] = s[off + j];
        keptMax = Math.max(keptMax, s[off + j]);
      } else {
        s[off + j] = subtract ? s[off + j] - BIG : fill;
        maskedMax = Math.max(maskedMax, s[off + j]);
      }
    }
    if (kept > 0 && kept < len && maskedMax - keptMax <= FastMath.EXP_LO) {
      // exp(masked − max) is below the exponential's clamp: exactly 0, but computing it would
      // produce subnormal intermediates, each a slow microcode assist on x86 (a padded tail or a
      // causal mask makes them a large share of the row). Only the kept scores are normalized.
      normalize(scratch, 0, kept, logSumExp);
      java.util.Arrays.fill(s, off, off + len, 0f);
      for (int k = 0; k < kept; k++) {
        s[off + keptAt[k]] = scratch[k];
      }
      return;
    }
    normalize(s, off, len, logSumExp);
    if (zeroMasked) {
      for (int j = 0, k = 0; j < len; j++) {
        if (k < kept && keptAt[k] == j) {
          k++;
        } else {
          s[off + j] = 0f;
        }
      }
    }
  }

  private static void normalize(float[] s, int off, int len, boolean logSumExp) {
    if (logSumExp) {
      Kernels.logSumExpSoftmax(s, off, len);
    } else {
      Kernels.softmax(s, off, len);
    }
  }
}
