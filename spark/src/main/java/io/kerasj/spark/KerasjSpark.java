package io.kerasj.spark;

import io.kerasj.Model;
import io.kerasj.loader.LoadOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * Registers a Keras model as a SQL function, for users who stay in SQL:
 *
 * <pre>{@code
 * KerasjSpark.register(spark, "score", "hdfs:///models/forecast.keras");
 * spark.sql("SELECT id, score(sequence) AS forecast FROM sequences");
 * }</pre>
 *
 * <p>The function takes one argument per model input, typed as for {@link KerasModel} ({@code
 * array<array<float>>} for a sequence input, {@code array<float>} for a vector), and returns the
 * model's single output ({@code array<array<float>>} for {@code (batch, time, units)}). The model is
 * read on the driver, broadcast, and parsed once per executor JVM, as for {@link KerasModel}. A SQL
 * function sees one row at a time, so each row is scored alone (batch 1): {@link KerasModel}, which
 * scores batches, is faster on large tables.
 *
 * <p>Invalid arguments (null, empty, ragged, the wrong shape) follow the {@code handleInvalid}
 * setting of the {@link KerasModel} passed to {@link #register(SparkSession, String, KerasModel)}:
 * {@code "error"} (default) fails the task, {@code "keep"} returns null. {@code "skip"} cannot drop
 * a row from inside a function and is refused.
 */
public final class KerasjSpark {
  private KerasjSpark() {}

  /**
   * Registers the model at {@code modelPath} ({@code .keras} or {@code .h5}, any path Hadoop's
   * {@code FileSystem} reads) as the SQL function {@code name}.
   *
   * @return the function, also usable as a {@code Column} expression
   * @throws KerasjSparkException if the model cannot be read or parsed, is stateful, or has
   *     several outputs or more than four inputs
   */
  public static UserDefinedFunction register(SparkSession spark, String name, String modelPath) {
    return register(spark, name, new KerasModel().setModelPath(modelPath));
  }

  /**
   * Registers the model a {@link KerasModel} stage names, with its {@code modelPath}, {@code
   * weightsPath}, {@code handleInvalid} and {@code loadOptionsClass}; its columns and batch size
   * are not used.
   */
  public static UserDefinedFunction register(SparkSession spark, String name, KerasModel settings) {
    String optionsClass = settings.getLoadOptionsClass();
    LoadOptions options = ModelCache.Options.create(optionsClass);
    ModelFile file = ModelFile.read(spark.sparkContext().hadoopConfiguration(), settings.getModelPath(),
        settings.getWeightsPath(), options.maxBytes());
    String key = ModelCache.key(file, optionsClass);
    Model model = ModelCache.get(key, () -> file, optionsClass);
    BatchScorer.HandleInvalid policy = BatchScorer.HandleInvalid.of(settings.getHandleInvalid());
    if (policy == BatchScorer.HandleInvalid.SKIP) {
      throw new KerasjSparkException("function " + name + ": handleInvalid=\"skip\" cannot drop rows from inside a"
          + " SQL function; use \"keep\" (null results) and filter, or KerasModel");
    }
    if (model.outputCount() != 1) {
      throw new KerasjSparkException("function " + name + ": model '" + model.name() + "' has "
          + model.outputCount() + " outputs; a SQL function returns one. Use KerasModel with setOutputCols");
    }
    RowCodec codec = RowCodec.forArguments(model, i -> "argument " + (i + 1) + " of " + name);
    Broadcast<ModelFile> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(file);
    Function f = new Function(name, key, bytes, optionsClass, codec, policy);
    DataType type = codec.outputType(0);
    UserDefinedFunction udf;
    switch (model.inputCount()) {
      case 1:
        udf = functions.udf((UDF1<Object, Object>) f::call, type);
        break;
      case 2:
        udf = functions.udf((UDF2<Object, Object, Object>) f::call, type);
        break;
      case 3:
        udf = functions.udf((UDF3<Object, Object, Object, Object>) f::call, type);
        break;
      case 4:
        udf = functions.udf((UDF4<Object, Object, Object, Object, Object>) f::call, type);
        break;
      default:
        throw new KerasjSparkException("function " + name + ": model '" + model.name() + "' has "
            + model.inputCount() + " inputs; SQL functions take at most 4 here. Use KerasModel with setInputCols");
    }
    return spark.udf().register(name, udf);
  }

  /** The function's body: one row scored alone. */
  private static final class Function implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String key;
    private final Broadcast<ModelFile> file;
    private final String optionsClass;
    private final RowCodec codec;
    private final BatchScorer.HandleInvalid policy;
    private transient BatchScorer scorer;

    Function(String name, String key, Broadcast<ModelFile> file, String optionsClass, RowCodec codec,
             BatchScorer.HandleInvalid policy) {
      this.name = name;
      this.key = key;
      this.file = file;
      this.optionsClass = optionsClass;
      this.codec = codec;
      this.policy = policy;
    }

    synchronized Object call(Object... args) {
      if (scorer == null) {
        scorer = new BatchScorer(ModelCache.get(key, file::value, optionsClass), codec, policy,
            "register with a KerasModel whose handleInvalid is \"keep\" to get null for such rows");
      }
      Object[][] out = scorer.score(new Object[][] {args}, 1, r -> {
        TaskContext t = TaskContext.get();
        return "function " + name + (t == null ? "" : " in partition " + t.partitionId());
      });
      return out[0][0];
    }
  }
}
