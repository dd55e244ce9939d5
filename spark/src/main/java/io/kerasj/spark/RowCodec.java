package io.kerasj.spark;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.unsafe.Platform;

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
  /** How to read each input column's Catalyst values; null for a codec of SQL function arguments. */
  private final Catalyst[] catalyst;
  /** Outputs of rank 3 and above written as one flat {@code array<float>} per row. */
  private boolean flatOutputs;

  private RowCodec(Model m, String[] columns, int[] depths, Catalyst[] catalyst) {
    this.modelName = m.name();
    this.inputNames = m.inputNames().toArray(new String[0]);
    this.columns = columns.clone();
    this.inputShapes = new int[m.inputCount()][];
    for (int i = 0; i < inputShapes.length; i++) {
      inputShapes[i] = m.inputShape(i);
    }
    this.depths = depths.clone();
    this.catalyst = catalyst;
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
    Catalyst[] catalyst = new Catalyst[columns.length];
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
      catalyst[i] = new Catalyst(elementType(columnTypes[i]));
    }
    return new RowCodec(m, columns, depths, catalyst);
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
    return new RowCodec(m, names, depths, null);
  }

  /**
   * Writes outputs of rank 3 and above as one {@code array<float>} per row, the row's numbers in
   * row-major order, instead of nested arrays (see {@link KerasModel#setFlatOutputs}).
   */
  RowCodec flatOutputs(boolean flat) {
    this.flatOutputs = flat;
    return this;
  }

  boolean flatOutputs() {
    return flatOutputs;
  }

  /**
   * The Spark type of output {@code i}: nested arrays of float, one level per non-batch axis, or
   * one {@code array<float>} under {@link #flatOutputs(boolean)}.
   */
  DataType outputType(int i) {
    DataType t = DataTypes.FloatType;
    int levels = flatOutputs ? Math.min(outputRanks[i], 2) : outputRanks[i];
    for (int d = 1; d < levels; d++) {
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

  private static DataType elementType(DataType t) {
    while (t instanceof ArrayType) {
      t = ((ArrayType) t).elementType();
    }
    return t;
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
   * Reads input {@code i}'s value of one row, as Spark's external value (a Scala {@code Seq}, a Java
   * {@code List} or array), into {@code buf} (appending) and returns its shape without the batch axis.
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
    return read(i, Values.ACCESS, value, depth, buf);
  }

  /**
   * Reads input {@code i}'s value of one row as Catalyst holds it ({@code row.getArray(field)}, no
   * boxed number per element) into {@code buf}; only for a codec built by {@link #of}, which knows
   * the column's element type.
   *
   * @throws InvalidValue as {@link #read(int, Object, FloatBuffer)}
   */
  int[] read(int i, InternalRow row, int field, FloatBuffer buf) {
    if (row.isNullAt(field)) {
      throw new InvalidValue("column '" + columns[i] + "' is null");
    }
    if (depths[i] == 0) {
      buf.add(catalyst[i].number(row, field));
      return new int[0];
    }
    return read(i, catalyst[i], row.getArray(field), depths[i], buf);
  }

  private int[] read(int i, Access access, Object value, int depth, FloatBuffer buf) {
    int[] shape = inputShapes[i];
    int[] dims = new int[depth];
    Arrays.fill(dims, -1);
    int start = buf.size;
    try {
      readLevel(i, access, value, 0, depth, dims, new int[Math.max(depth, 1)], buf);
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

  private void readLevel(int i, Access access, Object v, int level, int depth, int[] dims, int[] at,
                         FloatBuffer buf) {
    if (level == depth) {
      // Only a scalar column (depth 0) gets here: arrays' numbers are read by readNumbers.
      if (!(v instanceof Number)) {
        throw new InvalidValue("column '" + columns[i] + "' has " + Values.describe(v) + " at " + where(at, level));
      }
      buf.add(((Number) v).floatValue());
      return;
    }
    if (v == null) {
      throw new InvalidValue("column '" + columns[i] + "' has a null array at " + where(at, level));
    }
    int n = access.count(v);
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
      int bad = access.readNumbers(v, n, buf);
      if (bad >= 0) {
        at[level] = bad;
        throw new InvalidValue("column '" + columns[i] + "' has " + access.describe(v, bad) + " at "
            + where(at, level + 1));
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      at[level] = j;
      readLevel(i, access, access.child(v, j), level + 1, depth, dims, at, buf);
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
   * Row {@code r}'s slice of a batch output as a Spark external value: {@code Float} for a rank-1
   * output, {@code float[]} for rank 2, {@code float[][]} for rank 3, nested {@code Object[]} above.
   */
  static Object slice(Tensor out, int r) {
    int[] shape = out.shape();
    float[] data = out.data();
    if (shape.length == 1) {
      return data[r];
    }
    return nest(data, r * perRow(shape), shape, 1);
  }

  /** Row {@code r}'s slice of a batch output as one {@code float[]} (rank 2 and above), or a {@code Float}. */
  static Object flatSlice(Tensor out, int r) {
    int[] shape = out.shape();
    float[] data = out.data();
    if (shape.length == 1) {
      return data[r];
    }
    int per = perRow(shape);
    return Arrays.copyOfRange(data, r * per, (r + 1) * per);
  }

  private static int perRow(int[] shape) {
    int per = 1;
    for (int d = 1; d < shape.length; d++) {
      per *= shape[d];
    }
    return per;
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

  /**
   * Row {@code r}'s slice of a batch output as Catalyst holds it: {@code Float} for a rank-1 output,
   * else an {@link UnsafeArrayData} (nested for rank 3 and above) written straight from the
   * tensor's floats into one byte array, without a boxed number or an intermediate Java array.
   */
  static Object catalystSlice(Tensor out, int r) {
    return catalystSlice(out.shape(), out.data(), r);
  }

  /** As {@link #catalystSlice(Tensor, int)}, the row's numbers as one flat {@code UnsafeArrayData}. */
  static Object catalystFlatSlice(Tensor out, int r) {
    int[] shape = out.shape();
    return catalystSlice(shape.length <= 2 ? shape : new int[] {shape[0], perRow(shape)}, out.data(), r);
  }

  private static Object catalystSlice(int[] shape, float[] data, int r) {
    if (shape.length == 1) {
      return data[r];
    }
    long size = unsafeSize(shape, 1);
    if (size > Integer.MAX_VALUE - 16) {
      throw new KerasjSparkException("an output of shape " + Model.formatShape(shape) + " is too large for one"
          + " Spark value (" + size + " bytes per row)");
    }
    byte[] bytes = new byte[(int) size];
    writeUnsafe(bytes, 0, data, r * perRow(shape), shape, 1);
    UnsafeArrayData a = new UnsafeArrayData();
    a.pointTo(bytes, Platform.BYTE_ARRAY_OFFSET, (int) size);
    return a;
  }

  /** Bytes of an {@link UnsafeArrayData} of the floats of {@code shape[axis..]}, without nulls. */
  private static long unsafeSize(int[] shape, int axis) {
    int n = shape[axis];
    long header = UnsafeArrayData.calculateHeaderPortionInBytes(n);
    if (axis == shape.length - 1) {
      return header + ((4L * n + 7) & ~7L);
    }
    return header + 8L * n + n * unsafeSize(shape, axis + 1);
  }

  /**
   * Writes Spark's {@code UnsafeArrayData} layout at {@code at}: the element count (8 bytes), the
   * null bits (all clear), then either the floats (word-aligned) or, for arrays of arrays, one
   * (offset &lt;&lt; 32 | size) word per element, offsets relative to this array, then the elements.
   */
  private static void writeUnsafe(byte[] b, long at, float[] data, int off, int[] shape, int axis) {
    int n = shape[axis];
    long header = UnsafeArrayData.calculateHeaderPortionInBytes(n);
    Platform.putLong(b, Platform.BYTE_ARRAY_OFFSET + at, n);
    if (axis == shape.length - 1) {
      Platform.copyMemory(data, Platform.FLOAT_ARRAY_OFFSET + 4L * off, b, Platform.BYTE_ARRAY_OFFSET + at + header,
          4L * n);
      return;
    }
    long child = unsafeSize(shape, axis + 1);
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    long first = header + 8L * n;
    for (int j = 0; j < n; j++) {
      long rel = first + j * child;
      Platform.putLong(b, Platform.BYTE_ARRAY_OFFSET + at + header + 8L * j, (rel << 32) | child);
      writeUnsafe(b, at + rel, data, off + j * inner, shape, axis + 1);
    }
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

  /** Walks one kind of array value: Spark's external values or Catalyst's {@code ArrayData}. */
  private interface Access {
    /** The element count of an array value (not null). */
    int count(Object array);

    /** Element {@code j} of an array of arrays, or null. */
    Object child(Object array, int j);

    /**
     * Appends the {@code n} numbers of an innermost array to {@code buf}; returns -1, or the index
     * of the first element that is not a number (what was appended before it stays).
     */
    int readNumbers(Object array, int n, FloatBuffer buf);

    /** "a null number", or what else element {@code j} is, for messages. */
    String describe(Object array, int j);
  }

  /** Reads Spark's external array values: Scala {@code Seq}s from rows, Java lists and arrays from users. */
  static final class Values implements Access {
    static final Values ACCESS = new Values();

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

    static String describe(Object x) {
      return x == null ? "a null number" : "a " + x.getClass().getName();
    }

    @Override
    public int count(Object array) {
      return length(array);
    }

    @Override
    public Object child(Object array, int j) {
      return at(array, j);
    }

    @Override
    public int readNumbers(Object array, int n, FloatBuffer buf) {
      for (int j = 0; j < n; j++) {
        Object x = at(array, j);
        if (!(x instanceof Number)) {
          return j;
        }
        buf.add(((Number) x).floatValue());
      }
      return -1;
    }

    @Override
    public String describe(Object array, int j) {
      return describe(at(array, j));
    }
  }

  /**
   * Reads Catalyst's {@code ArrayData} (what {@code InternalRow.getArray} returns) of one numeric
   * element type, number by number through the typed getter, so no element is boxed.
   */
  static final class Catalyst implements Access, Serializable {
    private static final long serialVersionUID = 1L;

    private final DataType type;

    Catalyst(DataType type) {
      this.type = type;
    }

    @Override
    public int count(Object array) {
      return ((ArrayData) array).numElements();
    }

    @Override
    public Object child(Object array, int j) {
      ArrayData a = (ArrayData) array;
      return a.isNullAt(j) ? null : a.getArray(j);
    }

    @Override
    public int readNumbers(Object array, int n, FloatBuffer buf) {
      ArrayData a = (ArrayData) array;
      if (type instanceof FloatType) {
        // The usual case, kept apart so that the loop is only a null test and a load.
        for (int j = 0; j < n; j++) {
          if (a.isNullAt(j)) {
            return j;
          }
          buf.add(a.getFloat(j));
        }
        return -1;
      }
      for (int j = 0; j < n; j++) {
        if (a.isNullAt(j)) {
          return j;
        }
        buf.add(number(a, j));
      }
      return -1;
    }

    @Override
    public String describe(Object array, int j) {
      return "a null number";
    }

    /**
     * Number {@code j} (not null) of an array or a row as float32, as {@code Number.floatValue}
     * gives it for the external value.
     */
    float number(SpecializedGetters g, int j) {
      if (type instanceof FloatType) {
        return g.getFloat(j);
      } else if (type instanceof DoubleType) {
        return (float) g.getDouble(j);
      } else if (type instanceof IntegerType) {
        return g.getInt(j);
      } else if (type instanceof LongType) {
        return g.getLong(j);
      } else if (type instanceof ShortType) {
        return g.getShort(j);
      } else if (type instanceof ByteType) {
        return g.getByte(j);
      }
      DecimalType d = decimal();
      return g.getDecimal(j, d.precision(), d.scale()).toJavaBigDecimal().floatValue();
    }

    private DecimalType decimal() {
      if (!(type instanceof DecimalType)) {
        throw new KerasjSparkException("numbers of type " + type.simpleString() + " are not read");
      }
      return (DecimalType) type;
    }
  }
}
