package io.kerasj.spark;

import static io.kerasj.spark.SparkTestSupport.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * {@link KerasModel#setFlatOutputs}: a {@code (batch, time, units)} output written as one {@code
 * array<float>} per row holds {@code Model.predict}'s numbers of that row in row-major order, bit
 * for bit, through Catalyst's rows and external rows alike, and survives a Parquet round trip.
 */
class FlatOutputsTest {
  private static KerasModel scorer() {
    return new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").setOutputCol("y")
        .setBatchSize(8).setFlatOutputs(true);
  }

  @Test
  void aSequenceOutputIsOneFloatArrayPerRowInRowMajorOrder() throws Exception {
    int n = 40;
    int maxLen = 9;
    Model reference = KerasModels.load(Path.of(model("lstm.keras")));
    Dataset<Row> data = SparkTestSupport.sequences(n, maxLen, 0, 2);
    for (boolean catalyst : new boolean[] {true, false}) {
      Dataset<Row> scored = scorer().transform(data, catalyst);
      assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), scored.schema().apply("y").dataType());
      List<Row> rows = scored.select("id", "y").collectAsList();
      assertEquals(n, rows.size());
      for (Row r : rows) {
        long id = r.getLong(0);
        int len = SparkTestSupport.length(id, maxLen);
        float[][] s = SparkTestSupport.sequence(id, len);
        float[] x = new float[len];
        for (int t = 0; t < len; t++) {
          x[t] = s[t][0];
        }
        float[] want = reference.predict(Tensor.of(x, 1, len, 1)).data();
        scala.collection.Seq<?> y = r.getAs("y");
        float[] got = new float[y.length()];
        for (int j = 0; j < got.length; j++) {
          got[j] = (Float) y.apply(j);
        }
        assertEquals(len * 10, got.length, "row " + id);
        assertArrayEquals(want, got, "row " + id + (catalyst ? "" : ", external rows"));
      }
    }
  }

  @Test
  void flatAndNestedOutputsHoldTheSameNumbersAfterParquet() {
    int n = 300;
    Dataset<Row> data = SparkTestSupport.sequences(n, 20, 0, 3);
    Path dir = SparkTestSupport.DIR.resolve("data");
    String flat = dir.resolve("flat_outputs.parquet").toString();
    scorer().transform(data).write().mode("overwrite").option("parquet.enable.dictionary", "false").parquet(flat);
    Dataset<Row> back = SparkTestSupport.spark().read().parquet(flat);
    assertEquals(DataTypes.FloatType,
        ((org.apache.spark.sql.types.ArrayType) back.schema().apply("y").dataType()).elementType());
    // The nested output, flattened by Spark, digests as the flat one read back.
    Dataset<Row> nested = scorer().setFlatOutputs(false).transform(data).selectExpr("id", "flatten(y) AS y");
    assertArrayEquals(SparkTestSupport.sparkDigests(nested, "y", n), SparkTestSupport.sparkDigests(back, "y", n));
  }
}
