package io.kerasj.spark;

import static io.kerasj.spark.SparkTestSupport.model;
import static io.kerasj.spark.SparkTestSupport.sparkDigests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@link KerasModel#transform} scores Catalyst's rows, not external {@code Row}s: no row is turned
 * into Java objects and back (the boxed numbers of that round trip cost about as much CPU as the
 * notebook model itself), and the numbers it reads through Catalyst's typed getters are those
 * the external rows give.
 */
class CatalystRowsTest {
  private static KerasModel scorer() {
    return new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").setOutputCol("y").setBatchSize(16);
  }

  @Test
  void transformDoesNotDeserializeRows() {
    Dataset<Row> data = SparkTestSupport.sequences(50, 9, 0, 2);
    String plan = scorer().transform(data).queryExecution().analyzed().toString();
    assertFalse(plan.contains("DeserializeToObject") || plan.contains("MapPartitions"), plan);
    // What the check tells apart: the external rows' plan.
    String external = scorer().transform(data, false).queryExecution().analyzed().toString();
    assertTrue(external.contains("DeserializeToObject") && external.contains("MapPartitions"), external);
  }

  @Test
  void everyNumericElementTypeScoresAsItsCastToFloatAndAsExternalRows() {
    int n = 300;
    // Steps of several lengths, scaled so that integer types keep distinct values.
    Dataset<Row> data = SparkTestSupport.sequences(n, 12, 0, 3)
        .selectExpr("id", "transform(seq, s -> transform(s, x -> x * 100)) AS seq");
    for (String type : new String[] {"float", "double", "int", "bigint", "smallint", "tinyint", "decimal(9,3)"}) {
      Dataset<Row> typed = data.selectExpr("id", "CAST(seq AS array<array<" + type + ">>) AS seq");
      Dataset<Row> asFloat = typed.selectExpr("id", "CAST(seq AS array<array<float>>) AS seq");
      long[] want = sparkDigests(scorer().transform(asFloat), "y", n);
      assertArrayEquals(want, sparkDigests(scorer().transform(typed), "y", n), type);
      assertArrayEquals(want, sparkDigests(scorer().transform(typed, false), "y", n), type + ", external rows");
    }
  }
}
