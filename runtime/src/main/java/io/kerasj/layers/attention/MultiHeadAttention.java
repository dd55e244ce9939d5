package io.kerasj.layers.attention;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Tiles;
import io.kerasj.internal.attention.Operands;
import io.kerasj.internal.attention.Products;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import io.kerasj.layers.core.EinsumDense;
import java.util.Arrays;

/**
 * Keras {@code MultiHeadAttention}: {@code query}, {@code key} and {@code value} projected per head
 * by {@link EinsumDense} layers ({@code (…, features) → (…, heads, dim)}), scaled dot-product
 * attention per head over the attention axes, and the heads projected back by a fourth
 * EinsumDense ({@code attention_output}).
 *
 * <p>Inputs, in this order: {@code query}, {@code value}, then those the call passed, as {@link
 * Call} lists them: {@code key} (else the value is the key), {@code attention_mask} (non-zero where
 * kept, broadcast to {@code (batch, Tq, Tk)}), and explicit {@code query_mask}, {@code value_mask},
 * {@code key_mask}. The inputs' own masks ({@code Embedding(mask_zero=True)}, {@code Masking}) are
 * combined as Keras combines them: a padded query attends to nothing, a padded value or key is
 * attended by nothing; the output carries the query's mask. With {@code return_attention_scores} a
 * second output holds the attention probabilities, {@code (batch, heads, Tq, Tk)}.
 *
 * <p>What a masked score becomes depends on the Keras that saved the model and on its code path
 * ({@link Semantics}); it decides the output at a padded query position, where every score is
 * masked. Keras 3 takes its fused path ({@code ops.dot_product_attention}) for rank-3 inputs
 * without dropout and without {@code return_attention_scores}, and its Softmax-layer path otherwise.
 *
 * <p>Inputs of higher rank than {@code (batch, T, features)} attend over {@code attention_axes} (by
 * default every axis between the batch and the features); {@code attention_mask} (of any rank up to
 * the scores', expanded as Keras expands it) and {@code use_causal_mask} apply at every rank, the
 * inputs' own masks only to sequences.
 */
public final class MultiHeadAttention extends Layer {
  /** Which Keras computed the reference, which decides the masked softmax. */
  public enum Semantics {
    /** Keras 3. */
    KERAS3,
    /** tf-keras (Keras 2): masked scores get {@code −1e9} added. */
    TF_KERAS,
    /** tf-keras with {@code softmax_robust_masking=True}: masked scores become {@code −1e9}. */
    TF_KERAS_ROBUST
  }

  /**
   * What one call passed beyond {@code query} and {@code value}: the optional tensors, in input
   * order, and the call options.
   *
   * @param key a {@code key} tensor is passed
   * @param attentionMask an {@code attention_mask} tensor is passed
   * @param queryMask an explicit {@code query_mask} is passed (Keras 3 ignores it: it reads the
   *     query's own mask)
   * @param valueMask an explicit {@code value_mask} is passed (it replaces the value's own mask)
   * @param keyMask an explicit {@code key_mask} is passed (it replaces the key's own mask)
   * @param useCausalMask {@code use_causal_mask=True}
   * @param returnScores {@code return_attention_scores=True}
   */
  public record Call(boolean key, boolean attentionMask, boolean queryMask, boolean valueMask, boolean keyMask,
                     boolean useCausalMask, boolean returnScores) {
    /** {@code mha(query, value)}. */
    public static final Call PLAIN = new Call(false, false, false, false, false, false, false);

    int inputCount() {
      return 2 + (key ? 1 : 0) + (attentionMask ? 1 : 0) + (queryMask ? 1 : 0) + (valueMask ? 1 : 0)
          + (keyMask ? 1 : 0);
    }
  }

  private final int heads;
  private final int kvHeads; // key and value heads: heads / kvHeads query heads share one (GroupedQueryAttention)
  private final boolean grouped; // GroupedQueryAttention's call: see the package-private constructor
  private final int slidingWindow; // 0: none
  private final EinsumDense gate;  // use_gate: sigmoid gate of the heads, from the query; null: none
  private final int keyDim;
  private final int valueDim;
  private final EinsumDense query;
  private final EinsumDense key;
  private final EinsumDense value;
  private final EinsumDense output;
  private final int[] attentionAxes; // in the projected tensors' axes; null: every axis between batch and heads
  private final float dropout;
  private final Semantics semantics;
  private final Call call;
  private final float scale;
  // Query, key and value projections as one product, for self-attention (one input for all three);
  // null when they are not all plain matrix products of the same features.
  private final Kernels.AffineWeights qkv;

