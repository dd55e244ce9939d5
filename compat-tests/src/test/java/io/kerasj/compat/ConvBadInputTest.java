package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the 2-D convolution layers: a file whose layer carries an option kerasj does not
 * implement is refused at load, naming the layer and the option (the files are the fixtures' own
 * {@code to_json} configs, with one option changed, and their real weights); an image of the wrong
 * rank, size or channel count is a {@link ShapeMismatchException} naming the layer (or the model
 * input that declares the shape), expected against actual.
 */
class ConvBadInputTest {
  private static final Path DIR = ConvCompatTest.DIR;

  /** Loads {@code model}'s {@code to_json} config of Keras {@code version} (2 or 3) after {@code edit} on its layer {@code layer}. */
  private static Model loadEdited(String model, int version, int layer, Consumer<JsonObject> edit) throws Exception {
    Path dir = DIR.resolve(model);
    JsonObject root = JsonParser.parseString(Files.readString(dir.resolve("k" + version + "_model.json"))).getAsJsonObject();
    JsonObject cfg = root.getAsJsonObject("config").getAsJsonArray("layers").get(layer).getAsJsonObject()
        .getAsJsonObject("config");
    edit.accept(cfg);
    byte[] weights = Files.readAllBytes(dir.resolve(version == 2 ? "k2_weights.h5" : "k3.weights.h5"));
    return KerasModels.load(root.toString().getBytes(StandardCharsets.UTF_8), weights, LoadOptions.defaults());
  }

  private static void refused(String model, int version, int layer, Consumer<JsonObject> edit, String... mustContain) {
    KerasjException e = assertThrows(UnsupportedFeatureException.class, () -> loadEdited(model, version, layer, edit),
        model + " k" + version);
    for (String s : mustContain) {
      assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    }
  }

  private static JsonElement json(String s) {
    return JsonParser.parseString(s);
  }

  @Test
  void optionsKerasjDoesNotImplementAreRefusedByNameAtLoad() throws Exception {
    for (int v : new int[] {2, 3}) {
      // The unedited files load (so each refusal below is the edited option's).
      for (String m : new String[] {"conv2d_default", "dw2d_default", "sep2d_default", "t2d_s2_same"}) {
        loadEdited(m, v, 1, c -> { });
      }
      refused("conv2d_default", v, 1, c -> c.addProperty("padding", "causal"), "'conv2d'", "'padding'", "causal");
      refused("conv2d_default", v, 1, c -> c.addProperty("padding", "full"), "'conv2d'", "'padding'", "full");
      refused("conv2d_default", v, 1, c -> c.addProperty("data_format", "channels_middle"), "'conv2d'",
          "'data_format'", "channels_middle");
      refused("conv2d_default", v, 1, c -> {
        c.add("strides", json("[2, 2]"));
        c.add("dilation_rate", json("[2, 1]"));
      }, "'conv2d'", "strides = [2, 2]", "dilation_rate = [2, 1]");
      refused("conv2d_default", v, 1, c -> c.addProperty("sparse_pattern", "checkerboard"), "'conv2d'",
          "'sparse_pattern'", "checkerboard");
      refused("conv2d_default", v, 1, c -> c.addProperty("dtype", "float16"), "'conv2d'", "float16");
      refused("dw2d_default", v, 1, c -> c.addProperty("groups", 3), "'depthwise_conv2d'", "'groups'");
      refused("sep2d_default", v, 1, c -> c.addProperty("padding", "causal"), "'separable_conv2d'", "'padding'");
      refused("t2d_s2_same", v, 1, c -> c.add("output_padding", json("[2, 1]")), "'conv2d_transpose'",
          "output_padding = [2, 1]", "strides = [2, 2]");
      refused("t2d_s2_same", v, 1, c -> c.addProperty("groups", 2), "'conv2d_transpose'", "'groups'");
    }
  }

  private static void mismatch(Model m, int[] shape, String... mustContain) {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> m.predict(Tensor.zeros(shape)), java.util.Arrays.toString(shape));
    for (String s : mustContain) {
      assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    }
  }

  @Test
  void imagesOfTheWrongRankSizeOrChannelsAreShapeMismatches() throws Exception {
    for (String f : new String[] {"k2_full.h5", "k3.keras"}) {
      // Declared (None, 7, 6, 3): the model's input check names the input, expected and actual.
      Model fixed = KerasModels.load(DIR.resolve("conv2d_default").resolve(f));
      assertArrayEquals(new int[] {2, 5, 4, 4}, fixed.predict(Tensor.zeros(2, 7, 6, 3)).shape());
      String want = "expected input shape (None, 7, 6, 3)";
      mismatch(fixed, new int[] {2, 7, 6}, want, "got (2, 7, 6)");
      mismatch(fixed, new int[] {2, 7, 6, 3, 1}, want, "got (2, 7, 6, 3, 1)");
      mismatch(fixed, new int[] {2, 7, 6, 4}, want, "got (2, 7, 6, 4)");
      mismatch(fixed, new int[] {2, 8, 6, 3}, want, "got (2, 8, 6, 3)");
      // Declared (None, None, None, 3): a size only the layers can check. conv2d_1 is 3×3 valid
      // with stride 2 after a same convolution, so it needs at least 3×3.
      Model dynamic = KerasModels.load(DIR.resolve("conv2d_dynamic").resolve(f));
      assertArrayEquals(new int[] {1, 1, 1, 2}, dynamic.predict(Tensor.zeros(1, 3, 4, 3)).shape());
      mismatch(dynamic, new int[] {1, 2, 9, 3}, "layer 'conv2d_1' (Conv2D)", "expected height of at least 3",
          "got 2 in shape [1, 2, 9, 4]");
      mismatch(dynamic, new int[] {1, 9, 1, 3}, "layer 'conv2d_1' (Conv2D)", "expected width of at least 3",
          "got 1 in shape [1, 9, 1, 4]");
      mismatch(dynamic, new int[] {1, 9, 9, 2}, "expected input shape (None, None, None, 3)", "got (1, 9, 9, 2)");
    }
  }
}
