package io.kerasj.ops;

import io.kerasj.internal.vectorization.Erf;

/**
 * Element-wise functions of one tensor that are not Keras activations (those are {@link
 * io.kerasj.activations.Activation}), or activations with a parameter other than Keras' default.
 * Evaluated in double precision and rounded once, except where TensorFlow's float32 order is
 * followed (noted).
 */
public enum UnaryFunction {
  /** {@code x} ({@code tf.identity}, {@code ops.stop_gradient}, a cast to float32). */
  IDENTITY,
  /** {@code |x|}. */
  ABS,
  /** {@code -x}. */
  NEGATIVE,
  /** {@code x²}, in float32. */
  SQUARE,
  /** {@code √x}. */
  SQRT,
  /** {@code 1 / √x}. */
  RSQRT,
  /** {@code 1 / x}, in float32. */
  RECIPROCAL,
  /** {@code eˣ}. */
  EXP,
  /** {@code eˣ − 1}. */
  EXPM1,
  /** Natural logarithm. */
  LOG,
  /** {@code log(1 + x)}. */
  LOG1P,
  /** Base-2 logarithm. */
  LOG2,
  /** Base-10 logarithm. */
  LOG10,
  /** Sine. */
  SIN,
  /** Cosine. */
  COS,
  /** Tangent. */
  TAN,
  /** −1, 0 or 1 (NaN stays NaN). */
  SIGN,
  /** Rounds down. */
  FLOOR,
  /** Rounds up. */
  CEIL,
  /** Rounds half to even, as NumPy and TensorFlow do. */
  ROUND,
  /** Rounds toward zero. */
  TRUNC,
  /** The error function. */
  ERF,
  /** {@code x == 0}. */
  LOGICAL_NOT,
  /** {@code x != x}. */
  IS_NAN,
  /** {@code |x| == ∞}. */
  IS_INF,
  /** Neither NaN nor infinite. */
  IS_FINITE,
  /** A cast to an integer type: rounds toward zero. */
  CAST_INT,
  /** A cast to bool: {@code x != 0}. */
  CAST_BOOL,
  /** {@code min(max(x, p0), p1)}. */
  CLIP,
  /** {@code x > 0 ? x : p0 · x} (TensorFlow's {@code LeakyRelu}). */
  LEAKY_RELU,
  /** {@code x > 0 ? x : p0 · (eˣ − 1)}, Keras 3's {@code elu} with {@code alpha = p0}. */
  ELU,
  /** {@code max(x, 0) + p0 · expm1(min(x, 0) / p0)}, Keras 3's {@code celu}. */
  CELU,
  /** GELU's tanh approximation, {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
  GELU_TANH,
  /** {@code |x| > p0 ? x : 0}. */
  HARD_SHRINK,
  /** {@code x − p0} above {@code p0}, {@code x + p0} below {@code −p0}, else 0. */
  SOFT_SHRINK,
  /** {@code (x + √(x² + p0)) / 2}, in float32 as TensorFlow computes it. */
  SQUAREPLUS,
  /** {@code x > p0 ? x : p1}. */
  THRESHOLD,
  /** {@code p0} everywhere: {@code ones_like}, {@code zeros_like}, {@code full_like}. */
  FILL,
  /** {@code acos(x)}. */
  ARCCOS,
  /** {@code acosh(x)}. */
  ARCCOSH,
  /** {@code asin(x)}. */
  ARCSIN,
  /** {@code asinh(x)}. */
  ARCSINH,
  /** {@code atan(x)}. */
  ARCTAN,
  /** {@code atanh(x)}. */
  ARCTANH,
  /** {@code cosh(x)}. */
  COSH,
  /** {@code sinh(x)}. */
  SINH,
  /** {@code 2^x} ({@code tf.math.pow(2.0, x)}). */
  EXP2,
  /** {@code sign(x) · |x|^(1/3)} with float32's 1/3, as Keras' TensorFlow backend computes it. */
  CBRT,
  /** {@code x · float32(π / 180)}, the factor rounded to float32 first as TensorFlow computes it. */
  DEG2RAD,
  /** {@code x · float32(180 / π)}. */
  RAD2DEG,
  /** 1 where the sign bit is set (−0.0 and NaNs with it included), else 0. */
  SIGNBIT,
  /** {@code sin(πx) / (πx)} with {@code πx} in float32, 1 at 0. */
  SINC;

  private static double asinh(double x) {
    double a = Math.abs(x);
    // log1p form: exact near 0, where log(a + √(a² + 1)) loses the small terms.
    double r = a > 1e8 ? Math.log(a) + Math.log(2.0) : Math.log1p(a + a * a / (1.0 + Math.sqrt(1.0 + a * a)));
    return x < 0 ? -r : r;
  }