  /**
   * @param heads {@code num_heads}
   * @param keyDim {@code key_dim}
   * @param valueDim {@code value_dim}
   * @param query the {@code query} projection, {@code (…, f) → (…, heads, keyDim)}
   * @param key the {@code key} projection
   * @param value the {@code value} projection, {@code (…, f) → (…, heads, valueDim)}
   * @param output the {@code attention_output} projection, {@code (…, heads, valueDim) → (…, out)}
   * @param attentionAxes the attention axes of the projected tensors {@code (batch, …, heads,
   *     dim)}, or {@code null} for Keras' default
   * @param dropout {@code dropout} (not applied at inference; it selects Keras 3's code path)
   */
  public MultiHeadAttention(String name, int heads, int keyDim, int valueDim, EinsumDense query, EinsumDense key,
                            EinsumDense value, EinsumDense output, int[] attentionAxes, float dropout,
                            Semantics semantics, Call call) {
    this(name, heads, heads, keyDim, valueDim, query, key, value, output, attentionAxes, dropout, semantics, call,
        false, 0, null);
  }

  /**
   * As {@link #MultiHeadAttention(String, int, int, int, EinsumDense, EinsumDense, EinsumDense,
   * EinsumDense, int[], float, Semantics, Call)}, with Keras 3's {@code sliding_window} and {@code
   * use_gate}.
   *
   * @param slidingWindow {@code sliding_window}: query {@code i} attends key {@code j} only where
   *     {@code |i − j| < slidingWindow}; 0 for none
   * @param gate {@code use_gate}: the {@code gate} projection of the query, {@code (…, f) → (…,
   *     heads, valueDim)} with the sigmoid, which multiplies the heads before {@code
   *     attention_output}; {@code null} for none
   */
  public MultiHeadAttention(String name, int heads, int keyDim, int valueDim, EinsumDense query, EinsumDense key,
                            EinsumDense value, EinsumDense output, int[] attentionAxes, float dropout,
                            Semantics semantics, Call call, int slidingWindow, EinsumDense gate) {
    this(name, heads, heads, keyDim, valueDim, query, key, value, output, attentionAxes, dropout, semantics, call,
        false, slidingWindow, gate);
  }

