package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.vectorization.Kernels;
import java.util.Arrays;

/**
 * Keras 3's {@code ops.nn.dot_product_attention(query, key, value, bias, mask, scale, is_causal)}
 * on {@code (batch, steps, heads, depth)} tensors, as the TensorFlow backend computes it ({@code
 * keras/src/backend/tensorflow/nn.py}): logits {@code q·k} times {@code scale} (default {@code
 * 1/sqrt(key depth)}, in float32), plus the bias, positions where the mask (or the causal band
 * {@code s ≤ t}) is false set to {@code −0.7 × 3.38953e38}, a softmax over the key steps, then the
 * weighted sum of the values. Grouped key/value heads ({@code heads(q) > heads(k) > 1}) are repeated
 * as {@code tf.repeat} does, head {@code n} of the query reading head {@code n / groups}; a single
 * key/value head serves every query head. The bias and the mask broadcast against {@code (batch,
 * heads, query steps, key steps)}.
 */
public final class DotProductAttention extends Op {
  private static final float LARGE_NEGATIVE = (float) (3.38953e38 * -0.7);

  private final Operand bias; // null when absent
  private final Operand mask; // null when absent
  private final float scale; // NaN: 1/sqrt(depth)
  private final boolean causal;

  /**
   * The query, key and value are inputs 0, 1 and 2.
   *
   * @param bias added to the logits, or null
   * @param mask where it is 0 the logits are masked, or null
   * @param scale the logits' factor, or NaN for {@code 1/sqrt(key depth)}
   */
  public DotProductAttention(String name, String kerasClass, Operand bias, Operand mask, float scale, boolean causal) {
    super(name, kerasClass, Math.max(3, Operand.inputsNeeded(bias == null ? Operand.input(0) : bias,
        mask == null ? Operand.input(0) : mask)));
    this.bias = bias;
    this.mask = mask;
    this.scale = scale;
    this.causal = causal;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] q = in[0];
    int[] k = in[1];
    int[] v = in[2];
    if (q.length != 4 || k.length != 4 || v.length != 4) {
      throw new InvalidInputException(who() + ": query, key and value should be of rank 4 (batch, steps, heads, "
          + "depth), got " + Arrays.toString(q) + ", " + Arrays.toString(k) + ", " + Arrays.toString(v));
    }
    if (known(k[1], v[1]) && k[1] != v[1] || known(k[2], v[2]) && k[2] != v[2] || known(q[3], k[3]) && q[3] != k[3]) {
      throw new InvalidInputException(who() + ": key " + Arrays.toString(k) + " and value " + Arrays.toString(v)
          + " should have the same steps and heads, and the key the query's depth " + q[3]);
    }
    if (known(q[2], k[2]) && k[2] != 1 && q[2] != k[2] && (q[2] < k[2] || q[2] % k[2] != 0)) {
      throw new InvalidInputException(who() + ": " + q[2] + " query heads cannot share " + k[2] + " key heads");
    }
    return new int[] {q[0], q[1], q[2], v[3]};
  }

  private static boolean known(int a, int b) {
    return a >= 0 && b >= 0;
  }

  /** Strides of a tensor of shape {@code s} read at (batch, head, query step, key step), 0 on broadcast axes. */
  private int[] strides(String what, int[] s, int[] target) {
    if (s.length > 4) {
      throw new InvalidInputException(who() + ": the " + what + " of shape " + Arrays.toString(s)
          + " does not broadcast against " + Arrays.toString(target));
    }
    int[] r = new int[4];
    int stride = 1;
    for (int i = 3, j = s.length - 1; i >= 0; i--, j--) {
      int d = j >= 0 ? s[j] : 1;
      if (d != 1 && d != target[i]) {
        throw new InvalidInputException(who() + ": the " + what + " of shape " + Arrays.toString(s)
            + " does not broadcast against " + Arrays.toString(target));
      }
      r[i] = d == 1 ? 0 : stride;
      stride *= d;
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    shape(new int[][] {inputs[0].shape(), inputs[1].shape(), inputs[2].shape()});
    int[] qs = inputs[0].shape();
    int[] ks = inputs[1].shape();
    int[] vs = inputs[2].shape();
    int b = qs[0];
    int t = qs[1];
    int n = qs[2];
    int d = qs[3];
    int s = ks[1];
    int nk = ks[2];
    int dv = vs[3];
    if (ks[0] != b || vs[0] != b) {
      throw new InvalidInputException(who() + ": query, key and value have different batch sizes: "
          + Arrays.toString(qs) + ", " + Arrays.toString(ks) + ", " + Arrays.toString(vs));
    }
    int groups = nk == 1 ? 0 : n / nk; // 0: the one key head serves every query head
    int[] logitsShape = {b, n, t, s};
    float[] bd = null;
    int[] bst = null;
    if (bias != null) {
      Tensor bt = bias.of(inputs);
      bd = bt.data();
      bst = strides("bias", bt.shape(), logitsShape);
    }
    float[] md = null;
    int[] mst = null;
    if (mask != null) {
      Tensor mt = mask.of(inputs);
      md = mt.data();
      mst = strides("mask", mt.shape(), logitsShape);
    }
    // TensorFlow: scale = 1 / sqrt(float32(depth)), both steps in float32.
    float f = Float.isNaN(scale) ? 1f / (float) Math.sqrt((float) ks[3]) : scale;
    float[] q = inputs[0].data();
    float[] k = inputs[1].data();
    float[] v = inputs[2].data();
    float[] r = Buffers.floats(b * t * n * dv);
    float[] logits = Buffers.floats(s);
    double[] acc = new double[dv];
    for (int bi = 0; bi < b; bi++) {
      for (int ni = 0; ni < n; ni++) {
        int kn = groups == 0 ? 0 : ni / groups;
        for (int ti = 0; ti < t; ti++) {
          int qo = ((bi * t + ti) * n + ni) * d;
          for (int si = 0; si < s; si++) {
            int ko = ((bi * s + si) * nk + kn) * d;
            double dot = 0;
            for (int h = 0; h < d; h++) {
              dot += q[qo + h] * k[ko + h];
            }
            float l = (float) dot * f;
            if (bd != null) {
              l += bd[bi * bst[0] + ni * bst[1] + ti * bst[2] + si * bst[3]];
            }
            if (md != null && md[bi * mst[0] + ni * mst[1] + ti * mst[2] + si * mst[3]] == 0f || causal && si > ti) {
              l = LARGE_NEGATIVE;
            }
            logits[si] = l;
          }
          // The attention layers' softmax kernel (max, exponentials, 1/Σ), float as TensorFlow's.
          Kernels.softmax(logits, 0, s);
          Arrays.fill(acc, 0);
          for (int si = 0; si < s; si++) {
            float p = logits[si];
            int vo = ((bi * s + si) * nk + kn) * dv;
            for (int h = 0; h < dv; h++) {
              acc[h] += p * v[vo + h];
            }
          }
          int o = ((bi * t + ti) * n + ni) * dv;
          for (int h = 0; h < dv; h++) {
            r[o + h] = (float) acc[h];
          }
        }
      }
    }
    Buffers.release(logits);
    return Tensor.of(r, new int[] {b, t, n, dv});
  }
}
