package io.kerasj.examples.spark;

import io.kerasj.Tensor;
import io.kerasj.loader.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the same {@code N} sequences of {@code T} steps (one feature) twice: as Parquet {@code (id:
 * bigint, seq: array<array<float>>)} for Spark, and as a float32 {@code .npy} of shape {@code (N, T,
 * 1)} for the CLI, so that the benchmark scores the same data both ways. Step {@code t} of sequence
 * {@code id} is {@code (float) sin(id · 0.37 + t · 0.11)}: Spark computes it in SQL (fast, no
 * per-element Java objects) with the same double arithmetic and {@code Math.sin} as the loop that
 * writes the {@code .npy}.
 *
 * <pre>WriteSequences N T OUT.parquet OUT.npy</pre>
 */
public final class WriteSequences {
  private WriteSequences() {}

  /** Step {@code t} of sequence {@code id}. */
  public static float value(long id, int t) {
    return (float) Math.sin(id * 0.37 + t * 0.11);
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
    int files = (int) Math.max(1, Math.min(32, n / 50_000));
    spark.range(0, n, 1, files)
        .selectExpr("id", "transform(sequence(0, " + (steps - 1) + "), t -> array(CAST(sin(CAST(id AS DOUBLE) * 0.37D"
            + " + CAST(t AS DOUBLE) * 0.11D) AS FLOAT))) AS seq")
        .write().mode("overwrite").parquet(args[2]);
    try (NpyWriter npy = NpyWriter.create(Path.of(args[3]), steps, 1)) {
      int chunk = 4096;
      for (long from = 0; from < n; from += chunk) {
        int b = (int) Math.min(chunk, n - from);
        float[] x = new float[b * steps];
        for (int i = 0; i < b; i++) {
          for (int t = 0; t < steps; t++) {
            x[i * steps + t] = value(from + i, t);
          }
        }
        npy.append(Tensor.of(x, b, steps, 1));
      }
    }
    System.out.println("wrote " + n + " sequences of " + steps + " steps to " + args[2] + " and " + args[3]);
  }
}
