package io.kerasj.spark;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * Between Spark values and a model's tensors: which column types fit each model input, the Spark
 * type of each output, a row's value read into floats (with its shape) and a row's slice of an
 * output tensor written back as a Spark value.
 *
 * <p>A model input of rank {@code r} (batch axis included) takes a column of {@code r − 1} nested
 * arrays of numbers: {@code array<array<float>>} for {@code (batch, time, features)}, {@code
 * array<float>} for {@code (batch, features)}. An input of shape {@code (batch, time, 1)} also takes
 * {@code array<float>}, one number per step. Any numeric element type is read as float32. An output
 * of rank {@code r} is written as {@code r − 1} nested arrays of float ({@code float} for rank 1).
 *
 * <p>Built on the driver from the loaded model; serializable, so the executors receive it with the
 * task and need not consult the model to read rows.
 */
final class RowCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final String[] inputNames;
  private final String[] columns;
  private final int[][] inputShapes;  // declared, batch axis included, -1 = None
  private final int[] depths;          // nesting depth of each input column's arrays
  private final int[] outputRanks;

  private RowCodec(Model m, String[] columns, int[] depths) {
    this.modelName = m.name();
    this.inputNames = m.inputNames().toArray(new String[0]);
    this.columns = columns.clone();
    this.inputShapes = new int[m.inputCount()][];
    for (int i = 0; i < inputShapes.length; i++) {
      inputShapes[i] = m.inputShape(i);
    }
    this.depths = depths.clone();
    this.outputRanks = new int[m.outputCount()];
    for (int i = 0; i < outputRanks.length; i++) {
      outputRanks[i] = m.outputShape(i).length;
    }
  }

  /**
   * Checks that the columns fit the model's inputs, in the model's input order.
   *
   * @param columnTypes the Spark type of each input column
   * @throws KerasjSparkException naming the column, its type and the type the model input takes
   */
  static RowCodec of(Model m, String[] columns, DataType[] columnTypes) {
    if (columns.length != m.inputCount()) {
      throw new KerasjSparkException("model '" + m.name() + "' has " + m.inputCount() + " inputs "
          + m.inputNames() + ", but " + columns.length + " input columns were given " + Arrays.toString(columns)
          + (m.inputCount() > 1 ? "; list one column per input with setInputCols, in the model's input order" : ""));
    }
    int[] depths = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      int[] shape = m.inputShape(i);
      int depth = arrayDepth(columnTypes[i]);
      boolean flatSteps = shape.length == 3 && shape[2] == 1 && depth == 1;
      if (depth < 0 || (depth != shape.length - 1 && !flatSteps)) {
        throw new KerasjSparkException("column '" + columns[i] + "' is " + columnTypes[i].simpleString()
            + ", but model '" + m.name() + "' input '" + m.inputNames().get(i) + "' of shape "
            + Model.formatShape(shape) + " takes " + expectedType(shape));
      }
      depths[i] = depth;
    }
    return new RowCodec(m, columns, depths);
  }

  /**
   * A codec for the arguments of a SQL function, whose types are known only per value: an input of
   * shape {@code (batch, time, 1)} takes nested or flat arrays alike.
   *
   * @param argument names argument {@code i} in messages
   */
  static RowCodec forArguments(Model m, java.util.function.IntFunction<String> argument) {
    String[] names = new String[m.inputCount()];
    int[] depths = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = argument.apply(i);
      depths[i] = -1;
    }
    return new RowCodec(m, names, depths);
  }

  /** The Spark type of output {@code i}: nested arrays of float, one level per non-batch axis. */
  DataType outputType(int i) {
    DataType t = DataTypes.FloatType;
    for (int d = 1; d < outputRanks[i]; d++) {
      t = DataTypes.createArrayType(t, false);
    }
    return t;
  }

  int inputCount() {
    return inputShapes.length;
  }

  int outputCount() {
    return outputRanks.length;
  }

  String column(int i) {
    return columns[i];
  }

  private static String expectedType(int[] shape) {
    String t = "float";
    for (int d = 1; d < shape.length; d++) {
      t = "array<" + t + ">";
    }
    return shape.length == 3 && shape[2] == 1 ? t + " (or array<float>, one number per step)" : t;
  }

  /** How many arrays are nested in {@code t} above a numeric element type; -1 if not numbers at all. */
  private static int arrayDepth(DataType t) {
    int d = 0;
    while (t instanceof ArrayType) {
      t = ((ArrayType) t).elementType();
      d++;
    }
    return t instanceof NumericType ? d : -1;
  }

  /** A row's value that cannot be scored; carries no stack trace (with "keep" many may be thrown). */
  static final class InvalidValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidValue(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Reads input {@code i}'s value of one row into {@code buf} (appending) and returns its shape
   * without the batch axis.
   *
   * @throws InvalidValue for a null, an empty array, a ragged array, a null element, or a shape the
   *     model's declared dimensions refuse
   */
  int[] read(int i, Object value, FloatBuffer buf) {
    if (value == null) {
      throw new InvalidValue("column '" + columns[i] + "' is null");
    }
    int[] shape = inputShapes[i];
    int depth = depths[i];
    if (depth < 0) {
      boolean flatSteps = shape.length == 3 && shape[2] == 1 && Values.length(value) > 0
          && Values.at(value, 0) instanceof Number;
      depth = flatSteps ? 1 : shape.length - 1;
    }
    int[] dims = new int[depth];
    Arrays.fill(dims, -1);
    int start = buf.size;
    try {
      readLevel(i, value, 0, depth, dims, new int[Math.max(depth, 1)], buf);
    } catch (InvalidValue e) {
      buf.size = start;
      throw e;
    }
    int[] rowShape = depth == shape.length - 1 ? dims : new int[] {dims[0], 1};
    for (int a = 1; a < shape.length; a++) {
      if (shape[a] >= 0 && rowShape[a - 1] != shape[a]) {
        buf.size = start;
        throw new InvalidValue("column '" + columns[i] + "' holds an array of shape " + shapeOf(rowShape)
            + ", which does not fit model '" + modelName + "' input '" + inputNames[i] + "' of shape "
            + Model.formatShape(shape) + " (axis " + a + " must be " + shape[a] + ")");
      }
    }
    return rowShape;
  }

  private void readLevel(int i, Object v, int level, int depth, int[] dims, int[] at, FloatBuffer buf) {
    if (level == depth) {
      if (!(v instanceof Number)) {
        throw new InvalidValue(v == null ? "column '" + columns[i] + "' has a null number at " + where(at, level)
            : "column '" + columns[i] + "' has a " + v.getClass().getName() + " at " + where(at, level));
      }
      buf.add(((Number) v).floatValue());
      return;
    }
    if (v == null) {
      throw new InvalidValue("column '" + columns[i] + "' has a null array at " + where(at, level));
    }
    int n = Values.length(v);
    if (n == 0) {
      throw new InvalidValue("column '" + columns[i] + "' has an empty array" + (level == 0 ? "" : " at "
          + where(at, level)) + (level == 0 && depth >= 2 ? " (a sequence of no steps)" : ""));
    }
    if (dims[level] < 0) {
      dims[level] = n;
    } else if (dims[level] != n) {
      throw new InvalidValue("column '" + columns[i] + "' is ragged: the array at " + where(at, level) + " has "
          + n + " elements, the first one at that depth has " + dims[level]);
    }
    if (level + 1 == depth) {
      // The innermost arrays: the hot loop, kept free of the recursion.
      for (int j = 0; j < n; j++) {
        Object x = Values.at(v, j);
        if (!(x instanceof Number)) {
          at[level] = j;
          readLevel(i, x, level + 1, depth, dims, at, buf); // throws with the position
        }
        buf.add(((Number) x).floatValue());
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      at[level] = j;
      readLevel(i, Values.at(v, j), level + 1, depth, dims, at, buf);
    }
  }

  private static String where(int[] at, int level) {
    StringBuilder s = new StringBuilder();
    for (int l = 0; l < level; l++) {
      s.append('[').append(at[l]).append(']');
    }
    return s.length() == 0 ? "the top level" : s.toString();
  }

  private static String shapeOf(int[] dims) {
    StringBuilder s = new StringBuilder("(");
    for (int d = 0; d < dims.length; d++) {
      s.append(d == 0 ? "" : ", ").append(dims[d]);
    }
    return s.append(dims.length == 1 ? ",)" : ")").toString();
  }

  /**
   * Row {@code r}'s slice of a batch output as a Spark value: {@code Float} for a rank-1 output,
   * {@code float[]} for rank 2, {@code float[][]} for rank 3, nested {@code Object[]} above.
   */
  static Object slice(Tensor out, int r) {
    int[] shape = out.shape();
    int per = 1;
    for (int d = 1; d < shape.length; d++) {
      per *= shape[d];
    }
    float[] data = out.data();
    if (shape.length == 1) {
      return data[r];
    }
    return nest(data, r * per, shape, 1);
  }

  private static Object nest(float[] data, int off, int[] shape, int axis) {
    if (axis == shape.length - 1) {
      return Arrays.copyOfRange(data, off, off + shape[axis]);
    }
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    if (axis == shape.length - 2) {
      float[][] r = new float[shape[axis]][];
      for (int j = 0; j < r.length; j++) {
        r[j] = Arrays.copyOfRange(data, off + j * inner, off + (j + 1) * inner);
      }
      return r;
    }
    Object[] r = new Object[shape[axis]];
    for (int j = 0; j < r.length; j++) {
      r[j] = nest(data, off + j * inner, shape, axis + 1);
    }
    return r;
  }

  /** A growable float array, reused from batch to batch. */
  static final class FloatBuffer {
    float[] data = new float[1024];
    int size;

    void add(float v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, Math.max(16, data.length * 2));
      }
      data[size++] = v;
    }
  }

  /** Reads Spark's external array values: Scala {@code Seq}s from rows, Java lists and arrays from users. */
  static final class Values {
    private Values() {}

    static int length(Object v) {
      if (v instanceof scala.collection.Seq) {
        return ((scala.collection.Seq<?>) v).length();
      }
      if (v instanceof List) {
        return ((List<?>) v).size();
      }
      if (v instanceof float[]) {
        return ((float[]) v).length;
      }
      if (v instanceof double[]) {
        return ((double[]) v).length;
      }
      if (v instanceof Object[]) {
        return ((Object[]) v).length;
      }
      throw new InvalidValue("not an array: a " + v.getClass().getName());
    }

    static Object at(Object v, int j) {
      if (v instanceof scala.collection.Seq) {
        return ((scala.collection.Seq<?>) v).apply(j);
      }
      if (v instanceof List) {
        return ((List<?>) v).get(j);
      }
      if (v instanceof float[]) {
        return ((float[]) v)[j];
      }
      if (v instanceof double[]) {
        return ((double[]) v)[j];
      }
      return ((Object[]) v)[j];
    }
  }
}
