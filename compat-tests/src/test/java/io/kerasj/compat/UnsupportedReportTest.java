package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.bytes;
import static io.kerasj.compat.BadInputTest.fails;
import static io.kerasj.compat.BadInputTest.text;
import static io.kerasj.compat.BadInputTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A model that needs what kerasj does not implement fails with one {@link
 * UnsupportedFeatureException} naming all of it — every layer and cell class no factory builds,
 * before any call argument or option, then every refused option — and names both ways to add a
 * class: {@code CustomObjects} (Java) and a plugin jar (CLI). The MultiHeadAttention fixtures are
 * saved by tf-keras and Keras 3 ({@code generate_unsupported_fixtures.py}).
 */
class UnsupportedReportTest {
  static final Path U = Path.of(System.getProperty("kerasj.fixtures.unsupported",
      "src/test/resources/fixtures_unsupported"));
  static final LoadOptions OPTIONS = LoadOptions.defaults();

  static byte[] unsupported(String name) throws Exception {
    return java.nio.file.Files.readAllBytes(U.resolve(name));
  }

  static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  static JsonArray layers(JsonObject model) {
    return model.getAsJsonObject("config").getAsJsonArray("layers");
  }

  /** The layer entry named {@code name} in a model's layer list. */
  static JsonObject layer(JsonObject model, String name) {
    for (JsonElement l : layers(model)) {
      if (name.equals(l.getAsJsonObject().getAsJsonObject("config").get("name").getAsString())) {
        return l.getAsJsonObject();
      }
    }
    throw new AssertionError("no layer " + name);
  }

