package io.kerasj.spark;

import io.kerasj.Model;
import io.kerasj.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import scala.Tuple2;

/**
 * Test support, also used by the examples' tests (kerasj-spark's test-jar): one local Spark for all test classes ({@code local[2]}, no UI, bound to 127.0.0.1), the test
 * models as files, and sequences generated from their id, so that a reference can regenerate any
 * row without collecting the inputs.
 */
public final class SparkTestSupport {
  private SparkTestSupport() {}

  public static final Path DIR = Paths.get(System.getProperty("kerasj.spark.test.dir", "target/spark-test"));

  public static final StructType SEQUENCES = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), true), true);

  private static SparkSession spark;
  private static String cannotRun;

  /**
   * The shared session. Where Spark itself cannot start on this JDK (Spark 4.0's Hadoop client
   * calls {@code Subject.getSubject}, which JDK 24 and later refuse), the calling test is skipped
   * with that reason, printed once; any other failure to start fails the test.
   */
  public static synchronized SparkSession spark() {
    if (cannotRun != null) {
      Assumptions.abort(cannotRun);
    }
    if (spark == null) {
      try {
        spark = SparkSession.builder()
            .master("local[2]")
            .appName("kerasj-spark-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.local.dir", DIR.resolve("local").toString())
            .config("spark.sql.warehouse.dir", DIR.resolve("warehouse").toString())
            .getOrCreate();
      } catch (UnsupportedOperationException e) {
        if (Runtime.version().feature() >= 24 && String.valueOf(e.getMessage()).contains("getSubject")) {
          cannotRun = "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " cannot start on JDK "
              + Runtime.version() + ": Hadoop's UserGroupInformation calls Subject.getSubject, which JDK 24+"
              + " refuses (" + e + "); the kerasj-spark tests are skipped on this JDK and run on JDK 17 and 21";
          System.out.println("kerasj-spark: " + cannotRun);
          Assumptions.abort(cannotRun);
        }
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  /** A test model copied out of the class path into a file (Spark reads models by path). */
  public static String model(String name) {
    Path p = DIR.resolve("models").resolve(name);
    if (!Files.exists(p)) {
      try (InputStream in = SparkTestSupport.class.getResourceAsStream("/models/" + name)) {
        if (in == null) {
          throw new IllegalStateException("no test resource /models/" + name);
        }
        Files.createDirectories(p.getParent());
        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p.toAbsolutePath().toString();
  }

  /** The length of sequence {@code id}: 1 to {@code maxLen} steps. */
  public static int length(long id, int maxLen) {
    return 1 + (int) Math.floorMod((id * 0x9E3779B97F4A7C15L) >>> 17, (long) maxLen);
  }

  /** Sequence {@code id}: {@code len} steps of one feature, uniform in [-1, 1). */
  public static float[][] sequence(long id, int len) {
    SplittableRandom r = new SplittableRandom(id * 1_000_003L + 17);
    float[][] s = new float[len][1];
    for (float[] step : s) {
      step[0] = (float) (r.nextDouble() * 2 - 1);
    }
    return s;
  }

  /** Rows (id, seq) for ids [0, n): lengths from {@link #length} (or all {@code fixedLen} if > 0). */
  public static Dataset<Row> sequences(long n, int maxLen, int fixedLen, int partitions) {
    MapPartitionsFunction<Long, Row> gen = ids -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        long id = ids.next();
        return RowFactory.create(id, sequence(id, fixedLen > 0 ? fixedLen : length(id, maxLen)));
      }
    };
    return spark().range(0, n, 1, partitions).as(Encoders.LONG()).mapPartitions(gen, Encoders.row(SEQUENCES));
  }

  /** {@link #sequences} written once per JVM to Parquet under {@code name}, and read back. */
  public static synchronized Dataset<Row> parquet(String name, long n, int maxLen, int fixedLen) {
    Path p = DIR.resolve("data").resolve(name + ".parquet");
    if (!Files.exists(p.resolve("_SUCCESS"))) {
      sequences(n, maxLen, fixedLen, 4).write().mode("overwrite").parquet(p.toString());
    }
    return spark().read().parquet(p.toString());
  }

  /**
   * A 64-bit digest of a value's float bits and shape, for Spark values (Scala {@code Seq}s of
   * boxed floats, nested) and Java arrays alike. Two values with equal digests are, barring a
   * collision, equal bit for bit.
   */
  public static long digest(Object v) {
    long[] h = {0xcbf29ce484222325L};
    digestInto(v, h);
    return h[0];
  }

  private static void mix(long[] h, long x) {
    h[0] = (h[0] ^ x) * 0x100000001b3L;
    h[0] ^= h[0] >>> 29;
  }

  private static void digestInto(Object v, long[] h) {
    if (v == null) {
      mix(h, 0x5bd1e995L);
    } else if (v instanceof Float) {
      mix(h, Float.floatToRawIntBits((Float) v));
    } else if (v instanceof float[]) {
      float[] a = (float[]) v;
      mix(h, -a.length);
      for (float x : a) {
        mix(h, Float.floatToRawIntBits(x));
      }
    } else if (v instanceof scala.collection.Seq) {
      scala.collection.Seq<?> s = (scala.collection.Seq<?>) v;
      mix(h, -s.length());
      for (int i = 0; i < s.length(); i++) {
        digestInto(s.apply(i), h);
      }
    } else if (v instanceof Object[]) {
      Object[] a = (Object[]) v;
      mix(h, -a.length);
      for (Object x : a) {
        digestInto(x, h);
      }
    } else {
      throw new IllegalArgumentException("cannot digest a " + v.getClass());
    }
  }

  /** The digest of each row's output of a (batch, time, units) model, as Java arrays do it. */
  public static long[] digestRows(Tensor y) {
    int[] s = y.shape();
    long[] d = new long[s[0]];
    float[] data = y.data();
    int per = s[1] * s[2];
    for (int b = 0; b < s[0]; b++) {
      float[][] row = new float[s[1]][];
      for (int t = 0; t < s[1]; t++) {
        row[t] = java.util.Arrays.copyOfRange(data, b * per + t * s[2], b * per + (t + 1) * s[2]);
      }
      d[b] = digest(row);
    }
    return d;
  }

  /**
   * Model.predict on sequences 0..n-1 (as {@link #sequences} makes them), batched by length in
   * batches of up to {@code batch}: the reference digest of each row.
   */
  public static long[] referenceDigests(Model m, int n, int maxLen, int fixedLen, int batch) {
    long[] ref = new long[n];
    List<List<Integer>> byLength = new ArrayList<>();
    for (int l = 0; l <= Math.max(maxLen, fixedLen); l++) {
      byLength.add(new ArrayList<>());
    }
    for (int id = 0; id < n; id++) {
      byLength.get(fixedLen > 0 ? fixedLen : length(id, maxLen)).add(id);
    }
    for (int len = 1; len < byLength.size(); len++) {
      List<Integer> ids = byLength.get(len);
      for (int from = 0; from < ids.size(); from += batch) {
        int b = Math.min(batch, ids.size() - from);
        float[] x = new float[b * len];
        for (int k = 0; k < b; k++) {
          float[][] s = sequence(ids.get(from + k), len);
          for (int t = 0; t < len; t++) {
            x[k * len + t] = s[t][0];
          }
        }
        long[] d = digestRows(m.predict(Tensor.of(x, b, len, 1)));
        for (int k = 0; k < b; k++) {
          ref[ids.get(from + k)] = d[k];
        }
      }
    }
    return ref;
  }

  /** Each row's (id, digest of the output column) from a scored frame with a bigint {@code id} column. */
  public static long[] sparkDigests(Dataset<Row> scored, String outputCol, int n) {
    MapPartitionsFunction<Row, Tuple2<Long, Long>> f = rows -> new Iterator<Tuple2<Long, Long>>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Tuple2<Long, Long> next() {
        Row r = rows.next();
        return new Tuple2<>(r.getLong(0), digest(r.get(1)));
      }
    };
    List<Tuple2<Long, Long>> got = scored.select("id", outputCol)
        .mapPartitions(f, Encoders.tuple(Encoders.LONG(), Encoders.LONG())).collectAsList();
    Assertions.assertEquals(n, got.size(), "rows out");
    long[] d = new long[n];
    boolean[] seen = new boolean[n];
    for (Tuple2<Long, Long> t : got) {
      int id = (int) (long) t._1();
      Assertions.assertFalse(seen[id], "row " + id + " twice");
      seen[id] = true;
      d[id] = t._2();
    }
    return d;
  }
}
