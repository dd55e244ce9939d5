package io.kerasj.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.kerasj.loader.KerasModels;
import io.kerasj.spark.SparkTestSupport;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's main, as spark-submit runs it, in local mode on a Parquet file of sequences. */
class ScoreParquetTest {
  @TempDir
  Path tmp;

  @Test
  void mainScoresTheParquetFileLikeModelPredict() throws Exception {
    SparkSession spark = SparkTestSupport.spark(); // local[2]; main's getOrCreate() finds it
    int n = 2_000;
    String in = tmp.resolve("sequences.parquet").toString();
    String out = tmp.resolve("scored.parquet").toString();
    SparkTestSupport.sequences(n, 0, 100, 3).write().parquet(in);
    String model = SparkTestSupport.model("lstm.keras");
    ScoreParquet.main(new String[] {model, in, out});
    long[] want = SparkTestSupport.referenceDigests(KerasModels.load(Path.of(model)), n, 0, 100, 256);
    assertArrayEquals(want, SparkTestSupport.sparkDigests(spark.read().parquet(out), "prediction", n));
  }
}
