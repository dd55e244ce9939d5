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
 *
 * <p>{@link #general} is Keras' rule for every other case (inputs of rank &gt; 3 attending over
 * several axes, an {@code attention_mask} with a heads axis): the masks are ANDed with numpy
 * broadcasting, then the result gets size-1 axes inserted before its last {@code 2·n} axes ({@code
 * n} attention axes) until it has the scores' rank, and is broadcast to the scores {@code (batch
 * axes…, heads, query attention axes…, key attention axes…)}. It is materialized once per call.
 */
abstract class ScoreMask {
  /** Whether score {@code (b, h, i, j)} is kept (b, i, j: flat indices over their axes). */
  abstract boolean keep(int b, int h, int i, int j);

  /** Returns what the mask holds from the workspace. */
  void release() {}

  /** Sequence scores {@code (batch, Tq, Tk)}: the masks as they come, looked up per score. */
  private static final class Sequences extends ScoreMask {
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

    Sequences(Mask query, Mask value, Mask key, boolean causal, int window, float[] explicit, boolean half, int sb,
              int si, int sj) {
      this.query = query;
      this.value = value;
      this.key = key;
      this.causal = causal;
      this.window = window;
      this.explicit = explicit;
      this.half = half;
      this.sb = sb;
      this.si = si;
      this.sj = sj;
    }

    @Override
    boolean keep(int b, int h, int i, int j) {
      return (query == null || query.keep(b, i))
          && (value == null || value.keep(b, j))
          && (key == null || key.keep(b, j))
          && (!causal || j <= i)
          && (window == 0 || Math.abs(i - j) < window)
          && (explicit == null || kept(explicit[b * sb + i * si + j * sj], half));
    }
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
    return new Sequences(query, value, key, causal, Math.max(window, 0), ex, half, sb, si, sj);
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

  /** An explicit mask's value keeps its score: when {@code > 0.5} with {@code half}, else when non-zero. */
  static boolean kept(float m, boolean half) {
    return half ? m > 0.5f : m != 0f;
  }

