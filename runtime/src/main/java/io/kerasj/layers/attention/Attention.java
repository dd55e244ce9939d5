package io.kerasj.layers.attention;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.attention.Operands;
import io.kerasj.internal.attention.Products;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras {@code Attention} (Luong) and {@code AdditiveAttention} (Bahdanau) on {@code [query, value]}
 * or {@code [query, value, key]} ({@code key} defaults to {@code value}), each {@code (batch, T,
 * dim)} (any number of leading batch axes): scores {@code (batch, Tq, Tv)}, their softmax over the
 * values, and the weighted sum of the values.
 *
 * <p>Scores: {@link Score#DOT} {@code q·k} (times {@code scale} with {@code use_scale}); {@link
 * Score#CONCAT} {@code concat_score_weight · Σ tanh(scale·(q + k))}; {@link Score#ADDITIVE}
 * {@code Σ scale[d] · tanh(q + k)[d]} ({@code AdditiveAttention}; without {@code use_scale},
 * {@code Σ tanh(q + k)}). The value's mask and the causal mask ({@code use_causal_mask}) take
 * {@code 1e9} off masked scores; the query's mask zeroes the output at padded queries and is the
 * output's mask. The key's mask is not used (as in Keras). With {@code return_attention_scores} a
 * second output holds the probabilities.
 */
public final class Attention extends Layer {
  /** How a (query, key) pair is scored. */
  public enum Score {
    /** {@code Attention(score_mode="dot")}. */
    DOT,
    /** {@code Attention(score_mode="concat")}. */
    CONCAT,
    /** {@code AdditiveAttention}. */
    ADDITIVE
  }

  private final Score score;
  private final float[] scale; // null without use_scale; one value, or (dim) for ADDITIVE
  private final float concatWeight;
  private final int inputs;
  private final boolean causal;
  private final boolean returnScores;

  /**
   * @param scale {@code scale}: one value for {@link Score#DOT} and {@link Score#CONCAT}, {@code
   *     (dim)} for {@link Score#ADDITIVE}; {@code null} without {@code use_scale}
   * @param concatWeight {@code concat_score_weight} ({@link Score#CONCAT} only)
   * @param inputs 2 ({@code [query, value]}) or 3 ({@code [query, value, key]})
   * @param causal {@code use_causal_mask=True} in the call
   * @param returnScores {@code return_attention_scores=True} in the call
   */
  public Attention(String name, Score score, float[] scale, float concatWeight, int inputs, boolean causal,
                   boolean returnScores) {
    super(name);
    if (inputs != 2 && inputs != 3) {
      throw new InvalidInputException("layer " + Messages.quote(name) + " takes [query, value] or [query, value, key],"
          + " not " + inputs + " inputs");
    }
    this.score = score;
    this.scale = scale == null ? null : scale.clone();
    this.concatWeight = concatWeight;
    this.inputs = inputs;
    this.causal = causal;
    this.returnScores = returnScores;
  }

  @Override
  public String kerasClass() {
    return score == Score.ADDITIVE ? "AdditiveAttention" : "Attention";
  }

  @Override
  public int inputCount() {
    return inputs;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public boolean isStreamable() {
    return false;
  }

  @Override
  public long trainableParams() {
    return (scale == null ? 0 : scale.length) + (score == Score.CONCAT ? 1 : 0);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return outputShapes(new int[][] {inputShape, inputShape})[0];
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    int[] q = inputShapes[0];
    int[] v = inputShapes[1];
    int[] k = inputs == 3 ? inputShapes[2] : v;
    int[] out = q.clone();
    out[out.length - 1] = v[v.length - 1];
    if (!returnScores) {
      return new int[][] {out};
    }
    int[] s = q.clone();
    s[s.length - 1] = k[k.length - 2];
    return new int[][] {out, s};
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x, x}, new Mask[2], null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] in, Mask[] masks, LayerState state) {
    requireInputs(in.length);
    Tensor q = in[0];
    Tensor v = in[1];
    Tensor k = inputs == 3 ? in[2] : v;
    int rank = q.rank();
    if (rank < 3 || v.rank() != rank || k.rank() != rank) {
      throw shapes(q, v, k, "query, value and key must have the same rank ≥ 3");
    }
    int tq = q.dim(-2);
    int tv = v.dim(-2);
    int dim = q.dim(-1);
    int dv = v.dim(-1);
    int batch = 1;
    for (int d : lead(q)) {
      batch *= d;
    }
    if (k.dim(-2) != tv || k.dim(-1) != dim || !Arrays.equals(lead(q), lead(v)) || !Arrays.equals(lead(q), lead(k))) {
      throw shapes(q, v, k, "the key must be (…, Tv, dim) with the query's dim and the value's Tv, and all three "
          + "the same leading axes");
    }
    if (scale != null && score == Score.ADDITIVE && scale.length != dim) {
      throw shapes(q, v, k, "scale has " + scale.length + " values for a query of dim " + dim);
    }
    Mask qMask = masks == null ? null : masks[0];
    Mask vMask = masks == null ? null : masks[1];
    ScoreMask mask = vMask != null || causal ? ScoreMask.of(name(), batch, tq, tv, null, vMask, null, causal, null)
        : null;
    if (qMask != null && (qMask.batch() != batch || qMask.steps() != tq)) {
      throw shapes(q, v, k, "the query's mask has shape (" + qMask.batch() + ", " + qMask.steps() + ")");
    }
    float[] out = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, tq), dv));
    float[] probs = returnScores ? Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, tq), tv)) : null;
    float[] s = Buffers.floats(Math.max(1, tq * tv));
    Operands ops = Operands.get();
    float[] scratch = mask == null ? null : ops.rowScratch(tv);
    int[] keptAt = mask == null ? null : ops.rowIndex(tv);
    float[] row = score == Score.DOT ? null : Buffers.floats(Math.max(1, dim));
    for (int b = 0; b < batch; b++) {
      int qOff = b * tq * dim;
      int kOff = b * tv * dim;
      if (score == Score.DOT) {
        Products.scores(q.data(), qOff, dim, tq, k.data(), kOff, dim, ops.get(dim, tv), s, 0);
        if (scale != null) {
          for (int i = 0; i < tq * tv; i++) {
            s[i] *= scale[0];
          }
        }
      } else {
        tanhScores(q.data(), qOff, k.data(), kOff, tq, tv, dim, row, s);
      }
      for (int i = 0; i < tq; i++) {
        MaskedSoftmax.SUBTRACT.apply(s, i * tv, tv, mask, b, 0, i, false, scratch, keptAt);
      }
      if (probs != null) {
        System.arraycopy(s, 0, probs, b * tq * tv, tq * tv);
      }
      Products.combine(s, 0, tq, v.data(), b * tv * dv, dv, ops.get(tv, dv), out, b * tq * dv, dv);
      if (qMask != null) {
        for (int i = 0; i < tq; i++) {
          if (!qMask.keep(b, i)) {
            Arrays.fill(out, (b * tq + i) * dv, (b * tq + i + 1) * dv, 0f);
          }
        }
      }
    }
    Buffers.release(row);
    Buffers.release(s);
    int[][] shapes = outputShapes(inputs == 3 ? new int[][] {q.shape(), v.shape(), k.shape()}
        : new int[][] {q.shape(), v.shape()});
    Tensor y = Tensor.of(out, shapes[0]);
    if (!returnScores) {
      return new Output(new Tensor[] {y}, new Mask[] {qMask});
    }
    return new Output(new Tensor[] {y, Tensor.of(probs, shapes[1])}, new Mask[] {qMask, null});
  }

  // CONCAT: w · Σ_d tanh(c·(q + k)); ADDITIVE: Σ_d c[d] · tanh(q + k)[d] (c = 1 without use_scale).
  private void tanhScores(float[] q, int qOff, float[] k, int kOff, int tq, int tv, int dim, float[] row, float[] s) {
    for (int i = 0; i < tq; i++) {
      for (int j = 0; j < tv; j++) {
        int qi = qOff + i * dim;
        int kj = kOff + j * dim;
        for (int d = 0; d < dim; d++) {
          float sum = q[qi + d] + k[kj + d];
          row[d] = score == Score.CONCAT && scale != null ? scale[0] * sum : sum;
        }
        Kernels.tanh(row, 0, dim);
        float acc = 0f;
        if (score == Score.ADDITIVE && scale != null) {
          for (int d = 0; d < dim; d++) {
            acc += scale[d] * row[d];
          }
        } else {
          for (int d = 0; d < dim; d++) {
            acc += row[d];
          }
        }
        s[i * tv + j] = score == Score.CONCAT ? concatWeight * acc : acc;
      }
    }
  }

  private static int[] lead(Tensor t) {
    return Arrays.copyOf(t.shape(), t.rank() - 2);
  }

  private InvalidInputException shapes(Tensor q, Tensor v, Tensor k, String why) {
    return new InvalidInputException("layer " + Messages.quote(name()) + ": " + why + "; got query "
        + Arrays.toString(q.shape()) + ", value " + Arrays.toString(v.shape()) + ", key " + Arrays.toString(k.shape()));
  }
}
