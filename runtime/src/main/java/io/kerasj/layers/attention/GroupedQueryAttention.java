package io.kerasj.layers.attention;

import io.kerasj.Mask;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import io.kerasj.layers.core.EinsumDense;

/**
 * Keras 3 {@code GroupedQueryAttention} (exported as {@code GroupQueryAttention}): {@code
 * num_query_heads} query heads of {@code head_dim}, and {@code num_key_value_heads} key and value
 * heads, each repeated to {@code num_query_heads / num_key_value_heads} consecutive query heads;
 * {@code query} and {@code (key, value)} of shape {@code (batch, T, features)}, the output of the
 * query's features. The math is {@link MultiHeadAttention}'s (Keras 3 semantics: the fused {@code
 * ops.dot_product_attention} path without dropout and scores, the Softmax-layer path otherwise;
 * scale {@code 1/√head_dim}), computed by it without repeating the keys and values.
 *
 * <p>What differs from MultiHeadAttention is the call: Keras' {@code Layer.__call__} fills {@code
 * query_mask}, {@code value_mask} and {@code key_mask} from the inputs' masks unless the call passes
 * them (an explicit {@code query_mask} is used, where MultiHeadAttention ignores it); the inputs
 * keep their masks; the output carries the query's own mask. An {@code attention_mask} that no
 * other mask joins reaches Keras' Softmax layer uncast on the non-fused path, which keeps scores
 * where it is {@code > 0.5} (the fused path casts it to bool).
 *
 * <p>Inputs, in this order: {@code query}, {@code value}, then those the call passed, as {@link
 * MultiHeadAttention.Call} lists them. With {@code return_attention_scores} a second output holds
 * the attention probabilities, {@code (batch, num_query_heads, Tq, Tk)}.
 */
public final class GroupedQueryAttention extends Layer {
  private final MultiHeadAttention attention;

  /**
   * @param query the {@code query} projection {@code bqm,muh->bquh} ({@code (f, queryHeads,
   *     headDim)})
   * @param key the {@code key} projection {@code bkm,mvh->bkvh} ({@code (f, kvHeads, headDim)})
   * @param value the {@code value} projection, as {@code key}
   * @param output the {@code attention_output} projection {@code bquh,uhm->bqm}
   * @param dropout {@code dropout} (not applied at inference; it selects Keras' code path)
   * @throws io.kerasj.ShapeMismatchException if {@code queryHeads} is not a multiple of {@code kvHeads}
   */
  public GroupedQueryAttention(String name, int headDim, int queryHeads, int kvHeads, EinsumDense query,
                               EinsumDense key, EinsumDense value, EinsumDense output, float dropout,
                               MultiHeadAttention.Call call) {
    this(name, headDim, queryHeads, kvHeads, query, key, value, output, dropout, call, 0, null);
  }

  /**
   * With Keras' {@code sliding_window} and {@code use_gate}.
   *
   * @param slidingWindow {@code sliding_window}: query {@code i} attends key {@code j} only where
   *     {@code |i − j| < slidingWindow} (with {@code use_causal_mask}, the last {@code
   *     slidingWindow} steps); 0 for none
   * @param gate {@code use_gate}: the {@code gate} projection {@code bqm,muh->bquh} with the
   *     sigmoid, which multiplies the heads before {@code attention_output}; {@code null} for none
   */
  public GroupedQueryAttention(String name, int headDim, int queryHeads, int kvHeads, EinsumDense query,
                               EinsumDense key, EinsumDense value, EinsumDense output, float dropout,
                               MultiHeadAttention.Call call, int slidingWindow, EinsumDense gate) {
    super(name);
    this.attention = new MultiHeadAttention(name, queryHeads, kvHeads, headDim, headDim, query, key, value, output,
        null, dropout, MultiHeadAttention.Semantics.KERAS3, call, true, slidingWindow, gate);
  }

  /** {@code num_query_heads}. */
  public int queryHeads() {
    return attention.heads();
  }

  /** {@code num_key_value_heads}. */
  public int kvHeads() {
    return attention.kvHeads();
  }

  /** {@code head_dim}. */
  public int headDim() {
    return attention.keyDim();
  }

  /** What the call passes (optional inputs, causal mask, scores output). */
  public MultiHeadAttention.Call callOptions() {
    return attention.callOptions();
  }

  @Override
  public String kerasClass() {
    return "GroupedQueryAttention";
  }

  @Override
  public int inputCount() {
    return attention.inputCount();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // Attention mixes time steps: a chunk of a sequence does not see the rest.
  @Override
  public boolean isStreamable() {
    return false;
  }

  @Override
  public long trainableParams() {
    return attention.trainableParams();
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return attention.outputShape(inputShape);
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return attention.outputShapes(inputShapes);
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x, x}, new Mask[2], null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    return attention.forward(inputs, masks, state);
  }
}
