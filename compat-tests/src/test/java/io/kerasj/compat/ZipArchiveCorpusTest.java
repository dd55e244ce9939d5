package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * kerasj reads {@code .keras} archives as Keras does. {@code malformed/zip/expected.json} records,
 * for each hostile archive made by {@code compat-tests/python/generate_malformed_corpus.py --only
 * zip}, what {@code keras.saving.load_model} did with it: loaded (and which model, by name, so a
 * hidden or duplicate {@code config.json} is told apart) or refused. kerasj must load the same model
 * where Keras loads and refuse where Keras refuses; a case may instead declare a deliberate,
 * stricter refusal ({@code "kerasj": {"refuses": …, "why": …}}), which must then happen with that
 * text in the message.
 */
class ZipArchiveCorpusTest {
  static final Path DIR = MalformedCorpusTest.M.resolve("zip");

  @TestFactory
  Stream<DynamicTest> agreesWithKeras() throws Exception {
    JsonObject manifest = JsonParser.parseString(Files.readString(DIR.resolve("expected.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
    Model base = KerasModels.load(CompatTest.FIXTURES.resolve(manifest.get("base").getAsString().substring(9)));
    float[] in = new float[2 * 3 * 4];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) Math.sin(i * 0.7) * 2;
    }
    Tensor x = Tensor.of(in, 2, 3, 4);
    float[] baseOut = base.predict(x).data();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement c : manifest.getAsJsonArray("cases")) {
      JsonObject o = c.getAsJsonObject();
      String file = o.get("file").getAsString();
      tests.add(DynamicTest.dynamicTest(file, () -> check(o, DIR.resolve(file), x, baseOut)));
    }
    assertTrue(tests.size() >= 40, "the corpus is there: " + tests.size());
    return tests.stream();
  }

  private static void check(JsonObject o, Path file, Tensor x, float[] baseOut) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(o.get("sha256").getAsString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(bytes)), file + " differs from the file Keras was run on; regenerate the corpus");
    JsonObject keras = o.getAsJsonObject("keras");
    JsonObject kerasj = o.getAsJsonObject("kerasj");
    String what = file.getFileName() + " (" + o.get("what").getAsString() + "; Keras: " + keras + ")";
    Model m = null;
    KerasjException refused = null;
    try {
      m = KerasModels.load(file);
    } catch (KerasjException e) {
      refused = e;
    }
    if (refused != null) {
      assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
      assertFalse(refused.getMessage().contains("internal error"), what + ": " + refused.getMessage());
    }
    if (kerasj != null) {
      // A deliberate divergence: Keras loads, kerasj refuses, and says why.
      assertTrue(keras.get("loads").getAsBoolean(), what + ": a declared divergence where Keras refuses anyway");
      if (refused == null) {
        fail(what + ": kerasj should refuse (" + kerasj.get("why").getAsString() + ") but loaded " + m.name());
      }
      String because = kerasj.get("refuses").getAsString();
      assertTrue(refused.getMessage().contains(because), what + ": message lacks '" + because + "': "
          + refused.getMessage());
      if (kerasj.has("loads_with")) {
        long limit = kerasj.getAsJsonObject("loads_with").get("maxConfigBytes").getAsLong();
        m = KerasModels.load(file, LoadOptions.defaults().withMaxConfigBytes(limit));
        assertEquals(keras.get("model").getAsString(), m.name(), what);
      }
      return;
    }
    if (keras.get("loads").getAsBoolean()) {
      if (refused != null) {
        fail(what + ": Keras loads it, kerasj refuses: " + refused.getMessage());
      }
      assertEquals(keras.get("model").getAsString(), m.name(), what + ": a different config.json was read");
      assertArrayEquals(baseOut, m.predict(x).data(), what + ": different weights were read");
    } else if (refused == null) {
      fail(what + ": Keras refuses it, kerasj loads model " + m.name());
    }
  }
}
