package io.kerasj.spark;

import static io.kerasj.spark.SparkTestSupport.digest;
import static io.kerasj.spark.SparkTestSupport.model;
import static io.kerasj.spark.SparkTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The per-row error policy ({@code handleInvalid}) on nulls, empty arrays, ragged and mis-shaped
 * sequences: "error" names the partition, the row's position and the problem; "keep" writes null
 * outputs and scores the other rows as usual; "skip" drops the row.
 */
class InvalidRowsTest {
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, true), true), true);

  private static List<Float> step(Float... v) {
    return Arrays.asList(v);
  }

  /** Invalid values with the words the message must hold; row i + 1 of a frame after a valid row 0. */
  static final Object[][] INVALID = {
      {null, "column 'seq' is null"},
      {List.of(), "column 'seq' has an empty array (a sequence of no steps)"},
      {Arrays.asList(step(0.1f), step(0.2f, 0.3f)), "column 'seq' is ragged: the array at [1] has 2 elements,"
          + " the first one at that depth has 1"},
      {Arrays.asList(step(0.1f), null), "column 'seq' has a null array at [1]"},
      {Arrays.asList(step(0.1f), step((Float) null)), "column 'seq' has a null number at [1][0]"},
      {Arrays.asList(step(0.1f, 0.2f), step(0.3f, 0.4f)), "column 'seq' holds an array of shape (2, 2), which"
          + " does not fit model 'sequential' input 'input_0' of shape (None, None, 1) (axis 2 must be 1)"},
  };

  static final List<Float> VALID_A = step(0.5f);
  static final List<List<Float>> VALID = Arrays.asList(step(0.5f), step(-0.25f), step(1f));
  static final List<List<Float>> VALID_NAN = Arrays.asList(step(0.5f), step(Float.NaN));

  private static Dataset<Row> frame(Object... seqs) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < seqs.length; i++) {
      rows.add(RowFactory.create(i, seqs[i]));
    }
    return spark().createDataFrame(rows, SCHEMA).coalesce(1);
  }

  private static long referenceDigest(List<List<Float>> seq) throws Exception {
    Model m = KerasModels.load(Path.of(model("lstm.keras")));
    float[] x = new float[seq.size()];
    for (int t = 0; t < x.length; t++) {
      x[t] = seq.get(t).get(0);
    }
    return SparkTestSupport.digestRows(m.predict(Tensor.of(x, 1, x.length, 1)))[0];
  }

  private static KerasModel scorer(String policy) {
    return new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").setHandleInvalid(policy);
  }

  static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(t).append('\n');
      assertTrue(!(t instanceof NullPointerException), "an NPE in the chain: " + s);
    }
    return s.toString();
  }

  @Test
  void errorFailsTheTaskNamingThePartitionTheRowAndTheProblem() {
    for (Object[] bad : INVALID) {
      Dataset<Row> scored = scorer("error").transform(frame(VALID, bad[0]));
      Exception e = assertThrows(Exception.class, scored::collectAsList);
      String msg = messages(e);
      assertTrue(msg.contains("io.kerasj.spark.KerasjSparkException: partition 0, row 1 (counted from 0 in the"
          + " partition): " + bad[1]), msg);
      assertTrue(msg.contains("handleInvalid=\"keep\""), "the message says how to keep going: " + msg);
    }
  }

  @Test
  void keepWritesNullOutputsAndScoresTheOtherRows() throws Exception {
    Object[] seqs = new Object[INVALID.length * 2 + 1];
    seqs[0] = VALID;
    for (int i = 0; i < INVALID.length; i++) {
      seqs[2 * i + 1] = INVALID[i][0];
      seqs[2 * i + 2] = i % 2 == 0 ? VALID : VALID_NAN;
    }
    List<Row> out = scorer("keep").setBatchSize(4).transform(frame(seqs)).orderBy("id").collectAsList();
    assertEquals(seqs.length, out.size());
    long valid = referenceDigest(VALID);
    long validNan = referenceDigest(VALID_NAN);
    for (Row r : out) {
      int id = r.getInt(0);
      if (id % 2 == 1) {
        assertNull(r.get(2), "row " + id);
      } else {
        assertNotNull(r.get(2), "row " + id);
        assertEquals(id == 0 || (id / 2 - 1) % 2 == 0 ? valid : validNan, digest(r.get(2)), "row " + id);
      }
    }
  }

  @Test
  void skipDropsTheRow() {
    Object[] seqs = new Object[INVALID.length + 2];
    seqs[0] = VALID;
    for (int i = 0; i < INVALID.length; i++) {
      seqs[i + 1] = INVALID[i][0];
    }
    seqs[seqs.length - 1] = VALID_NAN;
    List<Row> out = scorer("skip").transform(frame(seqs)).collectAsList();
    assertEquals(2, out.size());
    assertEquals(0, out.get(0).getInt(0));
    assertEquals(seqs.length - 1, out.get(1).getInt(0));
  }

  @Test
  void aSequenceOfNumbersIsOneFeaturePerStep() throws Exception {
    StructType flat = new StructType().add("id", DataTypes.IntegerType).add("seq",
        DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> df = spark().createDataFrame(List.of(RowFactory.create(0, Arrays.asList(0.5, -0.25, 1.0))), flat);
    Row r = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").transform(df).first();
    assertEquals(referenceDigest(VALID), digest(r.get(2)));
  }

  @Test
  void aColumnOfTheWrongTypeIsRefusedBeforeTheJob() {
    StructType s = new StructType().add("id", DataTypes.IntegerType).add("seq", DataTypes.StringType);
    Dataset<Row> df = spark().createDataFrame(List.of(RowFactory.create(0, "x")), s);
    KerasjSparkException e = assertThrows(KerasjSparkException.class,
        () -> new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").transform(df));
    assertEquals("column 'seq' is string, but model 'sequential' input 'input_0' of shape (None, None, 1) takes"
        + " array<array<float>> (or array<float>, one number per step)", e.getMessage());
    e = assertThrows(KerasjSparkException.class,
        () -> new KerasModel().setModelPath(model("lstm.keras")).setInputCol("sequence").transform(df));
    assertEquals("input column 'sequence' does not exist; the columns are [id, seq]", e.getMessage());
  }
}
