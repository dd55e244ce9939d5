package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * HDF5 storage features Keras files can carry (issue 10 §4): a user block, '/' in tf-keras layer
 * names, chunked datasets with gzip / shuffle / fletcher32 in both generations of chunk index,
 * datasets never written, deflate streams longer or shorter than their chunk, and chunks far
 * larger than their data. The files and TensorFlow's outputs (or h5py's refusal) come from
 * {@code compat-tests/python/generate_hdf5_fixtures.py}; see {@code hdf5/manifest.json}.
 */
class Hdf5StorageTest {
  static final Path H = Path.of(System.getProperty("kerasj.hdf5", "src/test/resources/hdf5"));
  /** Loaded in their own small-heap JVMs by {@link #chunkBombsLoadInASmallHeap}. */
  static final Set<String> BIG = Set.of("k2_dense8192_gzip.h5", "k2_chunkbomb.h5");

  static JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(H.resolve("manifest.json"), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static Map<String, JsonObject> cases() throws IOException {
    Map<String, JsonObject> m = new HashMap<>();
    for (JsonElement e : manifest().getAsJsonArray("cases")) {
      m.put(e.getAsJsonObject().get("file").getAsString(), e.getAsJsonObject());
    }
    return m;
  }

  static Model load(JsonObject c, LoadOptions options) throws IOException {
    Path file = H.resolve(c.get("file").getAsString());
    return c.has("config") ? KerasModels.load(H.resolve(c.get("config").getAsString()), file, options)
        : KerasModels.load(file, options);
  }

  @TestFactory
  Stream<DynamicTest> everyValidFileMatchesTensorFlow() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonObject c : cases().values()) {
      String file = c.get("file").getAsString();
      if (c.get("kind").getAsString().equals("valid") && !BIG.contains(file)) {
        tests.add(DynamicTest.dynamicTest(file, () -> {
          Tensor y = load(c, LoadOptions.defaults()).predict(Npy.read(H.resolve(c.get("input").getAsString())));
          CompatReport.compare("hdf5", file, c.has("config") ? "config + weights" : "file", c.get("input").getAsString(),
              y, Npy.read(H.resolve(c.get("expected").getAsString())));
        }));
      }
    }
    assertTrue(tests.size() >= 12, "the manifest lists the valid files: " + tests.size());
    return tests.stream();
  }

  @Test
  void userBlockFilesLoadInEveryFormat() throws IOException {
    // Before the fix the base address was counted twice: "truncated HDF5 file: 20048 bytes, the superblock
    // says 20560". The five formats are compared with TensorFlow above; here: they are all there.
    Map<String, JsonObject> c = cases();
    for (String f : List.of("k2_ub_full.h5", "k2_ub_weights.h5", "k3_ub_legacy.h5", "k3_ub.weights.h5", "k3_ub.keras")) {
      assertEquals("valid", c.get(f).get("kind").getAsString(), f);
      load(c.get(f), LoadOptions.defaults());
    }
  }

  @Test
  void slashInLayerNamesResolvesAsNestedGroups() throws IOException {
    Map<String, JsonObject> c = cases();
    Model full = load(c.get("k2_slash_full.h5"), LoadOptions.defaults());
    assertTrue(full.summary().contains("conv1/conv"), full.summary());
    assertTrue(full.summary().contains("head/out"), full.summary());
    load(c.get("k2_slash_weights.h5"), LoadOptions.defaults());
    // Keras 3 refuses '/' in names, so it has no such file; the generator records why.
    assertTrue(manifest().getAsJsonArray("notes").get(0).getAsString().contains("cannot contain character `/`"));
  }

  /** A file h5py refuses (its recorded verdict) is refused by kerasj with a message naming {@code mustContain}. */
  static void refusedAsH5pyRefuses(String file, String... mustContain) throws IOException {
    JsonObject c = cases().get(file);
    assertTrue(c.get("verdict").getAsString().startsWith("refuses"), file + ": h5py's verdict is " + c.get("verdict"));
    ModelFormatException e = fails(ModelFormatException.class, () -> load(c, LoadOptions.defaults()), mustContain);
    assertTrue(e.getMessage().contains(file), e.getMessage());
  }

  @Test
  void corruptFletcher32IsRefusedAsLibhdf5RefusesIt() throws IOException {
    refusedAsH5pyRefuses("k2_fletcher_corrupt.h5", "layer 'dense' weight 'bias'", "'/model_weights/dense/dense/bias:0'",
        "chunk at [0]", "fails its fletcher32 checksum", "corrupt");
    refusedAsH5pyRefuses("k3_fletcher_corrupt.weights.h5", "layer 'dense' weight 'kernel'", "'/layers/dense/vars/0'",
        "chunk at [0, 0]", "fails its fletcher32 checksum");
  }

  @Test
  void aDeflateStreamShorterThanItsChunkIsRefused() throws IOException {
    // h5py reads it, filling the chunk's rest from uninitialized memory: no defined values to match.
    fails(ModelFormatException.class, () -> load(cases().get("k3_shortstream.weights.h5"), LoadOptions.defaults()),
        "k3_shortstream.weights.h5", "layer 'dense' weight 'kernel'", "decodes to 10 bytes, less than the chunk's 168");
  }

  @Test
  void addressesPastTheEndOfTheFileAreRefusedByName() throws IOException {
    // Before: "(HdfException: Failed to map data buffer for dataset ...)".
    refusedAsH5pyRefuses("k2_data_past_eof.h5", "layer 'time_distributed' weight 'kernel'",
        "800 bytes of data at address", "beyond the end of the file (39864 bytes)");
    refusedAsH5pyRefuses("k2_header_past_eof.h5", "'/model_weights/time_distributed/time_distributed/'");
  }

  @Test
  void aChunkBeyondTheWeightLimitIsRefusedBeforeInflating() throws IOException {
    // 32 floats in one 8192 x 8192 chunk: within the default limits (2^28) it loads (below), within 2^20 it
    // is refused from the layout alone.
    fails(ModelFormatException.class, () -> load(cases().get("k2_chunkbomb.h5"),
        LoadOptions.defaults().withMaxWeightElements(1 << 20)), "k2_chunkbomb.h5", "layer 'dense' weight 'kernel'",
        "'/model_weights/dense/dense/kernel:0'", "chunks of shape [8192, 8192]", "its shape [8, 4]",
        "67108864 elements", "limit of 1048576", "LoadOptions.withMaxWeightElements", "nothing was inflated");
    // The 256 MiB weight itself is over that limit: refused from its shape.
    fails(ShapeMismatchException.class, () -> load(cases().get("k2_dense8192_gzip.h5"),
        LoadOptions.defaults().withMaxWeightElements(1 << 20)), "k2_dense8192_gzip.h5", "weight 'kernel'",
        "[8192, 8192]", "limit of 1048576");
  }

  /**
   * Within the default limits both chunk bombs load, in a heap far smaller than what reading them
   * through jhdf needed (it inflated each chunk into a buffer doubling up to 512 MiB, copied it, and
   * ran out of memory with a message that blamed the config), and give TensorFlow's outputs.
   */
  @Test
  void chunkBombsLoadInASmallHeap() throws Exception {
    Map<String, JsonObject> c = cases();
    // 32 floats in a 256 MiB chunk: only a few MiB are ever allocated.
    runInSmallHeap("128m", c.get("k2_chunkbomb.h5"));
    // A real 256 MiB weight: the weight and Dense's packed copy, nothing more.
    runInSmallHeap("640m", c.get("k2_dense8192_gzip.h5"));
  }

  private static void runInSmallHeap(String heap, JsonObject c) throws Exception {
    String file = c.get("file").getAsString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // -Dkerasj.vector=false: the kernels chosen, so the library's warning about the missing Vector
    // API module does not mix with the output bits read here.
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-Dkerasj.vector=false", "-cp", cp, SmallHeap.class.getName(), H.resolve(file).toString(), H.resolve(c.get("input").getAsString()).toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), file + ": the child JVM did not finish");
    assertEquals(0, p.exitValue(), file + " in -Xmx" + heap + ": " + out);
    String[] words = out.trim().split("\\s+");
    Tensor expected = Npy.read(H.resolve(c.get("expected").getAsString()));
    float[] y = new float[words.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
    }
    CompatReport.compare("hdf5", file, "file, -Xmx" + heap, c.get("input").getAsString(), Tensor.of(y, expected.shape()),
        expected);
  }

  /** The child JVM of {@link #chunkBombsLoadInASmallHeap}: prints the outputs' bits, or fails. */
  public static final class SmallHeap {
    private SmallHeap() {}

    public static void main(String[] args) throws Exception {
      float[] y = KerasModels.load(Path.of(args[0])).predict(Npy.read(Path.of(args[1]))).data();
      StringBuilder sb = new StringBuilder();
      for (float v : y) {
        sb.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
      }
      System.out.println(sb);
    }
  }

  @Test
  void widthsThatOverflowAnIntAreRefusedNotWrapped() throws Exception {
    // units = 2^30: 4 * units wrapped to 0 in int arithmetic, so kernels of width 0 (never-written
    // datasets, which read as 0 floats) matched the config and the model loaded with 2^30 units.
    String json = BadInputTest.text("lstm/k2_model.json").replaceFirst("\"units\": 20", "\"units\": 1073741824");
    fails(ShapeMismatchException.class, () -> KerasModels.load(json.getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(H.resolve("k2_lstm_zero_width_weights.h5")), LoadOptions.defaults()), "layer 'lstm'",
        "weight 'kernel'", "implies the shape [1, 4294967296]", "overflows");
  }
}
