package io.kerasj.examples.spark;

import io.kerasj.Tensor;
import io.kerasj.loader.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the same {@code N} sequences of {@code T} steps (one feature, uniform in [-1, 1), seeded by
 * the row id) twice: as Parquet {@code (id: bigint, seq: array<array<float>>)} for Spark, and as a
 * float32 {@code .npy} of shape {@code (N, T, 1)} for the CLI, so that the benchmark scores the same
 * data both ways.
 *
 * <pre>WriteSequences N T OUT.parquet OUT.npy</pre>
 */
public final class WriteSequences {
  private WriteSequences() {}

  /** The schema of the Parquet file. */
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false);

  /** Sequence {@code id}: {@code steps} steps of one feature. */
  public static float[][] sequence(long id, int steps) {
    SplittableRandom r = new SplittableRandom(id * 1_000_003L + 17);
    float[][] s = new float[steps][1];
    for (float[] step : s) {
      step[0] = (float) (r.nextDouble() * 2 - 1);
    }
    return s;
  }

  /**
   * Writes both files.
   *
   * @param args N, T, the Parquet path, the .npy path
   */
  public static void main(String[] args) throws IOException {
    long n = Long.parseLong(args[0]);
    int steps = Integer.parseInt(args[1]);
    SparkSession spark = SparkSession.builder().appName("kerasj WriteSequences").getOrCreate();
    MapPartitionsFunction<Long, Row> gen = ids -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        long id = ids.next();
        return RowFactory.create(id, sequence(id, steps));
      }
    };
    int files = (int) Math.max(1, Math.min(32, n / 50_000));
    spark.range(0, n, 1, files).as(Encoders.LONG()).mapPartitions(gen, Encoders.row(SCHEMA))
        .write().mode("overwrite").parquet(args[2]);
    try (NpyWriter npy = NpyWriter.create(Path.of(args[3]), steps, 1)) {
      int chunk = 4096;
      for (long from = 0; from < n; from += chunk) {
        int b = (int) Math.min(chunk, n - from);
        float[] x = new float[b * steps];
        for (int i = 0; i < b; i++) {
          float[][] s = sequence(from + i, steps);
          for (int t = 0; t < steps; t++) {
            x[i * steps + t] = s[t][0];
          }
        }
        npy.append(Tensor.of(x, b, steps, 1));
      }
    }
    System.out.println("wrote " + n + " sequences of " + steps + " steps to " + args[2] + " and " + args[3]);
  }
}
