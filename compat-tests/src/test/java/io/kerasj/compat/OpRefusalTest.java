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
 * one TensorFlow function (tf-keras) replaced by a real one kerasj lacks ({@code sort}).
 */
class OpRefusalTest {
  private static final Path DIR = OpsCompatTest.DIR.resolve("ops_elementwise");

  @TempDir
  Path tmp;

  @Test
  void unknownKeras3OpIsRefusedByModuleAndClass() throws IOException {
    Path json = edited("k3_model.json", "sorted_k3.json", layer -> {
      if (layer.get("name").getAsString().equals("absolute")) {
        layer.addProperty("class_name", "Sort");
      }
    });
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> KerasModels.load(json, DIR.resolve("k3.weights.h5")));
    assertMentions(e, "sorted_k3.json", "'absolute'", "keras.src.ops.numpy.Sort");
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
        layer.getAsJsonObject("config").addProperty("function", "sort");
      }
    });
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> KerasModels.load(json, DIR.resolve("k2_weights.h5")));
    assertMentions(e, "sorted_k2.json", "'tf.math.abs'", "tf.sort");
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
