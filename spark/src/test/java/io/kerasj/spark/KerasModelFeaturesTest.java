package io.kerasj.spark;

import static io.kerasj.spark.InvalidRowsTest.messages;
import static io.kerasj.spark.SparkTestSupport.sparkDigests;
import static io.kerasj.spark.SparkTestSupport.digest;
import static io.kerasj.spark.SparkTestSupport.model;
import static io.kerasj.spark.SparkTestSupport.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ModelFormatException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading, model files (formats, corrupt, stateful), the executor cache, several inputs and outputs. */
class KerasModelFeaturesTest {
  @TempDir
  Path tmp;

  private static final int ROWS = 300;

  private static long[] reference(String modelFile) throws Exception {
    return SparkTestSupport.referenceDigests(KerasModels.load(Path.of(model(modelFile))), ROWS, 15, 0, 64);
  }

  @Test
  void aPipelineWithTheStageSavesAndLoads() throws Exception {
    Dataset<Row> data = SparkTestSupport.sequences(ROWS, 15, 0, 3);
    KerasModel stage = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").setOutputCol("y")
        .setBatchSize(32).setHandleInvalid("keep");
    SQLTransformer select = new SQLTransformer().setStatement("SELECT id, seq FROM __THIS__ WHERE id >= 0");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {select, stage}).fit(data);
    String dir = tmp.resolve("pipeline").toString();
    fitted.write().overwrite().save(dir);
    PipelineModel loaded = PipelineModel.load(dir);
    KerasModel back = (KerasModel) loaded.stages()[1];
    assertEquals(stage.uid(), back.uid());
    assertEquals(model("lstm.keras"), back.getModelPath());
    assertEquals(32, back.getBatchSize());
    assertEquals("keep", back.getHandleInvalid());
    assertArrayEquals(reference("lstm.keras"), sparkDigests(loaded.transform(data), "y", ROWS));

