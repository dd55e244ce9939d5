package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.attention.Operands;
import io.kerasj.internal.attention.Products;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
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

  /**
   * Checks that a bias or mask of shape {@code s} broadcasts against the logits {@code (batch, heads,
   * query steps, key steps)}.
   */
  private void checkBroadcast(String what, int[] s, int b, int n, int t, int k) {
    boolean ok = s.length <= 4;
    for (int i = 3, j = s.length - 1; ok && j >= 0; i--, j--) {
      int target = i == 0 ? b : i == 1 ? n : i == 2 ? t : k;
      ok = s[j] == 1 || s[j] == target;
    }
    if (!ok) {
      throw new InvalidInputException(who() + ": the " + what + " of shape " + Arrays.toString(s)
          + " does not broadcast against [" + b + ", " + n + ", " + t + ", " + k + "]");
    }
  }

  /** The stride of logits axis {@code axis} (0 batch .. 3 key step) in a broadcast tensor of shape {@code s}. */
  private static int stride(int[] s, int axis) {
    int j = s.length - 4 + axis;
    if (j < 0 || s[j] == 1) {
      return 0;
    }
    int stride = 1;
    for (int i = j + 1; i < s.length; i++) {
      stride *= s[i];
    }
    return stride;
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
    float[] bd = null;
    int bb = 0;
    int bn = 0;
    int bt = 0;
    int bs = 0;
    if (bias != null) {
      Tensor bten = bias.of(inputs);
      checkBroadcast("bias", bten.shape(), b, n, t, s);
      bd = bten.data();
      bb = stride(bten.shape(), 0);
      bn = stride(bten.shape(), 1);
      bt = stride(bten.shape(), 2);
      bs = stride(bten.shape(), 3);
    }
    float[] md = null;
    int mb = 0;
    int mn = 0;
    int mt = 0;
    int ms = 0;
    if (mask != null) {
      Tensor mten = mask.of(inputs);
      checkBroadcast("mask", mten.shape(), b, n, t, s);
      md = mten.data();
      mb = stride(mten.shape(), 0);
      mn = stride(mten.shape(), 1);
      mt = stride(mten.shape(), 2);
      ms = stride(mten.shape(), 3);
    }
    // TensorFlow: scale = 1 / sqrt(float32(depth)), both steps in float32.
    float f = Float.isNaN(scale) ? 1f / (float) Math.sqrt((float) ks[3]) : scale;
    float[] q = inputs[0].data();
    float[] k = inputs[1].data();
    float[] v = inputs[2].data();
    float[] r = Buffers.floats(Math.multiplyExact(Math.multiplyExact(b * t, n), dv));
    float[] logits = Buffers.floats(Math.multiplyExact(t, s));
    // The attention layers' products: each key/value head packed once (keys transposed, values) into
    // this thread's operands and shared by the query heads of its group.
    Operands ops = Operands.get();
    PackedMatrix keysT = ops.get(d, s, 0);
    PackedMatrix values = ops.get(s, dv, 1);
    int perKv = nk == 1 ? n : n / nk;
    for (int bi = 0; bi < b; bi++) {
      for (int kn = 0; kn < nk; kn++) {
        keysT.fill(k, (bi * s * nk + kn) * d, 1, nk * d);
        values.fill(v, (bi * s * nk + kn) * dv, nk * dv, 1);
        for (int ni = kn * perKv, end = ni + perKv; ni < end; ni++) {
          Products.scores(q, (bi * t * n + ni) * d, n * d, t, keysT, logits, 0);
          for (int ti = 0; ti < t; ti++) {
            int row = ti * s;
            for (int si = 0; si < s; si++) {
              float l = logits[row + si] * f;
              if (bd != null) {
                l += bd[bi * bb + ni * bn + ti * bt + si * bs];
              }
              if (md != null && md[bi * mb + ni * mn + ti * mt + si * ms] == 0f || causal && si > ti) {
                l = LARGE_NEGATIVE;
              }
              logits[row + si] = l;
            }
            // The attention layers' softmax kernel (max, exponentials, 1/Σ), float as TensorFlow's.
            Kernels.softmax(logits, row, s);
          }
          Products.combine(logits, 0, t, values, r, (bi * t * n + ni) * dv, n * dv);
        }
      }
    }
    Buffers.release(logits);
    return Tensor.of(r, new int[] {b, t, n, dv});
  }
}
