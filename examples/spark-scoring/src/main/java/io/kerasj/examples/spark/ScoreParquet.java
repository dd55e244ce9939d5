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
 *     MODEL.keras INPUT.parquet OUTPUT.parquet [INPUT_COLUMN [OUTPUT_COLUMN [BATCH_SIZE [COLUMNS [LAYOUT]]]]]
 * </pre>
 *
 * <p>{@code OUTPUT} may be {@code noop} to score without writing (Spark's {@code noop} format).
 * {@code COLUMNS}, comma-separated, are the columns written (default: all, the input's and the
 * prediction); e.g. {@code prediction} writes the scores alone, as the CLI does (then only the
 * input column is read). {@code LAYOUT} is {@code nested} (default: a {@code (time, units)}
 * output as {@code array<array<float>>}) or {@code flat} (one {@code array<float>} per row, see
 * {@link KerasModel#setFlatOutputs}).
 *
 * <p>Parquet is written without dictionary encoding: model outputs and float inputs hardly ever
 * repeat, so the writer would fill a dictionary per column chunk only to throw it away, about a
 * fifth of the write's CPU on the benchmark. The codec is Spark's {@code
 * spark.sql.parquet.compression.codec} (default {@code snappy}); pass {@code --conf
 * spark.sql.parquet.compression.codec=none} (or {@code zstd}, {@code lz4_raw}) to change it.
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
          + " [BATCH_SIZE [COLUMNS [nested|flat]]]]]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("kerasj ScoreParquet").getOrCreate();
    long rows = run(spark, args[0], args[1], args[2], args.length > 3 ? args[3] : "seq",
        args.length > 4 ? args[4] : "prediction", args.length > 5 ? Integer.parseInt(args[5]) : 256,
        args.length > 6 && !args[6].isEmpty() ? args[6].split(",") : new String[0],
        args.length > 7 && "flat".equals(args[7]));
    System.out.println("scored " + rows + " rows");
  }

  /** Scores {@code input} into {@code output} ({@code "noop"}: score only) and returns the row count of the input. */
  public static long run(SparkSession spark, String model, String input, String output, String inputCol,
                         String outputCol, int batchSize) {
    return run(spark, model, input, output, inputCol, outputCol, batchSize, new String[0], false);
  }

  /**
   * As {@link #run(SparkSession, String, String, String, String, String, int)}, writing only
   * {@code columns} (all if empty), the outputs flat ({@code array<float>}) if {@code flat}. Prints
   * the job's wall time and this JVM's CPU time during it (in local mode, the executors' too).
   */
  public static long run(SparkSession spark, String model, String input, String output, String inputCol,
                         String outputCol, int batchSize, String[] columns, boolean flat) {
    Dataset<Row> sequences = spark.read().parquet(input);
    Dataset<Row> read = sequences;
    if (columns.length > 0) {
      // The scorer passes every column of its input through: read only those written, and the input.
      java.util.LinkedHashSet<String> keep = new java.util.LinkedHashSet<>();
      for (String c : sequences.columns()) {
        if (c.equals(inputCol) || java.util.Arrays.asList(columns).contains(c)) {
          keep.add(c);
        }
      }
      read = sequences.select(keep.stream().map(org.apache.spark.sql.functions::col)
          .toArray(org.apache.spark.sql.Column[]::new));
    }
    KerasModel scorer = new KerasModel()
        .setModelPath(model)
        .setInputCol(inputCol)
        .setOutputCol(outputCol)
        .setBatchSize(batchSize)
        .setFlatOutputs(flat);
    Dataset<Row> scored = scorer.transform(read);
    if (columns.length > 0) {
      scored = scored.select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length));
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    if ("noop".equals(output)) {
      scored.write().format("noop").mode("overwrite").save();
    } else {
      scored.write().mode("overwrite").option("parquet.enable.dictionary", "false").parquet(output);
    }
    System.out.printf("job: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    long cpu1 = processCpuNanos();
    if (cpu0 >= 0 && cpu1 >= 0) {
      System.out.printf("job cpu: %.2f s%n", (cpu1 - cpu0) / 1e9);
    }
    return sequences.count();
  }

  /** This JVM's CPU time (all threads), or -1 where the JDK does not tell. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean
        ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
  }
}
