package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operation kerasj does not run is refused at load by its name, naming the file and the layer:
 * the {@code ops_elementwise} fixture's configs as Keras wrote them, with one op node (Keras 3) or
 * one TensorFlow function (tf-keras) replaced by a real one kerasj lacks ({@code searchsorted}, whose
 * output shape and values depend on the data's order); and arguments of supported ops that kerasj
 * does not implement, refused by op and argument.
 */
class OpRefusalTest {
  private static final Path DIR = OpsCompatTest.DIR.resolve("ops_elementwise");

  @TempDir
  Path tmp;

  @Test
  void unknownKeras3OpIsRefusedByModuleAndClass() throws IOException {
    Path json = edited("k3_model.json", "sorted_k3.json", layer -> {
      if (layer.get("name").getAsString().equals("absolute")) {
        layer.addProperty("class_name", "Searchsorted");
      }
    });
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> KerasModels.load(json, DIR.resolve("k3.weights.h5")));
    assertMentions(e, "sorted_k3.json", "'absolute'", "keras.src.ops.numpy.Searchsorted");
  }

  /** The Add op and the Add layer are told apart by module: an op node's config is no layer's. */
  @Test
  void opNodeIsNeverTakenForTheLayerOfTheSameName() throws IOException {
    Path json = edited("k3_model.json", "add_op_k3.json", layer -> {
      if (layer.get("name").getAsString().equals("absolute")) {
        layer.addProperty("class_name", "Add"); // keras.src.ops.numpy.Add, a binary op, called on one tensor
      }
    });
    Exception e = assertThrows(io.kerasj.KerasjException.class,
        () -> KerasModels.load(json, DIR.resolve("k3.weights.h5")));
    assertMentions(e, "add_op_k3.json", "'absolute'", "keras.src.ops.numpy.Add");
  }

  @Test
  void unknownTensorFlowFunctionIsRefusedByName() throws IOException {
    Path json = edited("k2_model.json", "sorted_k2.json", layer -> {
      if (layer.get("name").getAsString().equals("tf.math.abs")) {
        layer.getAsJsonObject("config").addProperty("function", "searchsorted");
      }
    });
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> KerasModels.load(json, DIR.resolve("k2_weights.h5")));
    assertMentions(e, "sorted_k2.json", "'tf.math.abs'", "tf.searchsorted");
  }

  /** top_k(sorted=False): TensorFlow leaves the order unspecified. */
  @Test
  void unsortedTopKIsRefusedByArgument() throws IOException {
    refusedOption("ops_multi_output", "top_k", "sorted", false, "keras.src.ops.math.TopK", "'sorted'");
  }

  @Test
  void synchronizedMomentsAreRefusedByArgument() throws IOException {
    refusedOption("ops_multi_output", "moments", "synchronized", true, "keras.src.ops.nn.Moments", "'synchronized'");
  }

  /** Keras' TensorFlow backend raises on flash attention. */
  @Test
  void flashAttentionIsRefusedByArgument() throws IOException {
    refusedOption("ops_attention", "dot_product_attention", "flash_attention", true,
        "keras.src.ops.nn.DotProductAttention", "'flash_attention'");
  }

  @Test
  void attentionSoftCapIsRefusedByArgument() throws IOException {
    refusedOption("ops_attention", "dot_product_attention", "attn_logits_soft_cap", 50.0,
        "keras.src.ops.nn.DotProductAttention", "'attn_logits_soft_cap'");
  }

  /** sort(axis=None) sorts the flattened tensor, batch axis included. */
  @Test
  void flattenedSortIsRefused() throws IOException {
    refusedOption("ops_numpy_shape", "sort", "axis", null, "keras.src.ops.numpy.Sort", "axis=None");
  }

  /** append(axis=None) flattens both tensors, batch axis included. */
  @Test
  void flattenedAppendIsRefused() throws IOException {
    refusedOption("ops_numpy_shape", "append", "axis", null, "keras.src.ops.numpy.Append", "axis=None");
  }

  @Test
  void flattenedTakeAlongAxisIsRefused() throws IOException {
    refusedOption("ops_numpy_shape", "take_along_axis", "axis", null, "keras.src.ops.numpy.TakeAlongAxis",
        "axis=None");
  }

  private void refusedOption(String model, String layerName, String key, Object value, String... words)
      throws IOException {
    Path dir = OpsCompatTest.DIR.resolve(model);
    boolean[] found = {false};
    JsonObject m = JsonParser.parseString(Files.readString(dir.resolve("k3_model.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
    m.getAsJsonObject("config").getAsJsonArray("layers").forEach(l -> {
      JsonObject layer = l.getAsJsonObject();
      if (layer.get("name").getAsString().equals(layerName)) {
        JsonObject c = layer.getAsJsonObject("config");
        if (value == null) {
          c.add(key, com.google.gson.JsonNull.INSTANCE);
        } else if (value instanceof Boolean) {
          c.addProperty(key, (Boolean) value);
        } else {
          c.addProperty(key, (Number) value);
        }
        found[0] = true;
      }
    });
    assertTrue(found[0], "no layer " + layerName + " in " + model);
    Path p = tmp.resolve(model + "_" + key + ".json");
    Files.writeString(p, m.toString(), StandardCharsets.UTF_8);
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> KerasModels.load(p, dir.resolve("k3.weights.h5")));
    assertMentions(e, "'" + layerName + "'");
    assertMentions(e, words);
  }

  private Path edited(String from, String to, Consumer<JsonObject> edit) throws IOException {
    JsonObject model = JsonParser.parseString(Files.readString(DIR.resolve(from), StandardCharsets.UTF_8))
        .getAsJsonObject();
    model.getAsJsonObject("config").getAsJsonArray("layers").forEach(l -> edit.accept(l.getAsJsonObject()));
    Path p = tmp.resolve(to);
    Files.writeString(p, model.toString(), StandardCharsets.UTF_8);
    return p;
  }

  private static void assertMentions(Exception e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "no " + w + " in: " + e.getMessage());
    }
  }
}
