package io.kerasj.layers.attention;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import java.util.Arrays;

/**
 * Which attention scores of one call are kept, as Keras combines it from the inputs' masks: a
 * query mask (a padded query position attends to nothing), value and key masks (a padded key
 * position is attended by nothing), the causal mask (position {@code i} attends to {@code j ≤ i}),
 * and an explicit {@code attention_mask} tensor, non-zero where kept, broadcast right-aligned to
 * {@code (batch, Tq, Tk)}. All are ANDed.
 */
final class ScoreMask {
  private final Mask query;
  private final Mask value;
  private final Mask key;
  private final boolean causal;
  private final int window; // sliding_window: |i − j| < window kept; 0: none
  private final float[] explicit;
  private final boolean half; // an explicit value keeps its score when > 0.5 (Keras' Softmax on a non-bool mask), else when ≠ 0
  private final int sb;
  private final int si;
  private final int sj;

  private ScoreMask(Mask query, Mask value, Mask key, boolean causal, int window, float[] explicit, boolean half,
                    int sb, int si, int sj) {
    this.window = window;
    this.half = half;
    this.query = query;
    this.value = value;
    this.key = key;
    this.causal = causal;
    this.explicit = explicit;
    this.sb = sb;
    this.si = si;
    this.sj = sj;
  }

  /**
   * The combined mask for scores of shape {@code (batch, tq, tk)}, or {@code null} when every
   * score is kept.
   *
   * @param attentionMask an explicit mask of rank ≤ 3, or {@code null}
   * @throws InvalidInputException if a mask does not fit the scores' shape
   */
  static ScoreMask of(String layer, int batch, int tq, int tk, Mask query, Mask value, Mask key, boolean causal,
                      Tensor attentionMask) {
    return of(layer, batch, tq, tk, query, value, key, causal, 0, attentionMask, false);
  }

  /**
   * {@link #of(String, int, int, int, Mask, Mask, Mask, boolean, Tensor)} with Keras 3's {@code
   * sliding_window} ({@code window > 0}: query {@code i} attends key {@code j} only where {@code |i
   * − j| < window}, a symmetric band), and where with {@code half} an explicit mask keeps a score
   * where its value is {@code > 0.5} (what Keras 3's {@code Softmax} layer does with a mask that is
   * not boolean), not where it is non-zero (the cast to bool).
   */
  static ScoreMask of(String layer, int batch, int tq, int tk, Mask query, Mask value, Mask key, boolean causal,
                      int window, Tensor attentionMask, boolean half) {
    check(layer, "query", query, batch, tq);
    check(layer, "value", value, batch, tk);
    check(layer, "key", key, batch, tk);
    if (query == null && value == null && key == null && !causal && window <= 0 && attentionMask == null) {
      return null;
    }
    float[] ex = null;
    int sb = 0;
    int si = 0;
    int sj = 0;
    if (attentionMask != null) {
      int[] s = attentionMask.shape();
      int[] want = {batch, tq, tk};
      if (s.length > 3) {
        throw badMask(layer, s, want);
      }
      int[] strides = new int[3];
      int stride = 1;
      for (int d = s.length - 1; d >= 0; d--) {
        int at = 3 - (s.length - d);
        if (s[d] != 1 && s[d] != want[at]) {
          throw badMask(layer, s, want);
        }
        strides[at] = s[d] == 1 ? 0 : stride;
        stride *= s[d];
      }
      ex = attentionMask.data();
      sb = strides[0];
      si = strides[1];
      sj = strides[2];
    }
    return new ScoreMask(query, value, key, causal, Math.max(window, 0), ex, half, sb, si, sj);
  }

  private static InvalidInputException badMask(String layer, int[] s, int[] want) {
    return new InvalidInputException("layer " + Messages.quote(layer) + ": attention_mask of shape "
        + Arrays.toString(s) + " does not broadcast to the scores' (batch, Tq, Tk) = " + Arrays.toString(want));
  }

  private static void check(String layer, String which, Mask m, int batch, int steps) {
    if (m != null && (m.batch() != batch || m.steps() != steps)) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": the " + which + " mask has shape ("
          + m.batch() + ", " + m.steps() + "), the " + which + " (" + batch + ", " + steps + ", …)");
    }
  }

  /** Whether score {@code (b, i, j)} is kept. */
  boolean keep(int b, int i, int j) {
    return (query == null || query.keep(b, i))
        && (value == null || value.keep(b, j))
        && (key == null || key.keep(b, j))
        && (!causal || j <= i)
        && (window == 0 || Math.abs(i - j) < window)
        && (explicit == null || kept(explicit[b * sb + i * si + j * sj]));
  }

  private boolean kept(float m) {
    return half ? m > 0.5f : m != 0f;
  }
}