  /**
   * Keras' combined mask for scores of shape {@code scores} = {@code (batch axes…, heads, query
   * attention axes…, key attention axes…)} with {@code n} attention axes: the query mask {@code
   * (B, T, 1)}, value and key masks {@code (B, 1, S)}, the causal mask {@code (1, T, S)} ({@code T},
   * {@code S}: axis 1 of the query and of the value), Keras 3's sliding window {@code (1, T, S)}
   * ({@code |i − j| < window}; 0 for none), and {@code attentionMask}, ANDed with numpy
   * broadcasting, expanded before the last {@code 2·n} axes to the scores' rank and broadcast to
   * them. Call {@link #release} when done.
   *
   * @throws InvalidInputException where Keras' broadcasting or expansion fails
   */
  static ScoreMask general(String layer, int[] scores, int n, Mask query, Mask value, Mask key, boolean causal,
                           int window, int causalT, int causalS, Tensor attentionMask, boolean half) {
    int parts = (query == null ? 0 : 1) + (value == null ? 0 : 1) + (key == null ? 0 : 1) + (causal ? 1 : 0)
        + (window > 0 ? 1 : 0) + (attentionMask == null ? 0 : 1);
    if (parts == 0) {
      return null;
    }
    int[][] shapes = new int[parts][];
    int p = 0;
    if (attentionMask != null) {
      shapes[p++] = attentionMask.shape();
    }
    if (query != null) {
      shapes[p++] = new int[] {query.batch(), query.steps(), 1};
    }
    if (value != null) {
      shapes[p++] = new int[] {value.batch(), 1, value.steps()};
    }
    if (key != null) {
      shapes[p++] = new int[] {key.batch(), 1, key.steps()};
    }
    if (causal) {
      shapes[p++] = new int[] {1, causalT, causalS};
    }
    if (window > 0) {
      shapes[p++] = new int[] {1, causalT, causalS};
    }
    int rc = 0;
    for (int[] s : shapes) {
      rc = Math.max(rc, s.length);
    }
    int[] c = new int[rc];
    Arrays.fill(c, 1);
    for (int[] s : shapes) {
      for (int d = 0; d < s.length; d++) {
        int at = rc - s.length + d;
        if (s[d] != 1 && c[at] != 1 && s[d] != c[at]) {
          throw new InvalidInputException("layer " + Messages.quote(layer) + ": the attention masks do not broadcast "
              + "together: " + describe(shapes) + " (Keras ANDs them with numpy broadcasting)");
        }
        c[at] = Math.max(c[at], s[d]);
      }
    }
    int r = scores.length;
    int pos = rc - 2 * n;
    if (rc > r || (rc < r && pos < 0)) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": an attention mask of shape "
          + Arrays.toString(c) + " does not fit scores of shape " + Arrays.toString(scores));
    }
    int size = 1;
    for (int d : c) {
      size = Math.multiplyExact(size, d);
    }
    float[] all = io.kerasj.internal.Buffers.floatsToOverwrite(Math.max(1, size));
    int[] idx = new int[rc];
    float[] ex = attentionMask == null ? null : attentionMask.data();
    int[] exStrides = attentionMask == null ? null : strides(attentionMask.shape(), rc);
    for (int f = 0; f < size; f++) {
      // idx: the multi-index of f in c, right-aligned components read from its last 3 axes.
      int b = rc >= 3 ? idx[rc - 3] : 0;
      int t = rc >= 2 ? idx[rc - 2] : 0;
      int sIdx = idx[rc - 1];
      boolean keep = true;
      if (ex != null) {
        int o = 0;
        for (int d = 0; d < rc; d++) {
          o += idx[d] * exStrides[d];
        }
        keep = kept(ex[o], half);
      }
      keep &= query == null || query.keep(query.batch() == 1 ? 0 : b, query.steps() == 1 ? 0 : t);
      keep &= value == null || value.keep(value.batch() == 1 ? 0 : b, value.steps() == 1 ? 0 : sIdx);
      keep &= key == null || key.keep(key.batch() == 1 ? 0 : b, key.steps() == 1 ? 0 : sIdx);
      int row = causalT == 1 ? 0 : t;
      int col = causalS == 1 ? 0 : sIdx;
      keep &= !causal || col <= row;
      keep &= window == 0 || Math.abs(row - col) < window;
      all[f] = keep ? 1f : 0f;
      for (int d = rc - 1; d >= 0 && ++idx[d] == c[d]; d--) {
        idx[d] = 0;
      }
    }
    // The expanded shape and its strides over `all` (0 along size-1 axes).
    int[] m = new int[r];
    int[] cs = strides(c, rc);
    int[] ms = new int[r];
    Arrays.fill(m, 1);
    int ins = r - rc;
    for (int d = 0; d < rc; d++) {
      int at = d < pos ? d : d + ins;
      m[at] = c[d];
      ms[at] = cs[d];
    }
    for (int d = 0; d < r; d++) {
      if (m[d] != 1 && m[d] != scores[d]) {
        io.kerasj.internal.Buffers.release(all);
        throw new InvalidInputException("layer " + Messages.quote(layer) + ": the attention mask, expanded to "
            + Arrays.toString(m) + ", does not broadcast to the scores' shape " + Arrays.toString(scores));
      }
    }
    int nb = r - 1 - 2 * n;
    return new Broadcast(all, offsets(scores, ms, 0, nb), offsets(scores, ms, nb, nb + 1),
        offsets(scores, ms, nb + 1, nb + 1 + n), offsets(scores, ms, nb + 1 + n, r));
  }

  /** {@link #general}'s mask: materialized, with the offset of each flat batch / head / query / key index. */
  private static final class Broadcast extends ScoreMask {
    private float[] all;
    private final int[] offB;
    private final int[] offH;
    private final int[] offI;
    private final int[] offJ;

    Broadcast(float[] all, int[] offB, int[] offH, int[] offI, int[] offJ) {
      this.all = all;
      this.offB = offB;
      this.offH = offH;
      this.offI = offI;
      this.offJ = offJ;
    }

    @Override
    boolean keep(int b, int h, int i, int j) {
      return all[offB[b] + offH[h] + offI[i] + offJ[j]] != 0f;
    }

    @Override
    void release() {
      if (all != null) {
        io.kerasj.internal.Buffers.release(all);
        all = null;
      }
    }
  }

  // Row-major strides of `shape` right-aligned in `rank` axes, 0 along size-1 axes.
  private static int[] strides(int[] shape, int rank) {
    int[] st = new int[rank];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[rank - shape.length + d] = shape[d] == 1 ? 0 : stride;
      stride *= shape[d];
    }
    return st;
  }

  // For each flat index over axes [from, to) of `shape` (row-major), its offset with `strides`.
  private static int[] offsets(int[] shape, int[] strides, int from, int to) {
    int count = 1;
    for (int d = from; d < to; d++) {
      count *= shape[d];
    }
    int[] off = new int[count];
    int[] idx = new int[to - from];
    for (int f = 0; f < count; f++) {
      int o = 0;
      for (int d = from; d < to; d++) {
        o += idx[d - from] * strides[d];
      }
      off[f] = o;
      for (int d = to - 1; d >= from && ++idx[d - from] == shape[d]; d--) {
        idx[d - from] = 0;
      }
    }
    return off;
  }

  private static String describe(int[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (int[] s : shapes) {
      sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(s));
    }
    return sb.toString();
  }

}
