package io.kerasj.activations;

import io.kerasj.Messages;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.vectorization.Erf;
import io.kerasj.internal.vectorization.FastMath;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelRows;
import io.kerasj.layers.activations.ELU;
import java.util.Locale;

/**
 * Keras activation functions, in float32 with TensorFlow's definitions.
 *
 * <p>{@code tanh} and {@code sigmoid}, the recurrent gates' hot path, use float approximations
 * within 2 and 3 ulp (vectorized when the Vector API is available); the other functions are
 * evaluated in double precision and rounded once. TensorFlow's own CPU kernels are rational
 * approximations good to a few ulp.
 *
 * <p>{@code hard_sigmoid} is two different functions under one name: Keras 2 computes
 * {@code clip(0.2x + 0.5, 0, 1)} and Keras 3 {@code relu6(x + 3) / 6}. They are kept apart as
 * {@link #HARD_SIGMOID_KERAS2} and {@link #HARD_SIGMOID}; {@link #forKerasName} picks one by the
 * Keras major version that wrote the model.
 */
public enum Activation {
  /** {@code x} ("linear", or no activation). */
  LINEAR("linear"),
  /** {@code max(x, 0)}. */
  RELU("relu"),
  /** {@code min(max(x, 0), 6)}. */
  RELU6("relu6"),
  /** {@code x > 0 ? x : 0.2x}, the activation function's default slope (the LeakyReLU layer's is 0.3). */
  LEAKY_RELU("leaky_relu"),
  /** {@code x > 0 ? x : exp(x) - 1}. */
  ELU("elu"),
  /** Scaled ELU with Keras' constants. */
  SELU("selu"),
  /** {@code 1 / (1 + exp(-x))}. */
  SIGMOID("sigmoid"),
  /** Keras 3: {@code relu6(x + 3) / 6}. */
  HARD_SIGMOID("hard_sigmoid"),
  /** Keras 2 (tf.keras, tf-keras): {@code clip(0.2x + 0.5, 0, 1)}. */
  HARD_SIGMOID_KERAS2("hard_sigmoid"),
  /** {@code x · relu6(x + 3) / 6} (Keras 3 "hard_silu", alias "hard_swish"). */
  HARD_SILU("hard_silu"),
  /** Hyperbolic tangent. */
  TANH("tanh"),
  /** {@code log(1 + exp(x))}, with TensorFlow's thresholds. */
  SOFTPLUS("softplus"),
  /** {@code x / (1 + |x|)}. */
  SOFTSIGN("softsign"),
  /** {@code x · sigmoid(x)} (Keras 2 "swish", Keras 3 "silu"). */
  SILU("silu"),
  /** Exact GELU, {@code 0.5 x (1 + erf(x / √2))}, what the string "gelu" means in both Keras versions. */
  GELU("gelu"),
  /** {@code exp(x)}. */
  EXPONENTIAL("exponential"),
  /** {@code x · tanh(softplus(x))}. */
  MISH("mish"),
  /** Softmax over the last axis. */
  SOFTMAX("softmax"),
  /** Log-softmax over the last axis. */
  LOG_SOFTMAX("log_softmax"),
  /** Keras 3: {@code x > 0 ? x : exp(x) - 1} (alpha 1). */
  CELU("celu"),
  /** Keras 3: gated linear unit over the last axis, {@code a ⊙ sigmoid(b)} for halves a, b; halves the width. */
  GLU("glu"),
  /** Keras 3: {@code |x| > 0.5 ? x : 0}. */
  HARD_SHRINK("hard_shrink"),
  /** Keras 3: {@code clip(x, -1, 1)}. */
  HARD_TANH("hard_tanh"),
  /** Keras 3: {@code log(sigmoid(x)) = -softplus(-x)}. */
  LOG_SIGMOID("log_sigmoid"),
  /** Keras 3: {@code x - 0.5} above 0.5, {@code x + 0.5} below -0.5, else 0. */
  SOFT_SHRINK("soft_shrink"),
  /** Keras 3: 0 for {@code x <= -1}, {@code x} for {@code x >= 1}, else {@code (x + 1)² / 4}. */
  SPARSE_PLUS("sparse_plus"),
  /** Keras 3: 0 for {@code x <= -1}, 1 for {@code x >= 1}, else {@code (x + 1) / 2}. */
  SPARSE_SIGMOID("sparse_sigmoid"),
  /** Keras 3: sparsemax over the last axis, exactly as Keras 3 defines it (see the source comment). */
  SPARSEMAX("sparsemax"),
  /** Keras 3: {@code (x + sqrt(x² + 4)) / 2}. */
  SQUAREPLUS("squareplus"),
  /** Keras 3: {@code x - tanh(x)}. */
  TANH_SHRINK("tanh_shrink");