  private static double acosh(double x) {
    if (x < 1.0) {
      return Double.NaN;
    }
    return x > 1e8 ? Math.log(x) + Math.log(2.0) : Math.log(x + Math.sqrt((x - 1.0) * (x + 1.0)));
  }

  /** The function of one element with parameters {@code p0}, {@code p1} (where it takes them). */
  public float apply(float x, float p0, float p1) {
    switch (this) {
      case IDENTITY:
        return x;
      case ABS:
        return Math.abs(x);
      case NEGATIVE:
        return -x;
      case SQUARE:
        return x * x;
      case SQRT:
        return (float) Math.sqrt(x);
      case RSQRT:
        return (float) (1.0 / Math.sqrt(x));
      case RECIPROCAL:
        return 1f / x;
      case EXP:
        return (float) Math.exp(x);
      case EXPM1:
        return (float) Math.expm1(x);
      case LOG:
        return (float) Math.log(x);
      case LOG1P:
        return (float) Math.log1p(x);
      case LOG2:
        return (float) (Math.log(x) / Math.log(2.0));
      case LOG10:
        return (float) Math.log10(x);
      case SIN:
        return (float) Math.sin(x);
      case COS:
        return (float) Math.cos(x);
      case TAN:
        return (float) Math.tan(x);
      case SIGN:
        return Math.signum(x);
      case FLOOR:
        return (float) Math.floor(x);
      case CEIL:
        return (float) Math.ceil(x);
      case ROUND:
        return (float) Math.rint(x);
      case TRUNC:
      case CAST_INT:
        return x < 0f ? (float) Math.ceil(x) : (float) Math.floor(x);
      case ERF:
        return (float) (1.0 - Erf.erfc(x));
      case LOGICAL_NOT:
        return x == 0f ? 1f : 0f;
      case IS_NAN:
        return x != x ? 1f : 0f;
      case IS_INF:
        return Float.isInfinite(x) ? 1f : 0f;
      case IS_FINITE:
        return Float.isFinite(x) ? 1f : 0f;
      case CAST_BOOL:
        return x != 0f ? 1f : 0f;
      case CLIP:
        return Math.min(Math.max(x, p0), p1);
      case LEAKY_RELU:
        return x > 0f ? x : x * p0;
      case ELU:
        // TensorFlow's Elu computes exp(x) - 1 in float32; Keras 3 then scales by alpha.
        return x > 0f ? x : p0 * ((float) Math.exp(x) - 1f);
      case CELU:
        return Math.max(x, 0f) + p0 * (float) Math.expm1(Math.min(x, 0f) / p0);
      case GELU_TANH: {
        double d = x;
        return (float) (0.5 * d * (1.0 + Math.tanh(0.7978845608028654 * (d + 0.044715 * d * d * d))));
      }
      case HARD_SHRINK:
        return Math.abs(x) > p0 ? x : 0f;
      case SOFT_SHRINK:
        return x > p0 ? x - p0 : x < -p0 ? x + p0 : 0f;
      case SQUAREPLUS:
        return (x + (float) Math.sqrt(x * x + p0)) / 2f;
      case THRESHOLD:
        return x > p0 ? x : p1;
      case FILL:
        return p0;
      case ARCCOS:
        return (float) Math.acos(x);
      case ARCCOSH:
        return (float) acosh(x);
      case ARCSIN:
        return (float) Math.asin(x);
      case ARCSINH:
        return (float) asinh(x);
      case ARCTAN:
        return (float) Math.atan(x);
      case ARCTANH:
        return (float) (0.5 * Math.log1p(2.0 * x / (1.0 - x)));
      case COSH:
        return (float) Math.cosh(x);
      case SINH:
        return (float) Math.sinh(x);
      case EXP2:
        return (float) Math.pow(2.0, x);
      case CBRT:
        return Math.signum(x) * (float) Math.pow(Math.abs(x), (double) (1f / 3f));
      case DEG2RAD:
        return x * ((float) Math.PI / 180f);
      case RAD2DEG:
        return x * (180f / (float) Math.PI);
      case SIGNBIT:
        return Float.floatToRawIntBits(x) < 0 ? 1f : 0f;
      case SINC: {
        if (x == 0f) {
          return 1f;
        }
        float px = x * (float) Math.PI;
        return (float) Math.sin(px) / px;
      }
      default:
        throw new AssertionError(this);
    }
  }
}