  /**
   * The attention of {@link GroupedQueryAttention} too: {@code kvHeads} key and value heads, each
   * serving {@code heads / kvHeads} consecutive query heads (Keras' {@code ops.repeat(key,
   * heads / kvHeads, axis=2)}), and with {@code grouped} that layer's call: an explicit {@code
   * query_mask} replaces the query's own mask, the inputs keep their masks, and an {@code
   * attention_mask} that no other mask joins reaches the Softmax-layer path uncast (kept where
   * {@code > 0.5}).
   */
  MultiHeadAttention(String name, int heads, int kvHeads, int keyDim, int valueDim, EinsumDense query,
                     EinsumDense key, EinsumDense value, EinsumDense output, int[] attentionAxes, float dropout,
                     Semantics semantics, Call call, boolean grouped, int slidingWindow, EinsumDense gate) {
    super(name);
    if (slidingWindow < 0) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": sliding_window "
          + slidingWindow + " is negative");
    }
    this.slidingWindow = slidingWindow;
    this.gate = gate;
    io.kerasj.internal.Checks.positive(name, "num_heads", heads);
    io.kerasj.internal.Checks.positive(name, "num_key_value_heads", kvHeads);
    if (heads % kvHeads != 0) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": num_query_heads " + heads
          + " is not a multiple of num_key_value_heads " + kvHeads);
    }
    this.kvHeads = kvHeads;
    this.grouped = grouped;
    io.kerasj.internal.Checks.positive(name, "key_dim", keyDim);
    io.kerasj.internal.Checks.positive(name, "value_dim", valueDim);
    this.heads = heads;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.query = query;
    this.key = key;
    this.value = value;
    this.output = output;
    this.attentionAxes = attentionAxes == null ? null : attentionAxes.clone();
    this.dropout = dropout;
    this.semantics = semantics;
    this.call = call == null ? Call.PLAIN : call;
    this.scale = (float) (1.0 / Math.sqrt(keyDim));
    this.qkv = fuse(query, key, value, heads * keyDim, kvHeads * keyDim, kvHeads * valueDim);
    if (this.attentionAxes != null) {
      for (int i = 0; i < this.attentionAxes.length; i++) {
        if (this.attentionAxes[i] < 1) {
          throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": attention axis "
              + this.attentionAxes[i] + " is not supported (axes between the batch and the heads are)");
        }
        for (int j = 0; j < i; j++) {
          if (this.attentionAxes[j] == this.attentionAxes[i]) {
            throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": attention_axes "
                + Arrays.toString(attentionAxes) + " names an axis twice");
          }
        }
      }
    }
  }

  // [Wq | Wk | Wv] (features × (nq + nk + nv)) and their biases, packed: a row of the product is
  // the row's query, key and value, each as its own projection computes it.
  private static Kernels.AffineWeights fuse(EinsumDense query, EinsumDense key, EinsumDense value, int nq, int nk,
                                            int nv) {
    EinsumDense.Product[] p = {query.product(), key.product(), value.product()};
    if (p[0] == null || p[1] == null || p[2] == null || p[0].k() != p[1].k() || p[0].k() != p[2].k()
        || p[0].n() != nq || p[1].n() != nk || p[2].n() != nv) {
      return null;
    }
    int k = p[0].k();
    int n = nq + nk + nv;
    float[] w = new float[Math.multiplyExact(k, n)];
    boolean anyBias = p[0].bias() != null || p[1].bias() != null || p[2].bias() != null;
    float[] b = anyBias ? new float[n] : null;
    for (int i = 0, col = 0; i < 3; col += p[i].n(), i++) {
      int ni = p[i].n();
      for (int r = 0; r < k; r++) {
        System.arraycopy(p[i].kernel(), r * ni, w, r * n + col, ni);
      }
      if (p[i].bias() != null) {
        System.arraycopy(p[i].bias(), 0, b, col, ni);
      }
    }
    return Kernels.packAffine(w, k, n, b);
  }

  /** {@code num_heads}. */
  public int heads() {
    return heads;
  }

  /** Key and value heads ({@code num_key_value_heads}; {@code num_heads} for MultiHeadAttention). */
  public int kvHeads() {
    return kvHeads;
  }

  /** {@code key_dim}. */
  public int keyDim() {
    return keyDim;
  }

  /** {@code value_dim}. */
  public int valueDim() {
    return valueDim;
  }

  /** What the call passes (optional inputs, causal mask, scores output). */
  public Call callOptions() {
    return call;
  }

  @Override
  public String kerasClass() {
    return "MultiHeadAttention";
  }

  @Override
  public int inputCount() {
    return call.inputCount();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Keras 3's call deletes the masks of query, value and key (see Layer#clearsInputMasks).
  @Override
  public boolean clearsInputMasks() {
    return semantics == Semantics.KERAS3 && !grouped;
  }

  // Attention mixes time steps: a chunk of a sequence does not see the rest.
  @Override
  public boolean isStreamable() {
    return false;
  }

  @Override
  public long trainableParams() {
    return query.trainableParams() + key.trainableParams() + value.trainableParams() + output.trainableParams()
        + (gate == null ? 0 : gate.trainableParams());
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
    int[] projected = query.outputShape(q);
    int[] perHead = projected.clone();
    perHead[perHead.length - 1] = valueDim;
    int[] out = output.outputShape(perHead);
    if (!call.returnScores) {
      return new int[][] {out};
    }
    int[] k = call.key ? inputShapes[2] : v;
    Axes a = axes(projected.length);
    int[] s = new int[a.batch.length + 1 + 2 * a.attention.length];
    int p = 0;
    for (int d : a.batch) {
      s[p++] = q[d];
    }
    s[p++] = heads;
    for (int d : a.attention) {
      s[p++] = q[d];
    }
    for (int d : a.attention) {
      s[p++] = d < k.length ? k[d] : -1;
    }
    return new int[][] {out, s};
  }

  /** The batch-like and attention axes of projected tensors of rank {@code rank} (batch, …, heads, dim). */
  private Axes axes(int rank) {
    int free = rank - 2; // axes before the heads
    int[] att;
    if (attentionAxes == null) {
      att = new int[free - 1];
      for (int i = 0; i < att.length; i++) {
        att[i] = i + 1;
      }
    } else {
      att = attentionAxes;
      for (int a : att) {
        if (a >= free) {
          throw new InvalidInputException("layer " + Messages.quote(name()) + ": attention axis " + a
              + " is out of range for inputs of rank " + (rank - 1));
        }
      }
    }
    int[] batch = new int[free - att.length];
    int p = 0;
    for (int d = 0; d < free; d++) {
      boolean isAtt = false;
      for (int a : att) {
        isAtt |= a == d;
      }
      if (!isAtt) {
        batch[p++] = d;
      }
    }
    return new Axes(batch, att);
  }

  private record Axes(int[] batch, int[] attention) {
    /** Whether the projected tensors are already [batch…, attention…, heads, dim]. */
    boolean canonical() {
      int d = 0;
      for (int b : batch) {
        if (b != d++) {
          return false;
        }
      }
      for (int a : attention) {
        if (a != d++) {
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x, x}, new Mask[2], null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    int slot = 2;
    Tensor qIn = inputs[0];
    Tensor vIn = inputs[1];
    Tensor kIn = call.key ? inputs[slot++] : vIn;
    Tensor attMask = call.attentionMask ? inputs[slot++] : null;
    Mask qMask = masks == null ? null : masks[0];
    Mask outMask = qMask;
    if (call.queryMask) {
      // MultiHeadAttention (Keras 3) reads the query's own mask instead; GroupedQueryAttention takes it.
      Tensor m = inputs[slot++];
      if (grouped) {
        qMask = toMask(m, "query_mask");
      }
    }
    Mask vMask = masks == null ? null : masks[1];
    Mask kMask = call.key && masks != null ? masks[2] : null;
    if (call.valueMask) {
      vMask = toMask(inputs[slot++], "value_mask");
    }
    if (call.keyMask) {
      kMask = toMask(inputs[slot++], "key_mask");
    }
    if (qIn.rank() < 3 || vIn.rank() != qIn.rank() || kIn.rank() != qIn.rank()) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": query, value and key must have the same "
          + "rank ≥ 3, got shapes " + Arrays.toString(qIn.shape()) + ", " + Arrays.toString(vIn.shape()) + ", "
          + Arrays.toString(kIn.shape()));
    }
    boolean sequences = qIn.rank() == 3;
    boolean masked = qMask != null || vMask != null || kMask != null || attMask != null || call.useCausalMask
        || slidingWindow > 0;
    if ((qMask != null || vMask != null || kMask != null) && !sequences) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name()) + ": the inputs' own masks are "
          + "supported for (batch, time, features) inputs, got a query of shape " + Arrays.toString(qIn.shape())
          + " (attention_mask and use_causal_mask are supported at every rank)");
    }
    int rank = qIn.rank() + 1;
    Axes ax = axes(rank);
    // Self-attention in the canonical layout: the three projections as one product, whose rows
    // hold each step's query, key and value side by side.
    boolean self = qkv != null && qIn == vIn && kIn == vIn && ax.canonical() && qIn.dim(-1) == qkv.k;
    Tensor q = null;
    Tensor k = null;
    Tensor v = null;
    float[] qkvOut = null;
    int[] qs;
    int[] ks;
    float[] qd;
    float[] kd;
    float[] vd;
    int ldq = heads * keyDim;
    int ldk = kvHeads * keyDim;
    int ldv = kvHeads * valueDim;
    int kBase = 0;
    int vBase = 0;
    if (self) {
      qs = qIn.shape();
      qs = Arrays.copyOf(qs, rank);
      qs[rank - 2] = heads;
      qs[rank - 1] = keyDim;
      ks = qs;
      int rows = qIn.size() / qkv.k;
      qkvOut = Buffers.floatsToOverwrite(Math.multiplyExact(rows, qkv.n));
      Kernels.affine(qIn.data(), 0, rows, qkv, qkvOut, 0);
      qd = kd = vd = qkvOut;
      ldq = ldk = ldv = qkv.n;
      kBase = heads * keyDim;
      vBase = heads * keyDim + kvHeads * keyDim;
    } else {
      q = query.call(qIn);
      k = key.call(kIn);
      v = value.call(vIn);
      qs = q.shape();
      ks = k.shape();
      for (int d : ax.batch) {
        if (qs[d] != ks[d] || v.dim(d) != ks[d]) {
          throw new InvalidInputException("layer " + Messages.quote(name()) + ": query, key and value differ on axis "
              + d + " (shapes " + Arrays.toString(qIn.shape()) + ", " + Arrays.toString(kIn.shape()) + ", "
              + Arrays.toString(vIn.shape()) + ")");
        }
      }
      for (int d : ax.attention) {
        if (v.dim(d) != ks[d]) {
          throw new InvalidInputException("layer " + Messages.quote(name()) + ": key and value differ on axis " + d
              + " (shapes " + Arrays.toString(kIn.shape()) + ", " + Arrays.toString(vIn.shape()) + ")");
        }
      }
      qd = canonical(q, ax);
      kd = canonical(k, ax);
      vd = canonical(v, ax);
    }
    int bc = 1;
    for (int d : ax.batch) {
      bc *= qs[d];
    }
    int tq = 1;
    int tk = 1;
    for (int d : ax.attention) {
      tq *= qs[d];
      tk *= ks[d];
    }
    boolean fused = semantics == Semantics.KERAS3 && dropout == 0f && !call.returnScores && sequences;
    // GroupedQueryAttention casts attention_mask to bool only when it joins another mask or takes
    // the fused path; Keras' Softmax layer keeps a non-bool mask where it is > 0.5.
    boolean half = grouped && !fused && qMask == null && vMask == null && kMask == null && !call.useCausalMask
        && slidingWindow == 0;
    ScoreMask mask = null;
    if (masked && sequences && ax.attention.length == 1 && (attMask == null || attMask.rank() <= 3)) {
      mask = ScoreMask.of(name(), bc, tq, tk, qMask, vMask, kMask, call.useCausalMask, slidingWindow, attMask, half);
    } else if (masked) {
      mask = ScoreMask.general(name(), scoresShape(qs, ks, ax), ax.attention.length, qMask, vMask, kMask,
          call.useCausalMask, slidingWindow, qIn.dim(1), vIn.dim(1), attMask, half);
    }
    MaskedSoftmax softmax = semantics == Semantics.TF_KERAS ? MaskedSoftmax.SUBTRACT
        : semantics == Semantics.TF_KERAS_ROBUST ? MaskedSoftmax.ROBUST
        : fused ? MaskedSoftmax.KERAS3_FUSED : MaskedSoftmax.KERAS3_LAYER;
    boolean logSumExp = ax.attention.length > 1;
    if (!fused) {
      // Keras scales the projected query before the product (the fused path scales the product).
      for (int r = 0, rows = bc * tq; r < rows; r++) {
        for (int j = r * ldq, end = j + heads * keyDim; j < end; j++) {
          qd[j] *= scale;
        }
      }
    }
    float[] scores = call.returnScores ? Buffers.floats(Math.multiplyExact(Math.multiplyExact(bc * heads, tq), tk))
        : null;
    float[] o = Buffers.floats(Math.multiplyExact(Math.multiplyExact(bc, tq), heads * valueDim));
    // One tile per (batch item, key/value head), on every thread when the call is large enough; each
    // thread packs the tile's keys and values once into matrices of its own, and computes the scores
    // of each query head that shares them in its scratch slice.
    Core c = CORES.get();
    c.layer = this;
    c.qd = qd;
    c.kd = kd;
    c.vd = vd;
    c.o = o;
    c.scores = scores;
    c.mask = mask;
    c.softmax = softmax;
    c.fused = fused;
    c.logSumExp = logSumExp;
    c.tq = tq;
    c.tk = tk;
    c.ldq = ldq;
    c.ldk = ldk;
    c.ldv = ldv;
    c.kBase = kBase;
    c.vBase = vBase;
    try {
      Tiles.run(Math.multiplyExact(bc, kvHeads), 2L * bc * heads * tq * tk * (keyDim + valueDim),
          Math.max(1, Math.multiplyExact(tq, tk)), HEAD_TILE, c);
    } finally {
      c.clear();
      if (mask != null) {
        mask.release();
      }
    }
    if (self) {
      Buffers.release(qkvOut);
    } else {
      release(qd, q);
      release(kd, k);
      release(vd, v);
    }
    Tensor heads = uncanonical(o, qs, ax);
    if (gate != null) {
      // Keras: attention_output(heads · sigmoid(gate(query))).
      Tensor g = gate.call(qIn);
      if (g.size() != heads.size()) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": the gate has shape "
            + Arrays.toString(g.shape()) + ", the heads " + Arrays.toString(heads.shape()));
      }
      float[] hd = heads.data();
      float[] gd = g.data();
      for (int i = 0; i < hd.length; i++) {
        hd[i] *= gd[i];
      }
      Buffers.release(gd);
    }
    Tensor y = output.call(heads);
    Buffers.release(heads.data());
    if (!call.returnScores) {
      return new Output(new Tensor[] {y}, new Mask[] {outMask});
    }
    int[][] shapes = outputShapes(shapesOf(inputs));
    return new Output(new Tensor[] {y, Tensor.of(scores, shapes[1])}, new Mask[] {outMask, null});
  }

  /** One call's arguments for its tiles; one instance per calling thread, reused. */
  private static final class Core {
    MultiHeadAttention layer;
    float[] qd;
    float[] kd;
    float[] vd;
    float[] o;
    float[] scores;
    ScoreMask mask;
    MaskedSoftmax softmax;
    boolean fused;
    boolean logSumExp;
    int tq;
    int tk;
    int ldq;
    int ldk;
    int ldv;
    int kBase;
    int vBase;

    // Holds no buffer between calls.
    void clear() {
      layer = null;
      qd = kd = vd = o = scores = null;
      mask = null;
    }
  }

  private static final ThreadLocal<Core> CORES = ThreadLocal.withInitial(Core::new);
  private static final Tiles.Body<Core> HEAD_TILE = (c, t, scratch, so) -> c.layer.head(c, t, scratch, so);

  // Tile t: batch item t / kvHeads, key/value head t % kvHeads and the query heads that share it;
  // each query head's scores in scratch[so, so + tq·tk) in turn.
  private void head(Core c, int t, float[] s, int so) {
    final int b = t / kvHeads;
    final int kvh = t % kvHeads;
    final int group = heads / kvHeads;
    final int tq = c.tq;
    final int tk = c.tk;
    final int ldq = c.ldq;
    final int ldk = c.ldk;
    final int ldv = c.ldv;
    final int ldo = heads * valueDim;
    Operands ops = Operands.get();
    if (c.mask == null && !c.logSumExp && c.scores == null && Products.transposedFits(tq, tk, valueDim)) {
      for (int h = kvh * group, end = h + group; h < end; h++) {
        Products.transposed(c.qd, b * tq * ldq + h * keyDim, ldq, tq, c.kd, c.kBase + b * tk * ldk + kvh * keyDim,
            ldk, tk, keyDim, c.fused ? scale : 1f, c.vd, c.vBase + b * tk * ldv + kvh * valueDim, ldv, valueDim, s, so,
            c.o, b * tq * ldo + h * valueDim, ldo, ops);
      }
      return;
    }
    PackedMatrix keysT = ops.get(keyDim, tk);
    PackedMatrix values = ops.get(tk, valueDim, 1); // filled while keysT is in use: never the same matrix
    keysT.fill(c.kd, c.kBase + b * tk * ldk + kvh * keyDim, 1, ldk);
    // Keras 3's fused path scales the product; the others have scaled the query.
    final float sc = c.fused ? scale : 1f;
    float[] scratch = c.mask == null ? null : ops.rowScratch(tk);
    int[] keptAt = c.mask == null ? null : ops.rowIndex(tk);
    for (int h = kvh * group, end = h + group; h < end; h++) {
      Products.scores(c.qd, b * tq * ldq + h * keyDim, ldq, tq, keysT, s, so);
      if (c.mask == null && !c.logSumExp) {
        for (int i = 0; i < tq; i++) {
          Kernels.softmax(s, so + i * tk, tk, sc);
        }
      } else {
        for (int i = 0; i < tq; i++) {
          int row = so + i * tk;
          if (c.fused) {
            for (int j = 0; j < tk; j++) {
              s[row + j] *= sc;
            }
          }
          c.softmax.apply(s, row, tk, c.mask, b, h, i, c.logSumExp, scratch, keptAt);
        }
      }
      if (c.scores != null) {
        System.arraycopy(s, so, c.scores, (b * heads + h) * tq * tk, tq * tk);
      }
      if (h == kvh * group) {
        // Packed once per group, after the first head's scores: as late as possible, so that
        // the values are still in cache for the product.
        values.fill(c.vd, c.vBase + b * tk * ldv + kvh * valueDim, ldv, 1);
      }
      Products.combine(s, so, tq, values, c.o, b * tq * ldo + h * valueDim, ldo);
    }
  }

  // Keras' scores shape: (batch axes…, heads, query attention axes…, key attention axes…).
  private int[] scoresShape(int[] qs, int[] ks, Axes ax) {
    int[] s = new int[ax.batch.length + 1 + 2 * ax.attention.length];
    int p = 0;
    for (int d : ax.batch) {
      s[p++] = qs[d];
    }
    s[p++] = heads;
    for (int d : ax.attention) {
      s[p++] = qs[d];
    }
    for (int d : ax.attention) {
      s[p++] = ks[d];
    }
    return s;
  }

  private static int[][] shapesOf(Tensor[] t) {
    int[][] r = new int[t.length][];
    for (int i = 0; i < r.length; i++) {
      r[i] = t[i].shape();
    }
    return r;
  }

  private static void release(float[] copy, Tensor projected) {
    if (copy != projected.data()) {
      Buffers.release(copy);
    }
    Buffers.release(projected.data());
  }

  private Mask toMask(Tensor m, String what) {
    if (m.rank() != 2) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": " + what + " must be (batch, time), got "
          + Arrays.toString(m.shape()));
    }
    float[] d = m.data();
    boolean[] keep = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      keep[i] = d[i] != 0f;
    }
    return new Mask(m.dim(0), m.dim(1), keep);
  }

  // The projected tensor as [batch axes…, attention axes…, heads, dim], copied only if the attention
  // axes are not already the trailing ones before the heads.
  private static float[] canonical(Tensor t, Axes ax) {
    if (ax.canonical()) {
      return t.data();
    }
    int[] shape = t.shape();
    int rank = shape.length;
    int[] order = order(ax, rank);
    int[] sizes = new int[rank];
    int[] strides = new int[rank];
    int[] stride = strides(shape);
    for (int i = 0; i < rank; i++) {
      sizes[i] = shape[order[i]];
      strides[i] = stride[order[i]];
    }
    float[] r = Buffers.floats(t.size());
    io.kerasj.internal.Strided.gather(t.data(), 0, sizes, strides, r, 0);
    return r;
  }

  // The combined heads back in the query's axis order: [batch, free…, heads, valueDim].
  private Tensor uncanonical(float[] o, int[] projectedShape, Axes ax) {
    int rank = projectedShape.length;
    int[] shape = projectedShape.clone();
    shape[rank - 1] = valueDim;
    if (ax.canonical()) {
      return Tensor.of(o, shape);
    }
    int[] order = order(ax, rank);
    int[] canonShape = new int[rank];
    for (int i = 0; i < rank; i++) {
      canonShape[i] = shape[order[i]];
    }
    int[] canonStride = strides(canonShape);
    int[] strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      strides[order[i]] = canonStride[i];
    }
    float[] r = Buffers.floats(o.length);
    io.kerasj.internal.Strided.gather(o, 0, shape, strides, r, 0);
    Buffers.release(o);
    return Tensor.of(r, shape);
  }

  private static int[] order(Axes ax, int rank) {
    int[] order = new int[rank];
    int p = 0;
    for (int d : ax.batch) {
      order[p++] = d;
    }
    for (int d : ax.attention) {
      order[p++] = d;
    }
    order[p++] = rank - 2;
    order[p] = rank - 1;
    return order;
  }

  private static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int st = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = st;
      st *= shape[i];
    }
    return s;
  }
}
