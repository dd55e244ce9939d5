package io.kerasj.examples.spark;

import io.kerasj.spark.KerasModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a Parquet file of sequences with a Keras model and writes the rows with their predictions
 * to another Parquet file:
 *
 * <pre>
 * spark-submit --class io.kerasj.examples.spark.ScoreParquet spark-scoring.jar \
 *     MODEL.keras INPUT.parquet OUTPUT.parquet [INPUT_COLUMN [OUTPUT_COLUMN [BATCH_SIZE]]]
 * </pre>
 *
 * <p>{@code OUTPUT} may be {@code noop} to score without writing (Spark's {@code noop} format).
 * The input column (default {@code seq}) holds {@code array<array<float>>} sequences, or {@code
 * array<float>} for a model of one feature per step.
 */
public final class ScoreParquet {
  private ScoreParquet() {}

  /**
   * Runs the job on the session {@code spark-submit} (or the caller) configured.
   *
   * @param args model, input, output, then optionally the input column, the output column and the batch size
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ScoreParquet MODEL INPUT.parquet OUTPUT.parquet|noop [INPUT_COL [OUTPUT_COL"
          + " [BATCH_SIZE]]]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("kerasj ScoreParquet").getOrCreate();
    long rows = run(spark, args[0], args[1], args[2], args.length > 3 ? args[3] : "seq",
        args.length > 4 ? args[4] : "prediction", args.length > 5 ? Integer.parseInt(args[5]) : 256);
    System.out.println("scored " + rows + " rows");
  }

  /** Scores {@code input} into {@code output} ({@code "noop"}: score only) and returns the row count of the input. */
  public static long run(SparkSession spark, String model, String input, String output, String inputCol,
                         String outputCol, int batchSize) {
    Dataset<Row> sequences = spark.read().parquet(input);
    KerasModel scorer = new KerasModel()
        .setModelPath(model)
        .setInputCol(inputCol)
        .setOutputCol(outputCol)
        .setBatchSize(batchSize);
    Dataset<Row> scored = scorer.transform(sequences);
    long t0 = System.nanoTime();
    if ("noop".equals(output)) {
      scored.write().format("noop").mode("overwrite").save();
    } else {
      scored.write().mode("overwrite").parquet(output);
    }
    System.out.printf("job: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    return sequences.count();
  }
}
