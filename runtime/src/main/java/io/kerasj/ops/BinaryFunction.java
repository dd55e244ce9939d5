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
  LOGICAL_XOR;

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
      default:
        throw new AssertionError(this);
    }
  }
}
