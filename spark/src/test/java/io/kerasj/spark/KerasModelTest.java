package io.kerasj.spark;

import static io.kerasj.spark.SparkTestSupport.model;
import static io.kerasj.spark.SparkTestSupport.sparkDigests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link KerasModel} on the chapter-15 notebook {@code lstm} (LSTM(20) → LSTM(20) →
 * TimeDistributed(Dense(10)), Keras 3 {@code .keras}): Spark's outputs against {@code
 * Model.predict} on the same rows, bit for bit.
 */
class KerasModelTest {
  static final int N = 100_000;
  static final int MAX_LEN = 24;

  @Test
  void outputsEqualModelPredictBitForBitWhateverThePartitionsAndTheBatchSize() throws Exception {
    long t0 = System.nanoTime();
    Dataset<Row> data = SparkTestSupport.parquet("lstm_100k_var", N, MAX_LEN, 0);
    assertEquals(N, data.count());
    System.out.printf("100,000 sequences written to Parquet and read: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Model reference = KerasModels.load(Path.of(model("lstm.keras")));
    t0 = System.nanoTime();
    long[] want = SparkTestSupport.referenceDigests(reference, N, MAX_LEN, 0, 500);
    System.out.printf("reference (Model.predict, batches of 500 of one length): %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    // {partitions (0: as read), batch size}
    int[][] runs = {{0, 256}, {1, 1000}, {3, 1}, {7, 7}};
    for (int[] run : runs) {
      KerasModel scorer = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq")
          .setOutputCol("y").setBatchSize(run[1]);
      Dataset<Row> in = run[0] == 0 ? data : data.repartition(run[0]);
      Dataset<Row> scored = scorer.transform(in);
      assertEquals(in.rdd().getNumPartitions(), scored.rdd().getNumPartitions());
      t0 = System.nanoTime();
      long[] got = sparkDigests(scored, "y", N);
      System.out.printf("%,d rows, %d partitions, batch size %d: %.1f s%n", N, scored.rdd().getNumPartitions(),
          run[1], (System.nanoTime() - t0) / 1e9);
      for (int id = 0; id < N; id++) {
        assertEquals(want[id], got[id], "row " + id + " with " + run[0] + " partitions, batch size " + run[1]);
      }
    }
  }

  @Test
  void theOutputColumnIsAppendedWithTheModelsShape() {
    Dataset<Row> data = SparkTestSupport.sequences(5, 9, 0, 1);
    Dataset<Row> scored = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").transform(data);
    StructType s = scored.schema();
    assertArrayEquals(new String[] {"id", "seq", "prediction"}, s.fieldNames());
    assertEquals(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false),
        s.apply("prediction").dataType());
    for (Row r : scored.collectAsList()) {
      int len = SparkTestSupport.length(r.getLong(0), 9);
      scala.collection.Seq<?> y = r.getAs("prediction");
      assertEquals(len, y.length());
      assertEquals(10, ((scala.collection.Seq<?>) y.apply(0)).length());
    }
    assertTrue(s.apply("prediction").nullable(), "null under handleInvalid=keep");
    assertTrue(((ArrayType) s.apply("prediction").dataType()).elementType() instanceof ArrayType);
  }

  @Test
  void emptyPartitionsAndAnEmptyFrameScoreToNothing() throws Exception {
    Model reference = KerasModels.load(Path.of(model("lstm.keras")));
    long[] want = SparkTestSupport.referenceDigests(reference, 10, 12, 0, 3);
    KerasModel scorer = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").setOutputCol("y");
    // 10 rows spread over 16 partitions: at least 6 are empty.
    Dataset<Row> sparse = SparkTestSupport.sequences(10, 12, 0, 1).repartition(16);
    long[] got = sparkDigests(scorer.transform(sparse), "y", 10);
    assertArrayEquals(want, got);
    Dataset<Row> none = SparkTestSupport.sequences(10, 12, 0, 3).filter("id < 0");
    assertEquals(0, scorer.transform(none).count());
  }
}
