package io.kerasj.spark;

import static io.kerasj.spark.InvalidRowsTest.messages;
import static io.kerasj.spark.SparkTestSupport.sparkDigests;
import static io.kerasj.spark.SparkTestSupport.model;
import static io.kerasj.spark.SparkTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** {@link KerasjSpark#register}: {@code SELECT score(seq) FROM t}. */
class SqlFunctionTest {
  private static final int ROWS = 500;

  @Test
  void selectScoreEqualsModelPredict() throws Exception {
    long[] want = SparkTestSupport.referenceDigests(KerasModels.load(Path.of(model("lstm.keras"))), ROWS, 20, 0, 50);
    KerasjSpark.register(spark(), "score", model("lstm.keras"));
    SparkTestSupport.sequences(ROWS, 20, 0, 3).createOrReplaceTempView("t");
    assertArrayEquals(want, sparkDigests(spark().sql("SELECT id, score(seq) AS y FROM t"), "y", ROWS));
    // array<float>: one number per step, for a model of one feature
    assertArrayEquals(want, sparkDigests(spark().sql("SELECT id, score(transform(seq, s -> s[0])) AS y FROM t"),
        "y", ROWS));
    assertEquals("array<array<float>>", spark().sql("SELECT score(seq) AS y FROM t").schema().apply("y").dataType()
        .simpleString());
  }

  @Test
  void invalidArgumentsFailOrGiveNullAsConfigured() {
    Dataset<Row> df = spark().sql("SELECT 1 AS id, CAST(NULL AS array<array<float>>) AS seq UNION ALL "
        + "SELECT 2, array(array(0.5f), array(0.25f, 1.0f))");
    df.createOrReplaceTempView("bad");
    KerasjSpark.register(spark(), "score_strict", model("lstm.keras"));
    String msg = messages(assertThrows(Exception.class,
        () -> spark().sql("SELECT score_strict(seq) FROM bad WHERE id = 1").collectAsList()));
    assertTrue(msg.contains("io.kerasj.spark.KerasjSparkException: function score_strict in partition 0:"
        + " column 'argument 1 of score_strict' is null"), msg);
    msg = messages(assertThrows(Exception.class,
        () -> spark().sql("SELECT score_strict(seq) FROM bad WHERE id = 2").collectAsList()));
    assertTrue(msg.contains("is ragged"), msg);
    KerasjSpark.register(spark(), "score_lenient", new KerasModel().setModelPath(model("lstm.keras"))
        .setHandleInvalid("keep"));
    List<Row> out = spark().sql("SELECT score_lenient(seq) FROM bad ORDER BY id").collectAsList();
    assertNull(out.get(0).get(0));
    assertNull(out.get(1).get(0));
    assertThrows(KerasjSparkException.class, () -> KerasjSpark.register(spark(), "score_skip",
        new KerasModel().setModelPath(model("lstm.keras")).setHandleInvalid("skip")));
  }
}