  private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  private static final double SELU_SCALE = 1.0507009873554804934193349852946;
  private static final float SELU_SCALE_F = (float) SELU_SCALE;
  private static final float SELU_SCALE_ALPHA_F = (float) (SELU_SCALE * SELU_ALPHA);
  /** TensorFlow's softplus threshold, {@code log(FLT_EPSILON) + 2}. */
  private static final double SOFTPLUS_THRESHOLD = Math.log(Math.ulp(1.0f)) + 2.0;

  private final String kerasName;

  Activation(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The name Keras writes in configs. */
  public String kerasName() {
    return kerasName;
  }

  /**
   * The activation a Keras config names.
   *
   * @param name the config string, e.g. {@code "tanh"}; {@code null} means linear
   * @param kerasMajor the major version of the Keras that wrote the file (2 or 3); it decides
   *     what {@code hard_sigmoid} means
   * @throws UnsupportedFeatureException for a name kerasj does not implement
   */
  public static Activation forKerasName(String name, int kerasMajor) {
    if (name == null) {
      return LINEAR;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "linear":
      case "none":
        return LINEAR;
      case "relu":
        return RELU;
      case "relu6":
        return RELU6;
      case "leaky_relu":
        return LEAKY_RELU;
      case "elu":
        return ELU;
      case "selu":
        return SELU;
      case "sigmoid":
        return SIGMOID;
      case "hard_sigmoid":
        return kerasMajor >= 3 ? HARD_SIGMOID : HARD_SIGMOID_KERAS2;
      case "hard_silu":
      case "hard_swish":
        return HARD_SILU;
      case "tanh":
        return TANH;
      case "softplus":
        return SOFTPLUS;
      case "softsign":
        return SOFTSIGN;
      case "swish":
      case "silu":
        return SILU;
      case "gelu":
        return GELU;
      case "exponential":
        return EXPONENTIAL;
      case "mish":
        return MISH;
      case "softmax":
        return SOFTMAX;
      case "log_softmax":
        return LOG_SOFTMAX;
      case "celu":
        return CELU;
      case "glu":
        return GLU;
      case "hard_shrink":
        return HARD_SHRINK;
      case "hard_tanh":
        return HARD_TANH;
      case "log_sigmoid":
        return LOG_SIGMOID;
      case "soft_shrink":
        return SOFT_SHRINK;
      case "sparse_plus":
        return SPARSE_PLUS;
      case "sparse_sigmoid":
        return SPARSE_SIGMOID;
      case "sparsemax":
        return SPARSEMAX;
      case "squareplus":
        return SQUAREPLUS;
      case "tanh_shrink":
        return TANH_SHRINK;
      default:
        throw new UnsupportedFeatureException("activation " + Messages.quote(name) + " is not supported; supported: "
            + "linear, relu, relu6, leaky_relu, elu, selu, sigmoid, hard_sigmoid, hard_silu, tanh, softplus, "
            + "softsign, swish/silu, gelu, exponential, mish, softmax, log_softmax, celu, glu, hard_shrink, "
            + "hard_tanh, log_sigmoid, soft_shrink, sparse_plus, sparse_sigmoid, sparsemax, squareplus, tanh_shrink");
    }
  }

  /** True for activations that mix the values of a row (softmax, log_softmax, sparsemax, glu). */
  public boolean isRowWise() {
    return this == SOFTMAX || this == LOG_SOFTMAX || this == SPARSEMAX || this == GLU;
  }

  /**
   * The width of a row after the activation: {@code cols}, except {@link #GLU}, which halves it.
   *
   * @throws UnsupportedFeatureException for GLU on an odd width
   */
  public int outputSize(int cols) {
    if (this != GLU) {
      return cols;
    }
    if (cols % 2 != 0) {
      throw new UnsupportedFeatureException("activation 'glu' needs an even width, got " + cols);
    }
    return cols / 2;
  }

  /**
   * Applies the activation in place to {@code rows} rows of {@code cols} values starting at
   * {@code off}. Row-wise activations normalize each row; the others act element by element.
   */
  public void apply(float[] a, int off, int rows, int cols) {
    int end = off + rows * cols;
    switch (this) {
      case LINEAR:
        return;
      case RELU:
        // Math.max keeps NaN and turns -0 into +0, as x > 0 ? x : (NaN ? x : 0) does; the JIT
        // vectorizes it.
        for (int i = off; i < end; i++) {
          a[i] = Math.max(a[i], 0f);
        }
        return;
      case RELU6:
        for (int i = off; i < end; i++) {
          a[i] = Math.min(Math.max(a[i], 0f), 6f); // Math.min and max keep NaN
        }
        return;
      case LEAKY_RELU:
        // max(x, 0.2x) is x > 0 ? x : 0.2x for every float (-0 and NaN included), without a branch.
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = Math.max(x, 0.2f * x);
        }
        return;
      case ELU:
        for (int i = off; i < end; i++) {
          // TensorFlow's Elu kernel computes exp(x) - 1 in float32 (not expm1); so do we.
          float x = a[i];
          a[i] = x > 0f ? x : (float) Math.exp(x) - 1f;
        }
        return;
      case SELU:
        for (int i = off; i < end; i++) {
          // TensorFlow multiplies by float32 constants (scale, scale·alpha); doing the same keeps
          // recurrences that amplify rounding in step with it.
          float x = a[i];
          a[i] = x > 0f ? SELU_SCALE_F * x : SELU_SCALE_ALPHA_F * ((float) Math.exp(x) - 1f);
        }
        return;
      case SIGMOID:
        Kernels.sigmoid(a, off, end - off);
        return;
      case HARD_SIGMOID:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x != x ? x : Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
        }
        return;
      case HARD_SIGMOID_KERAS2:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x != x ? x : Math.min(Math.max(0.2f * x + 0.5f, 0f), 1f);
        }
        return;
      case HARD_SILU:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x * (Math.min(Math.max(x + 3f, 0f), 6f) / 6f);
        }
        return;
      case TANH:
        Kernels.tanh(a, off, end - off);
        return;
      case SOFTPLUS:
        for (int i = off; i < end; i++) {
          a[i] = (float) softplus(a[i]);
        }
        return;
      case SOFTSIGN:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x / (1f + Math.abs(x));
        }
        return;
      case SILU:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (x / (1.0 + Math.exp(-x)));
        }
        return;
      case GELU:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (0.5 * x * Erf.erfc(-x / Math.sqrt(2.0)));
        }
        return;
      case EXPONENTIAL:
        for (int i = off; i < end; i++) {
          a[i] = (float) Math.exp(a[i]);
        }
        return;
      case MISH:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (x * Math.tanh(softplus(x)));
        }
        return;
      case SOFTMAX:
        // In float on the vector kernels, as TensorFlow's CPU kernel computes it (exp(x − max), then
        // times 1/Σ): a Dense(1000, softmax) head over 50 steps took 0.3 ms in double Math.exp.
        for (int r = 0; r < rows; r++) {
          Kernels.softmax(a, off + r * cols, cols);
        }
        return;
      case LOG_SOFTMAX:
        for (int r = 0; r < rows; r++) {
          softmaxRow(a, off + r * cols, cols, true);
        }
        return;
      case CELU:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x > 0f ? x : (float) Math.expm1(x);
        }
        return;
      case GLU: {
        // Rows shrink to cols/2 and are packed from off; writes never overtake unread values.
        int h = cols / 2;
        for (int r = 0; r < rows; r++) {
          int src = off + r * cols;
          int dst = off + r * h;
          for (int j = 0; j < h; j++) {
            a[dst + j] = (float) (a[src + j] * (1.0 / (1.0 + Math.exp(-(double) a[src + h + j]))));
          }
        }
        return;
      }
      case HARD_SHRINK:
        for (int i = off; i < end; i++) {
          float x = a[i];
          // tf.where(abs(x) > 0.5, x, 0): NaN fails the test and becomes 0, as in TensorFlow.
          a[i] = Math.abs(x) > 0.5f ? x : 0f;
        }
        return;
      case HARD_TANH:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x != x ? x : Math.min(Math.max(x, -1f), 1f);
        }
        return;
      case LOG_SIGMOID:
        for (int i = off; i < end; i++) {
          a[i] = (float) -softplus(-(double) a[i]);
        }
        return;
      case SOFT_SHRINK:
        for (int i = off; i < end; i++) {
          float x = a[i];
          a[i] = x > 0.5f ? x - 0.5f : x < -0.5f ? x + 0.5f : 0f; // NaN → 0, as tf.where gives
        }
        return;
      case SPARSE_PLUS:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (x <= -1 ? 0 : x >= 1 ? x : (x + 1) * (x + 1) / 4);
        }
        return;
      case SPARSE_SIGMOID:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (x <= -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1));
        }
        return;
      case SPARSEMAX:
        for (int r = 0; r < rows; r++) {
          sparsemaxRow(a, off + r * cols, cols);
        }
        return;
      case SQUAREPLUS:
        for (int i = off; i < end; i++) {
          // float32 in TensorFlow's order: (x + sqrt(x*x + 4)) / 2. For large negative x the sum
          // cancels to 0 in float32 where the exact value is ~1/|x|; TensorFlow gives 0, so do we.
          float x = a[i];
          float r = (float) Math.sqrt(x * x + 4f);
          a[i] = (x + r) / 2f;
        }
        return;
      case TANH_SHRINK:
        for (int i = off; i < end; i++) {
          double x = a[i];
          a[i] = (float) (x - Math.tanh(x));
        }
        return;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * {@link #apply}, split by rows across threads when large enough ({@link ParallelRows}): for a
   * layer's output, not for the gates of a recurrent step, where a hand-over every step would cost
   * more than it saves under load.
   */
  public void applyParallel(float[] a, int off, int rows, int cols) {
    // GLU packs its rows towards off: a later row's output overwrites an earlier row's input.
    if (this != LINEAR && this != GLU && ParallelRows.worth(rows, (long) rows * cols * cost())) {
      ParallelRows.Args g = ParallelRows.args();
      g.a = a;
      g.off = off;
      g.n = cols;
      g.o1 = this;
      if (ParallelRows.tryRun(rows, ROWS)) {
        return;
      }
    }
    apply(a, off, rows, cols);
  }

  private static final ParallelRows.Body ROWS = (g, from, to) ->
      ((Activation) g.o1).apply(g.a, g.off + from * g.n, to - from, g.n);

  // Work per element relative to a ReLU (ParallelRows.MIN_WORK): a comparison or two, or a
  // function of exp/tanh/erf.
  private int cost() {
    switch (this) {
      case RELU:
      case RELU6:
      case LEAKY_RELU:
      case HARD_SIGMOID:
      case HARD_SIGMOID_KERAS2:
      case HARD_SILU:
      case SOFTSIGN:
      case HARD_SHRINK:
      case HARD_TANH:
      case SOFT_SHRINK:
      case SPARSE_PLUS:
      case SPARSE_SIGMOID:
      case SQUAREPLUS:
        return 1;
      default:
        return 16;
    }
  }


  /** Logistic sigmoid of a float, within 3 ulp (see {@link FastMath}). */
  static float sigmoid(float x) {
    return FastMath.sigmoid(x);
  }

  /** Hyperbolic tangent of a float, within 2 ulp (see {@link FastMath}). */
  static float tanh(float x) {
    return FastMath.tanh(x);
  }

  private static double softplus(double x) {
    if (x > -SOFTPLUS_THRESHOLD) {
      return x;
    }
    if (x < SOFTPLUS_THRESHOLD) {
      return Math.exp(x);
    }
    return Math.log1p(Math.exp(x));
  }

  // Keras 3's own definition (keras/src/backend/tensorflow/nn.py), reproduced as TensorFlow runs
  // it: tau sums the cumulative sums over the support, which is not the paper's
  // (cumsum_k - 1) / k, so outputs differ from Martins & Astudillo (2016) when |support| > 1.
  private static void sparsemaxRow(float[] a, int off, int n) {
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = a[off + i];
    }
    java.util.Arrays.sort(z);
    double cum = 0;
    double cumOverSupport = 0;
    int k = 0;
    for (int r = 1; r <= n; r++) {
      double zr = z[n - r];
      cum += zr;
      if (zr - (cum - 1) / r > 0) {
        cumOverSupport += cum;
        k++;
      }
    }
    double tau = (cumOverSupport - 1) / k;
    for (int i = 0; i < n; i++) {
      a[off + i] = (float) Math.max(a[off + i] - tau, 0.0);
    }
  }

  private static void softmaxRow(float[] a, int off, int n, boolean log) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = off; i < off + n; i++) {
      max = Math.max(max, a[i]);
    }
    double sum = 0;
    for (int i = off; i < off + n; i++) {
      sum += Math.exp((double) a[i] - max);
    }
    if (log) {
      double ls = Math.log(sum);
      for (int i = off; i < off + n; i++) {
        a[i] = (float) (((double) a[i] - max) - ls);
      }
    } else {
      for (int i = off; i < off + n; i++) {
        a[i] = (float) (Math.exp((double) a[i] - max) / sum);
      }
    }
  }
}