    String one = tmp.resolve("stage").toString();
    stage.write().overwrite().save(one);
    KerasModel alone = KerasModel.load(one);
    assertEquals(stage.explainParams(), alone.explainParams());
  }

  @Test
  void jsonPlusWeightsAndTfKerasH5ScoreLikeTheKerasFile() throws Exception {
    Dataset<Row> data = SparkTestSupport.sequences(ROWS, 15, 0, 2);
    long[] keras = sparkDigests(new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq")
        .transform(data), "prediction", ROWS);
    assertArrayEquals(reference("lstm.keras"), keras);
    long[] json = sparkDigests(new KerasModel().setModelPath(model("lstm.json"))
        .setWeightsPath(model("lstm.weights.h5")).setInputCol("seq").transform(data), "prediction", ROWS);
    assertArrayEquals(keras, json);
  }

  @Test
  void outputsAgreeWithTensorFlowOnTheFixtureInputs() throws Exception {
    Tensor x = Npy.read(Path.of(model("lstm_len100_small_input.npy")));
    Tensor want = Npy.read(Path.of(model("lstm_len100_small_expected_tf.npy")));
    int b = x.dim(0);
    int t = x.dim(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      float[][] s = new float[t][1];
      for (int j = 0; j < t; j++) {
        s[j][0] = x.get(i, j, 0);
      }
      rows.add(RowFactory.create((long) i, s));
    }
    Dataset<Row> df = spark().createDataFrame(rows, SparkTestSupport.SEQUENCES);
    List<Row> out = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq").transform(df)
        .orderBy("id").collectAsList();
    double maxAbs = 0;
    for (int i = 0; i < b; i++) {
      scala.collection.Seq<?> y = out.get(i).getAs("prediction");
      for (int j = 0; j < t; j++) {
        scala.collection.Seq<?> step = (scala.collection.Seq<?>) y.apply(j);
        for (int u = 0; u < want.dim(2); u++) {
          maxAbs = Math.max(maxAbs, Math.abs((Float) step.apply(u) - want.get(i, j, u)));
        }
      }
    }
    System.out.println("Spark vs TensorFlow 2.21, notebook lstm, " + b + " x " + t + ": max |error| = " + maxAbs);
    assertTrue(maxAbs < 1e-5, "max |Spark - TensorFlow| = " + maxAbs);
  }

  @Test
  void theModelIsParsedOncePerJvmForAllTasksJobsAndTheSqlFunction() throws Exception {
    // lstm_k2.h5 is used by this test only, so its first parse happens here.
    String path = model("lstm_k2.h5");
    Dataset<Row> data = SparkTestSupport.sequences(ROWS, 15, 0, 6);
    long before = ModelCache.parses();
    KerasModel scorer = new KerasModel().setModelPath(path).setInputCol("seq").setBatchSize(16);
    for (int job = 0; job < 3; job++) {
      assertEquals(ROWS, scorer.transform(data.repartition(4 + job)).count());
    }
    Path copy = tmp.resolve("same-bytes-elsewhere.h5");
    Files.copy(Path.of(path), copy);
    new KerasModel().setModelPath(copy.toString()).setInputCol("seq").transform(data).count();
    KerasjSpark.register(spark(), "score_h5", path);
    data.createOrReplaceTempView("seqs_h5");
    assertEquals(ROWS, spark().sql("SELECT score_h5(seq) FROM seqs_h5").count());
    assertEquals(1, ModelCache.parses() - before, "parses of the model in this JVM (driver and executor)");
  }

  @Test
  void aCorruptOrTruncatedModelFailsWithTheLoadersMessageNamingTheFile() throws Exception {
    Dataset<Row> data = SparkTestSupport.sequences(10, 5, 0, 1);
    Path garbage = tmp.resolve("garbage.keras");
    Files.write(garbage, "PK\u0003\u0004 this is not a zip archive at all".getBytes("ISO-8859-1"));
    Path truncated = tmp.resolve("truncated.h5");
    byte[] h5 = Files.readAllBytes(Path.of(model("lstm_k2.h5")));
    Files.write(truncated, Arrays.copyOf(h5, h5.length / 3));
    for (Path bad : List.of(garbage, truncated)) {
      KerasjSparkException e = assertThrows(KerasjSparkException.class,
          () -> new KerasModel().setModelPath(bad.toString()).setInputCol("seq").transform(data).count());
      messages(e);
      assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
      assertTrue(e.getCause() instanceof io.kerasj.KerasjException, String.valueOf(e.getCause()));
      String loader = e.getCause().getMessage().replace("<bytes>", bad.toString());
      assertTrue(e.getMessage().contains(loader.substring(loader.indexOf(": ") + 2)), e.getMessage());
      assertThrows(KerasjSparkException.class, () -> KerasjSpark.register(spark(), "bad", bad.toString()));
    }
    assertTrue(assertThrows(KerasjSparkException.class,
        () -> new KerasModel().setModelPath(garbage.toString()).setInputCol("seq").transform(data))
        .getCause() instanceof ModelFormatException);
  }

  @Test
  void aSavedPipelineWhoseModelFileWasCorruptedFailsWithOurMessage() throws Exception {
    spark(); // the writer below starts a session of its own otherwise
    Path file = tmp.resolve("model.keras");
    Files.copy(Path.of(model("lstm.keras")), file);
    String dir = tmp.resolve("stage").toString();
    new KerasModel().setModelPath(file.toString()).setInputCol("seq").write().save(dir);
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Dataset<Row> data = SparkTestSupport.sequences(10, 5, 0, 1);
    KerasjSparkException e = assertThrows(KerasjSparkException.class, () -> KerasModel.load(dir).transform(data));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
  }

  @Test
  void aStatefulModelIsRefused() {
    Dataset<Row> data = SparkTestSupport.sequences(10, 5, 0, 1);
    KerasjSparkException e = assertThrows(KerasjSparkException.class,
        () -> new KerasModel().setModelPath(model("stateful_lstm.keras")).setInputCol("seq").transform(data));
    assertTrue(e.getMessage().contains("has layers with stateful=True"), e.getMessage());
    assertTrue(e.getMessage().startsWith(model("stateful_lstm.keras") + ": model '"), e.getMessage());
    assertThrows(KerasjSparkException.class,
        () -> KerasjSpark.register(spark(), "stateful", model("stateful_lstm.keras")));
  }

  private static float[][] steps(SplittableRandom r, int len, int features) {
    float[][] s = new float[len][features];
    for (float[] step : s) {
      for (int f = 0; f < features; f++) {
        step[f] = (float) (r.nextDouble() * 2 - 1);
      }
    }
    return s;
  }

  private static Tensor tensor(float[][] s) {
    float[] d = new float[s.length * s[0].length];
    for (int t = 0; t < s.length; t++) {
      System.arraycopy(s[t], 0, d, t * s[0].length, s[0].length);
    }
    return Tensor.of(d, 1, s.length, s[0].length);
  }

  @Test
  void severalInputColumnsAndSeveralOutputColumns() throws Exception {
    StructType two = new StructType().add("id", DataTypes.LongType)
        .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("b", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
    Model multiIn = KerasModels.load(Path.of(model("func_multi_input.keras")));
    Model multiOut = KerasModels.load(Path.of(model("func_multi_output.keras")));
    int features = multiOut.inputShape(0)[2];
    SplittableRandom r = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    List<float[][]> as = new ArrayList<>();
    List<float[][]> bs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int len = 1 + i % 6;
      as.add(steps(r, len, 2));
      bs.add(steps(r, len, 3));
      rows.add(RowFactory.create((long) i, as.get(i), bs.get(i)));
    }
    Dataset<Row> df = spark().createDataFrame(rows, two).repartition(3);
    List<Row> out = new KerasModel().setModelPath(model("func_multi_input.keras")).setInputCols("a", "b")
        .setOutputCol("y").setBatchSize(8).transform(df).orderBy("id").collectAsList();
    for (Row row : out) {
      int i = (int) row.getLong(0);
      Tensor want = multiIn.predictAll(tensor(as.get(i)), tensor(bs.get(i))).get(0);
      assertEquals(digest(want.data()), digest(row.getAs("y")), "row " + i);
    }

    StructType one = new StructType().add("id", DataTypes.LongType)
        .add("x", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
    List<Row> xrows = new ArrayList<>();
    List<float[][]> xs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      xs.add(steps(r, 1 + i % 5, features));
      xrows.add(RowFactory.create((long) i, xs.get(i)));
    }
    List<Row> out2 = new KerasModel().setModelPath(model("func_multi_output.keras")).setInputCol("x")
        .setOutputCols("seq_head", "pool_head").transform(spark().createDataFrame(xrows, one)).orderBy("id")
        .collectAsList();
    for (Row row : out2) {
      int i = (int) row.getLong(0);
      List<Tensor> want = multiOut.predictAll(tensor(xs.get(i)));
      assertEquals(SparkTestSupport.digestRows(want.get(0))[0], digest(row.getAs("seq_head")), "row " + i);
      assertEquals(digest(want.get(1).data()), digest(row.getAs("pool_head")), "row " + i);
    }
    KerasjSparkException e = assertThrows(KerasjSparkException.class, () -> new KerasModel()
        .setModelPath(model("func_multi_output.keras")).setInputCol("x").transform(spark().createDataFrame(xrows,
            one)));
    assertEquals("the model has 2 outputs: name one column per output with setOutputCols", e.getMessage());
  }

  @Test
  void rowsWhoseInputsTheModelRefusesTogetherAreNamed() {
    StructType two = new StructType().add("id", DataTypes.LongType)
        .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("b", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
    SplittableRandom r = new SplittableRandom(9);
    List<Row> rows = List.of(RowFactory.create(0L, steps(r, 3, 2), steps(r, 3, 3)),
        RowFactory.create(1L, steps(r, 3, 2), steps(r, 4, 3)));  // a and b of different lengths
    Dataset<Row> df = spark().createDataFrame(rows, two).coalesce(1);
    KerasModel scorer = new KerasModel().setModelPath(model("func_multi_input.keras")).setInputCols("a", "b");
    String msg = messages(assertThrows(Exception.class, () -> scorer.transform(df).collectAsList()));
    assertTrue(msg.contains("partition 0, row 1 (counted from 0 in the partition): model 'func_multi_input' refused"
        + " the row: "), msg);
    List<Row> kept = scorer.setHandleInvalid("keep").transform(df).orderBy("id").collectAsList();
    assertTrue(kept.get(0).get(3) != null && kept.get(1).get(3) == null);
  }

  /** A {@code LoadOptions} supplier for the test below: a 1 KB file limit. */
  public static final class TinyLimit implements Supplier<LoadOptions> {
    @Override
    public LoadOptions get() {
      return LoadOptions.defaults().withMaxBytes(1024);
    }
  }

  @Test
  void loadOptionsComeFromTheNamedSupplier() {
    Dataset<Row> data = SparkTestSupport.sequences(10, 5, 0, 1);
    KerasModel scorer = new KerasModel().setModelPath(model("lstm.keras")).setInputCol("seq")
        .setLoadOptionsClass(TinyLimit.class.getName());
    assertTrue(assertThrows(ModelFormatException.class, () -> scorer.transform(data)).getMessage()
        .contains("LoadOptions.withMaxBytes"));
    KerasjSparkException e = assertThrows(KerasjSparkException.class,
        () -> scorer.setLoadOptionsClass("no.such.Options").transform(data));
    assertTrue(e.getMessage().startsWith("loadOptionsClass 'no.such.Options': cannot instantiate it"),
        e.getMessage());
  }
}
