package io.kerasj.ops;

/**
 * The element-wise functions of two tensors that Keras and TensorFlow broadcast, in float32 as
 * TensorFlow computes them. Booleans are 1.0 (true) and 0.0 (false); any non-zero value counts as
 * true.
 */
public enum BinaryFunction {
  /** {@code x + y}. */
  ADD,
  /** {@code x - y}. */
  SUBTRACT,
  /** {@code x * y}. */
  MULTIPLY,
  /** {@code x / y} (true division). */
  DIVIDE,
  /** {@code y == 0 ? 0 : x / y} ({@code tf.math.divide_no_nan}). */
  DIVIDE_NO_NAN,
  /** {@code y == 0 ? 0 : x * y}, even where {@code x} is NaN or infinite ({@code tf.math.multiply_no_nan}). */
  MULTIPLY_NO_NAN,
  /** {@code floor(x / y)}. */
  FLOOR_DIVIDE,
  /** {@code x - floor(x / y) * y} with the sign of {@code y}, as TensorFlow's {@code FloorMod}. */
  FLOOR_MOD,
  /** {@code x ** y}. */
  POWER,
  /** {@code max(x, y)}; NaN if either is NaN. */
  MAXIMUM,
  /** {@code min(x, y)}; NaN if either is NaN. */
  MINIMUM,
  /** {@code (x - y)²}. */
  SQUARED_DIFFERENCE,
  /** {@code x == y}. */
  EQUAL,
  /** {@code x != y}. */
  NOT_EQUAL,
  /** {@code x > y}. */
  GREATER,
  /** {@code x >= y}. */
  GREATER_EQUAL,
  /** {@code x < y}. */
  LESS,
  /** {@code x <= y}. */
  LESS_EQUAL,
  /** {@code x and y}. */
  LOGICAL_AND,
  /** {@code x or y}. */
  LOGICAL_OR,
  /** {@code x xor y}. */
  LOGICAL_XOR,
  /** {@code atan2(x, y)}: the angle of the point {@code (y, x)}, NumPy's {@code arctan2(x1, x2)}. */
  ARCTAN2,
  /** {@code √(x² + y²)} as Keras' TensorFlow backend computes it. */
  HYPOT,
  /** {@code log(eˣ + eʸ)} as Keras' TensorFlow backend computes it ({@code x + y} where {@code x − y} is NaN). */
  LOGADDEXP,
  /** 0 below 0, 1 above, {@code y} at 0 (and for NaN, as TensorFlow's comparisons give). */
  HEAVISIDE,
  /** C's {@code fmod}: the remainder with the sign of {@code x}. */
  FMOD;

  /** The function of one pair of elements. */
  public float apply(float x, float y) {
    switch (this) {
      case ADD:
        return x + y;
      case SUBTRACT:
        return x - y;
      case MULTIPLY:
        return x * y;
      case DIVIDE:
        return x / y;
      case DIVIDE_NO_NAN:
        return y == 0f ? 0f : x / y;
      case MULTIPLY_NO_NAN:
        return y == 0f ? 0f : x * y;
      case FLOOR_DIVIDE:
        return (float) Math.floor(x / y);
      case FLOOR_MOD: {
        float r = x % y; // C's fmod, then moved to the sign of y as TensorFlow does
        return r != 0f && (y < 0f) != (r < 0f) ? r + y : r;
      }
      case POWER:
        return (float) Math.pow(x, y);
      case MAXIMUM:
        return Math.max(x, y);
      case MINIMUM:
        return Math.min(x, y);
      case SQUARED_DIFFERENCE: {
        float d = x - y;
        return d * d;
      }
      case EQUAL:
        return x == y ? 1f : 0f;
      case NOT_EQUAL:
        return x != y ? 1f : 0f;
      case GREATER:
        return x > y ? 1f : 0f;
      case GREATER_EQUAL:
        return x >= y ? 1f : 0f;
      case LESS:
        return x < y ? 1f : 0f;
      case LESS_EQUAL:
        return x <= y ? 1f : 0f;
      case LOGICAL_AND:
        return x != 0f && y != 0f ? 1f : 0f;
      case LOGICAL_OR:
        return x != 0f || y != 0f ? 1f : 0f;
      case LOGICAL_XOR:
        return (x != 0f) != (y != 0f) ? 1f : 0f;
      case ARCTAN2:
        return (float) Math.atan2(x, y);
      case HYPOT: {
        // Keras' TensorFlow backend, in float32: max · sqrt(1 + (min / max)²), 0/0 taken as 0.
        float ax = Math.abs(x);
        float ay = Math.abs(y);
        float max = Math.max(ax, ay);
        float min = Math.min(ax, ay);
        float ratio = max == 0f ? 0f : min / max;
        return max * (float) Math.sqrt(1f + ratio * ratio);
      }
      case LOGADDEXP: {
        float d = x - y;
        if (Float.isNaN(d)) {
          return x + y;
        }
        return Math.max(x, y) + (float) Math.log1p((float) Math.exp(-Math.abs(d)));
      }
      case HEAVISIDE:
        return x < 0f ? 0f : x > 0f ? 1f : y;
      case FMOD:
        // Keras' TensorFlow backend: sign(x1) · floormod(|x1|, |x2|), which is C's fmod.
        return Math.signum(x) * (Math.abs(x) % Math.abs(y));
      default:
        throw new AssertionError(this);
    }
  }
}
