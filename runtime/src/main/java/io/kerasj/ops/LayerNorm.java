package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.AxisGroups;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * Keras 3's normalization ops over some axes, as {@code keras/src/ops/nn.py} computes them: {@code
 * layer_normalization(x, gamma, beta, axis, epsilon)} ({@code (x − mean) · rsqrt(var + ε) · γ + β},
 * the moments of {@code tf.nn.moments}), its deprecated {@code rms_scaling} ({@code x · rsqrt(var +
 * ε) · γ}), and {@code rms_normalization(x, scale, axis, epsilon)} ({@code x · rsqrt(mean(x²) + ε) ·
 * scale}). {@code γ} and {@code β} of a rank other than the input's are laid over the normalized
 * axes unless the axis is the last one, as Keras' {@code _broadcast} reshapes them; otherwise
 * they, and {@code scale}, broadcast as NumPy does.
 */
public final class LayerNorm extends Op {
  /** What is computed. */
  public enum Kind {
    /** {@code layer_normalization}. */
    LAYER,
    /** {@code layer_normalization(rms_scaling=True)}. */
    RMS_SCALING,
    /** {@code rms_normalization}. */
    RMS
  }

  private final Kind kind;
  private final int[] axes; // as given
  private final float epsilon;
  private final Operand gamma; // null when absent
  private final Operand beta; // null when absent

  /** The input is input 0; {@code gamma} (RMS: the scale) and {@code beta} may be null. */
  public LayerNorm(String name, String kerasClass, Kind kind, int[] axes, float epsilon, Operand gamma, Operand beta) {
    super(name, kerasClass, Math.max(1, Operand.inputsNeeded(gamma == null ? Operand.input(0) : gamma,
        beta == null ? Operand.input(0) : beta)));
    if (kind == Kind.RMS && beta != null) {
      throw new IllegalArgumentException("rms_normalization has no beta");
    }
    this.kind = kind;
    this.axes = axes.clone();
    this.epsilon = epsilon;
    this.gamma = gamma;
    this.beta = beta;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    int[] r = s;
    for (Operand o : new Operand[] {gamma, beta}) {
      if (o != null) {
        r = Broadcast.shape(name(), r, laid(o.shapeOf(in), s));
      }
    }
    if (!Arrays.equals(r, s)) {
      throw new InvalidInputException(who() + ": gamma or beta would broadcast the input " + Arrays.toString(s)
          + " to " + Arrays.toString(r));
    }
    return s;
  }

  /** Keras' {@code _broadcast}: a weight of another rank laid over the normalized axes, unless the axis is the last. */
  private int[] laid(int[] w, int[] s) {
    int[] a = axes(axes, s.length);
    if (kind == Kind.RMS || w.length == s.length || a.length == 1 && a[0] == s.length - 1) {
      return w;
    }
    int[] r = new int[s.length];
    Arrays.fill(r, 1);
    long n = 1;
    for (int i : a) {
      r[i] = s[i];
      n *= s[i];
    }
    long m = size(w);
    if (m >= 0 && n >= 0 && m != n) {
      throw new InvalidInputException(who() + ": a weight of shape " + Arrays.toString(w) + " cannot be laid over "
          + "axes " + Arrays.toString(a) + " of " + Arrays.toString(s));
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    AxisGroups g = AxisGroups.of(s, axes(axes, s.length));
    float[] in = x.data();
    float[] out = Buffers.floats(x.size());
    int n = g.size;
    for (int r = 0; r < g.count; r++) {
      int base = g.base(r);
      double sum = 0;
      double sq = 0;
      for (int k = 0; k < n; k++) {
        float v = in[base + g.at(k)];
        sum += v;
        sq += (double) v * v;
      }
      float mean = (float) (sum / n);
      float inv;
      if (kind == Kind.RMS) {
        inv = (float) (1.0 / Math.sqrt((float) (sq / n) + epsilon));
      } else {
        double var = 0;
        for (int k = 0; k < n; k++) {
          double d = in[base + g.at(k)] - (double) mean;
          var += d * d;
        }
        inv = (float) (1.0 / Math.sqrt((float) (var / n) + epsilon));
      }
      float shift = kind == Kind.LAYER ? mean : 0f;
      for (int k = 0; k < n; k++) {
        int at = base + g.at(k);
        out[at] = (in[at] - shift) * inv;
      }
    }
    Tensor y = Tensor.of(out, s);
    y = apply(y, gamma, inputs, BinaryFunction.MULTIPLY);
    return apply(y, beta, inputs, BinaryFunction.ADD);
  }

  private Tensor apply(Tensor y, Operand w, Tensor[] inputs, BinaryFunction f) {
    if (w == null) {
      return y;
    }
    Tensor t = w.of(inputs);
    int[] s = y.shape();
    Broadcast p = Broadcast.of(name(), s, laid(t.shape(), s));
    float[] r = Buffers.floats(p.size());
    p.apply(f, y.data(), t.data(), r);
    Buffers.release(y.data());
    return Tensor.of(r, p.outputShape());
  }
}
