package io.kerasj.spark;

import io.kerasj.Model;
import io.kerasj.loader.LoadOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code spark.ml} {@link Transformer} that scores rows with a Keras model through kerasj, and
 * appends the model's outputs as new columns.
 *
 * <pre>{@code
 * KerasModel scorer = new KerasModel()
 *     .setModelPath("hdfs:///models/forecast.keras")   // .keras, .h5, or .json + setWeightsPath
 *     .setInputCol("sequence")                         // array<array<float>>: (time, features)
 *     .setOutputCol("forecast")
 *     .setBatchSize(256);
 * Dataset<Row> scored = scorer.transform(spark.read().parquet("sequences.parquet"));
 * }</pre>
 *
 * <p><b>Columns.</b> A model input of shape {@code (batch, time, features)} takes a column of
 * {@code array<array<float>>}, one inner array per time step; lengths may differ from row to row.
 * An input of shape {@code (batch, features)} takes {@code array<float>}. An input of shape {@code
 * (batch, time, 1)} also takes {@code array<float>}, one number per step. Any numeric element
 * type is read as float32. A model with several inputs takes one column per input, in the model's
 * input order ({@link #setInputCols}); a model with several outputs writes one column per output
 * ({@link #setOutputCols}). An output of shape {@code (batch, time, units)} is written as {@code
 * array<array<float>>} (or, with {@link #setFlatOutputs}, one {@code array<float>} of its {@code time ×
 * units} numbers), {@code (batch, units)} as {@code array<float>}.
 *
 * <p><b>How rows are scored.</b> The model file is read once on the driver (through Hadoop's
 * {@code FileSystem}: local paths, {@code hdfs://}, {@code s3a://}, …) and its bytes are broadcast
 * once per job. Each executor JVM parses the model once, caches it by the bytes' SHA-256, and
 * shares it among all its tasks and later jobs (a loaded model is immutable and thread-safe).
 * Within a partition, rows are read {@code batchSize} at a time; the rows of such a window whose
 * inputs have the same shape (sequences of the same length) run through the model as one batch.
 * Nothing is padded, so no row's result depends on the others' lengths. The rows stay in
 * Catalyst's own format throughout: the numbers are read from it and the outputs written into it
 * directly, with no boxed number per element. For data of many
 * different lengths, {@code sortWithinPartitions(functions.size(col("sequence")))} first fills the
 * batches. Models saved with Keras' {@code stateful=True} are refused: their outputs depend on the
 * order of rows.
 *
 * <p><b>Invalid rows</b> — a null input, an empty array, a null number, a ragged array (steps with
 * different feature counts), or a shape the model's fixed dimensions refuse — are handled as
 * {@link #setHandleInvalid} says: {@code "error"} (default) fails the task with a {@link
 * KerasjSparkException} naming the partition, the row's position in it, the column and the
 * problem; {@code "keep"} keeps the row with null outputs; {@code "skip"} drops it. NaN and
 * infinite numbers are not invalid: they are scored as TensorFlow would.
 *
 * <p><b>Saving.</b> {@code MLWritable}: the stage saves its parameters (in a {@code Pipeline} or
 * alone with {@code write().save(path)}) and loads with {@link #load(String)}. The model file is
 * referenced by its path, not copied: it must still be there when the loaded stage runs.
 */
public class KerasModel extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;

  private final Param<String> modelPath;
  private final Param<String> weightsPath;
  private final Param<String> inputCol;
  private final StringArrayParam inputCols;
  private final Param<String> outputCol;
  private final StringArrayParam outputCols;
  private final IntParam batchSize;
  private final BooleanParam flatOutputs;
  private final Param<String> handleInvalid;
  private final Param<String> loadOptionsClass;

  /** The model read on the driver for the current parameters, reused while the file is unchanged. */
  private transient Resolved resolved;

  /** A new stage with a random uid. */
  public KerasModel() {
    this(Identifiable$.MODULE$.randomUID("kerasModel"));
  }

  /** A new stage with the given uid (used by {@link #load} and {@link #copy}). */
  public KerasModel(String uid) {
    this.uid = uid;
    modelPath = new Param<>(this, "modelPath", "the Keras model file (.keras, .h5, or to_json() .json with"
        + " weightsPath), any path Hadoop's FileSystem reads");
    weightsPath = new Param<>(this, "weightsPath", "the weights file (.h5 / .weights.h5) of a .json model;"
        + " empty for a full model");
    inputCol = new Param<>(this, "inputCol", "the input column of a single-input model");
    inputCols = new StringArrayParam(this, "inputCols", "the input columns, one per model input, in the"
        + " model's input order");
    outputCol = new Param<>(this, "outputCol", "the output column of a single-output model");
    outputCols = new StringArrayParam(this, "outputCols", "the output columns, one per model output, in the"
        + " model's output order");
    batchSize = new IntParam(this, "batchSize", "rows read per window of a partition; rows of a window with the"
        + " same shapes are scored as one batch", ParamValidators.gtEq(1));
    flatOutputs = new BooleanParam(this, "flatOutputs", "write each output of rank 3 and above (e.g. (batch, time,"
        + " units) of return_sequences=True) as one array<float> per row, its numbers in row-major order, instead of"
        + " nested arrays");
    handleInvalid = new Param<>(this, "handleInvalid", "what to do with a row that cannot be scored (null,"
        + " empty or ragged input, a shape the model refuses): 'error' fails the task naming the row, 'keep'"
        + " writes null outputs, 'skip' drops the row", ParamValidators.inArray(new String[] {"error", "keep",
        "skip"}));
    loadOptionsClass = new Param<>(this, "loadOptionsClass", "a public class with a no-argument constructor"
        + " implementing java.util.function.Supplier<io.kerasj.loader.LoadOptions> (custom cells, limits),"
        + " instantiated on the driver and on every executor; empty for LoadOptions.defaults()");
    setDefault(weightsPath, "");
    setDefault(outputCol, "prediction");
    setDefault(batchSize, 256);
    setDefault(flatOutputs, false);
    setDefault(handleInvalid, "error");
    setDefault(loadOptionsClass, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** @return the model file parameter */
  public Param<String> modelPath() {
    return modelPath;
  }

  /** @return the weights file parameter */
  public Param<String> weightsPath() {
    return weightsPath;
  }

  /** @return the input column parameter */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** @return the input columns parameter */
  public StringArrayParam inputCols() {
    return inputCols;
  }

  /** @return the output column parameter */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** @return the output columns parameter */
  public StringArrayParam outputCols() {
    return outputCols;
  }

  /** @return the batch size parameter */
  public IntParam batchSize() {
    return batchSize;
  }

  /** @return the flat outputs parameter */
  public BooleanParam flatOutputs() {
    return flatOutputs;
  }

  /** @return the invalid-row policy parameter */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  /** @return the {@code LoadOptions} supplier parameter */
  public Param<String> loadOptionsClass() {
    return loadOptionsClass;
  }

  /** The model file: a {@code .keras} or {@code .h5} model, or a {@code to_json()} config (then set the weights). */
  public KerasModel setModelPath(String value) {
    set(modelPath, value);
    return this;
  }

  /** The weights file of a {@code to_json()} config; empty (the default) for a full model. */
  public KerasModel setWeightsPath(String value) {
    set(weightsPath, value);
    return this;
  }

  /** The input column of a single-input model. */
  public KerasModel setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** The input columns, one per model input, in the model's input order. */
  public KerasModel setInputCols(String... value) {
    set(inputCols, value);
    return this;
  }

  /** The output column of a single-output model; default {@code "prediction"}. */
  public KerasModel setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /** The output columns, one per model output. */
  public KerasModel setOutputCols(String... value) {
    set(outputCols, value);
    return this;
  }

  /** Rows read per window of a partition (default 256); a window's rows of the same shape form one batch. */
  public KerasModel setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /**
   * Whether an output of rank 3 and above (e.g. {@code (batch, time, units)} of a {@code
   * return_sequences=True} model) is written as one {@code array<float>} per row, its {@code time ×
   * units} numbers in row-major order (step 0's units, then step 1's, …), instead of {@code
   * array<array<float>>}; default false. The numbers are the same; a flat array costs Parquet's
   * writer (and readers) one group per row instead of one per step.
   */
  public KerasModel setFlatOutputs(boolean value) {
    set(flatOutputs, value);
    return this;
  }

  /** {@code "error"} (default), {@code "keep"} (null outputs) or {@code "skip"} (drop the row); see the class comment. */
  public KerasModel setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  /**
   * A class implementing {@code Supplier<LoadOptions>} with a public no-argument constructor, for
   * custom cells or other load options; it must be on the executors' class path.
   */
  public KerasModel setLoadOptionsClass(String value) {
    set(loadOptionsClass, value);
    return this;
  }

  /** @return the model file */
  public String getModelPath() {
    return $(modelPath);
  }

  /** @return the weights file, or empty */
  public String getWeightsPath() {
    return $(weightsPath);
  }

  /** @return the batch size */
  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  /** @return whether outputs of rank 3 and above are written flat */
  public boolean getFlatOutputs() {
    return (Boolean) $(flatOutputs);
  }

  /** @return the invalid-row policy */
  public String getHandleInvalid() {
    return $(handleInvalid);
  }

  /** @return the {@code LoadOptions} supplier class, or empty */
  public String getLoadOptionsClass() {
    return $(loadOptionsClass);
  }

  /** The input columns in model order, from {@code inputCols} or {@code inputCol}. */
  String[] inputColumns() {
    boolean one = isSet(inputCol);
    boolean many = isSet(inputCols);
    if (one && many) {
      throw new KerasjSparkException("set inputCol or inputCols, not both");
    }
    if (!one && !many) {
      throw new KerasjSparkException("no input column: call setInputCol (or setInputCols for a model with several"
          + " inputs)");
    }
    return many ? $(inputCols) : new String[] {$(inputCol)};
  }

  private String[] outputColumns(int outputs) {
    if (isSet(outputCols)) {
      String[] cols = $(outputCols);
      if (cols.length != outputs) {
        throw new KerasjSparkException("the model has " + outputs + " outputs, but outputCols lists " + cols.length
            + ": " + Arrays.toString(cols));
      }
      return cols;
    }
    if (outputs != 1) {
      throw new KerasjSparkException("the model has " + outputs + " outputs: name one column per output with"
          + " setOutputCols");
    }
    return new String[] {$(outputCol)};
  }

  /** The model file and the model for the current parameters. */
  private static final class Resolved {
    final String modelPath;
    final String weightsPath;
    final String optionsClass;
    final ModelFile file;
    final String key;
    final Model model;

    Resolved(String modelPath, String weightsPath, String optionsClass, ModelFile file, Model model) {
      this.modelPath = modelPath;
      this.weightsPath = weightsPath;
      this.optionsClass = optionsClass;
      this.file = file;
      this.key = ModelCache.key(file, optionsClass);
      this.model = model;
    }
  }

  private Resolved resolve(Configuration conf) {
    if (!isDefined(modelPath)) {
      throw new KerasjSparkException("no model path: call setModelPath");
    }
    String path = $(modelPath);
    String weights = $(weightsPath);
    String options = $(loadOptionsClass);
    Resolved r = resolved;
    if (r != null && r.modelPath.equals(path) && r.weightsPath.equals(weights) && r.optionsClass.equals(options)
        && ModelFile.unchanged(conf, r.file)) {
      return r;
    }
    LoadOptions loadOptions = ModelCache.Options.create(options);
    ModelFile file = ModelFile.read(conf, path, weights, loadOptions.maxBytes());
    Model model = ModelCache.get(ModelCache.key(file, options), () -> file, options);
    r = new Resolved(path, weights, options, file, model);
    resolved = r;
    return r;
  }

  private static Configuration hadoopConf() {
    return SparkSession.active().sparkContext().hadoopConfiguration();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return plan(schema, resolve(hadoopConf())).outSchema;
  }

  /** What {@link #transform} needs: the checked input columns and the output schema. */
  private static final class Plan {
    final RowCodec codec;
    final int[] inputFields;
    final StructType outSchema;

    Plan(RowCodec codec, int[] inputFields, StructType outSchema) {
      this.codec = codec;
      this.inputFields = inputFields;
      this.outSchema = outSchema;
    }
  }

  private Plan plan(StructType schema, Resolved r) {
    String[] in = inputColumns();
    int[] fields = new int[in.length];
    DataType[] types = new DataType[in.length];
    List<String> names = Arrays.asList(schema.fieldNames());
    for (int i = 0; i < in.length; i++) {
      fields[i] = names.indexOf(in[i]);
      if (fields[i] < 0) {
        throw new KerasjSparkException("input column '" + in[i] + "' does not exist; the columns are " + names);
      }
      types[i] = schema.fields()[fields[i]].dataType();
    }
    RowCodec codec = RowCodec.of(r.model, in, types).flatOutputs(getFlatOutputs());
    String[] out = outputColumns(r.model.outputCount());
    StructType outSchema = schema;
    for (int o = 0; o < out.length; o++) {
      if (Arrays.asList(outSchema.fieldNames()).contains(out[o])) {
        throw new KerasjSparkException("output column '" + out[o] + "' already exists");
      }
      outSchema = outSchema.add(new StructField(out[o], codec.outputType(o), true,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    return new Plan(codec, fields, outSchema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return transform(dataset, true);
  }

  /** @param catalyst score Catalyst's rows where the session allows it (false: external Rows, for tests) */
  Dataset<Row> transform(Dataset<?> dataset, boolean catalyst) {
    SparkSession spark = dataset.sparkSession();
    Resolved r = resolve(spark.sparkContext().hadoopConfiguration());
    Plan p = plan(dataset.schema(), r);
    BatchScorer.HandleInvalid policy = BatchScorer.HandleInvalid.of($(handleInvalid));
    Broadcast<ModelFile> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(r.file);
    Dataset<Row> in = dataset.toDF();
    Method internal = catalyst ? internalCreateDataFrame(spark) : null;
    if (internal != null) {
      // Catalyst's rows in and out: the input column's numbers are read through the typed getters
      // and the outputs written as UnsafeArrayData; the external Rows of mapPartitions would box
      // every number of the input (and of the passed-through columns) and of the outputs.
      PartitionScorer.Catalyst scorer = new PartitionScorer.Catalyst(r.key, bytes, r.optionsClass, p.codec,
          p.inputFields, getBatchSize(), policy);
      RDD<InternalRow> rows = in.queryExecution().toRdd().toJavaRDD().mapPartitions(scorer).rdd();
      try {
        @SuppressWarnings("unchecked")
        Dataset<Row> out = (Dataset<Row>) internal.invoke(spark, rows, p.outSchema, false);
        return out;
      } catch (IllegalAccessException | InvocationTargetException e) {
        // Fall through to the external rows below.
      }
    }
    PartitionScorer.External scorer = new PartitionScorer.External(r.key, bytes, r.optionsClass, p.codec,
        p.inputFields, getBatchSize(), policy);
    return in.mapPartitions(scorer, Encoders.row(p.outSchema));
  }

  /**
   * Spark's {@code SparkSession.internalCreateDataFrame(RDD<InternalRow>, StructType, boolean)}:
   * {@code private[sql]} in Scala, so public to Java, on the session class of Spark 3.5 ({@code
   * org.apache.spark.sql.SparkSession}) and of Spark 4 ({@code org.apache.spark.sql.classic.SparkSession});
   * looked up on the session's class so that one jar serves both. Null where there is none (a
   * Spark Connect session, a vendor's fork): then rows go through {@code mapPartitions}.
   */
  private static Method internalCreateDataFrame(SparkSession spark) {
    try {
      return spark.getClass().getMethod("internalCreateDataFrame", RDD.class, StructType.class, boolean.class);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }

  @Override
  public KerasModel copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a stage saved with {@code write().save(path)} or inside a {@code Pipeline}. */
  public static MLReader<KerasModel> read() {
    return new DefaultParamsReader<>();
  }

  /** {@code read().load(path)}. */
  public static KerasModel load(String path) {
    return read().load(path);
  }
}