  static void rename(JsonObject layer, String cls) {
    layer.addProperty("class_name", cls);
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * tf-keras records attention(query, value) with {@code value} as a call argument; the layer
   * class, which kerasj lacks, is what the message must name. Written so that it still holds once
   * MultiHeadAttention is implemented: a file that loads is fine (its numbers are the compat
   * suite's business), a refusal must name the class.
   */
  @Test
  void multiHeadAttentionIsNamedAsALayerNotByItsCallArgument() throws Throwable {
    Executable[] loads = {
        () -> KerasModels.load(unsupported("mha_k2_full.h5")),
        () -> KerasModels.load(unsupported("mha_k2_model.json"), unsupported("mha_k2_weights.h5"), OPTIONS),
        () -> KerasModels.load(unsupported("mha_k3.keras")),
        () -> KerasModels.load(unsupported("mha_k3_legacy.h5")),
        () -> KerasModels.load(unsupported("mha_k3_model.json"), unsupported("mha_k3.weights.h5"), OPTIONS)};
    for (Executable load : loads) {
      try {
        load.execute();
      } catch (UnsupportedFeatureException e) {
        assertTrue(e.getMessage().contains("layer 'attention': unsupported layer class 'MultiHeadAttention'"),
            e.getMessage());
        assertFalse(e.getMessage().contains("call argument"), e.getMessage());
      }
    }
  }

  /** The same tf-keras file with a class that stays unknown: the class comes before the call argument. */
  @Test
  void aLayerClassKerasjLacksIsNamedBeforeItsCallArguments() throws Exception {
    JsonObject m = json(new String(unsupported("mha_k2_model.json"), java.nio.charset.StandardCharsets.UTF_8));
    JsonObject attention = layer(m, "attention");
    assertTrue(attention.get("inbound_nodes").toString().contains("\"value\""), "tf-keras records value as a kwarg");
    rename(attention, "NoSuchAttention");
    UnsupportedFeatureException e = fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(utf8(m.toString()), unsupported("mha_k2_weights.h5"), OPTIONS),
        "layer 'attention': unsupported layer class 'NoSuchAttention'", "CustomObjects", "--plugin JAR");
    assertFalse(e.getMessage().contains("call argument"), e.getMessage());
  }

  @Test
  void everyUnknownLayerClassIsNamedInOneMessage() throws Exception {
    for (String[] f : new String[][] {{"lstm/k2_model.json", "lstm/k2_weights.h5"},
        {"lstm/k3_model.json", "lstm/k3.weights.h5"}}) {
      JsonObject m = json(text(f[0]));
      rename(layer(m, "lstm"), "MyRecurrent");
      rename(layer(m, "time_distributed"), "MyWrapper");
      UnsupportedFeatureException e = fails(UnsupportedFeatureException.class,
          () -> KerasModels.load(utf8(m.toString()), bytes(f[1]), OPTIONS),
          "2 features", "layer 'lstm': unsupported layer class 'MyRecurrent'",
          "layer 'time_distributed': unsupported layer class 'MyWrapper'",
          "CustomObjects (Java", "withLayer(\"MyRecurrent\", factory)", "in a plugin jar (CLI: --plugin JAR)");
      assertEquals(1, count(e.getMessage(), "--plugin JAR"), e.getMessage());
    }
  }

  /** Layers inside wrappers and cells inside RNN layers are checked before anything is built. */
  @Test
  void unknownClassesInsideWrappersAndCellsAreNamedWithTheOthers() throws Exception {
    JsonObject m = json(text("lstm/k3_model.json"));
    JsonObject inner = layer(m, "time_distributed").getAsJsonObject("config").getAsJsonObject("layer");
    rename(inner, "MyDense");
    rename(layer(m, "lstm_1"), "MyRecurrent");
    fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(m.toString()), bytes("lstm/k3.weights.h5"),
        OPTIONS), "2 features", "unsupported layer class 'MyDense'", "unsupported layer class 'MyRecurrent'");
    // The notebook's cell without its registration in both RNN layers, and an unknown layer: both
    // kinds of class, both hints.
    JsonObject ln = json(text("ln_rnn/k3_model.json"));
    rename(layer(ln, "time_distributed"), "MyWrapper");
    UnsupportedFeatureException e = fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(utf8(ln.toString()), bytes("ln_rnn/k3.weights.h5"),
            LoadOptions.defaults().withCustomObjects(CustomObjects.empty())),
        "3 features", "cell 'ln_simple_rnn_cell': unsupported RNN cell class 'LNSimpleRNNCell'",
        "unsupported layer class 'MyWrapper'", "withCell(\"LNSimpleRNNCell\", factory)",
        "withLayer(\"MyWrapper\", factory)");
    assertEquals(2, count(e.getMessage(), "--plugin JAR"), e.getMessage());
  }

  @Test
  void aLongListIsCutAfterTwentyEntries() throws Exception {
    JsonObject m = json(text("lstm/k2_model.json"));
    JsonArray list = layers(m);
    JsonElement input = list.get(0);
    JsonArray many = new JsonArray();
    many.add(input);
    for (int i = 0; i < 30; i++) {
      JsonObject l = new JsonObject();
      l.addProperty("class_name", "Unknown" + i);
      JsonObject cfg = new JsonObject();
      cfg.addProperty("name", "u" + i);
      l.add("config", cfg);
      many.add(l);
    }
    m.getAsJsonObject("config").add("layers", many);
    UnsupportedFeatureException e = fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(utf8(m.toString()), bytes("lstm/k2_weights.h5"), OPTIONS),
        "30 features", "'Unknown0'", "'Unknown19'", "… and 10 more");
    assertFalse(e.getMessage().contains("'Unknown20'"), e.getMessage());
  }

  /** With every class known, every refused option of every layer is named, not only the first. */
  @Test
  void everyUnsupportedOptionOfEveryLayerIsNamed() throws Exception {
    JsonObject m = json(text("lstm/k2_model.json"));
    layer(m, "lstm").getAsJsonObject("config").addProperty("frobnicate", 3);
    layer(m, "lstm_1").getAsJsonObject("config").addProperty("num_constants", 1);
    layer(m, "time_distributed").getAsJsonObject("config").getAsJsonObject("layer").getAsJsonObject("config")
        .add("activation", new JsonPrimitive("swishy"));
    fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(utf8(m.toString()), bytes("lstm/k2_weights.h5"), OPTIONS),
        "3 features", "layer 'lstm' (LSTM): option 'frobnicate' = 3 is not supported",
        "layer 'lstm_1' (LSTM): option 'num_constants' = 1 is not supported",
        "(Dense): option 'activation': activation 'swishy' is not supported");
  }

  /** Python code is an unsupported class like any other, and is listed with the rest. */
  @Test
  void lambdaLayersAreListedWithTheUnknownClasses() throws Exception {
    JsonObject m = json(text("lstm/k2_model.json"));
    JsonObject lambda = json("{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"function\": "
        + "[\"4wEAAAAAAAAA\", null, null], \"function_type\": \"lambda\", \"module\": \"__main__\"}}");
    layers(m).set(2, lambda);
    rename(layer(m, "time_distributed"), "MyWrapper");
    fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(utf8(m.toString()), bytes("lstm/k2_weights.h5"), OPTIONS),
        "2 features", "layer 'lam' (Lambda): a Lambda layer stores Python code", "unsupported layer class 'MyWrapper'",
        "Replace it in Python with a custom layer class", "--plugin JAR");
  }
}
