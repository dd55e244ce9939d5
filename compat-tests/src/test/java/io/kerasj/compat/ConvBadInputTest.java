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
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv3D;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the 2-D and 3-D convolution layers: a file whose layer carries an option kerasj does not
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
      loadEdited("conv3d_default", v, 1, c -> { });
      refused("conv3d_default", v, 1, c -> c.addProperty("padding", "causal"), "'conv3d'", "'padding'", "causal");
      refused("conv3d_default", v, 1, c -> c.addProperty("data_format", "channels_middle"), "'conv3d'",
          "'data_format'", "channels_middle");
      refused("conv3d_default", v, 1, c -> {
        c.add("strides", json("[1, 2, 1]"));
        c.add("dilation_rate", json("[2, 1, 1]"));
      }, "'conv3d'", "strides = [1, 2, 1]", "dilation_rate = [2, 1, 1]");
      refused("conv3d_default", v, 1, c -> c.addProperty("dtype", "float16"), "'conv3d'", "float16");
      loadEdited("t3d_s2_same", v, 1, c -> { });
      refused("t3d_s2_same", v, 1, c -> c.add("output_padding", json("[1, 2, 1]")), "'conv3d_transpose'",
          "output_padding = [1, 2, 1]", "strides = [2, 2, 2]");
      refused("t3d_s2_same", v, 1, c -> c.addProperty("groups", 2), "'conv3d_transpose'", "'groups'");
      refused("t3d_s2_same", v, 1, c -> c.addProperty("padding", "causal"), "'conv3d_transpose'", "'padding'");
    }
  }

  @Test
  void aConv3DFileWithAKernelOfTheWrongShapeOrAWindowOfTheWrongRankIsRefused() throws Exception {
    for (int v : new int[] {2, 3}) {
      // kernel_size [3, 3] for a Conv3D: the tuple needs three entries.
      KerasjException e = assertThrows(KerasjException.class,
          () -> loadEdited("conv3d_default", v, 1, c -> c.add("kernel_size", json("[3, 3]"))), "k" + v);
      assertTrue(e.getMessage().contains("'conv3d'") && e.getMessage().contains("kernel_size"), e.getMessage());
      // kernel_size [3, 3, 2] against the file's (3, 3, 3, 3, 4) kernel.
      e = assertThrows(KerasjException.class,
          () -> loadEdited("conv3d_default", v, 1, c -> c.add("kernel_size", json("[3, 3, 2]"))), "k" + v);
      assertTrue(e.getMessage().contains("'kernel'") && e.getMessage().contains("expected [3, 3, 2, 3, 4]"),
          e.getMessage());
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

  private static void layerMismatch(Layer l, int[] shape, String... mustContain) {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(shape)),
        java.util.Arrays.toString(shape));
    for (String s : mustContain) {
      assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    }
  }

  @Test
  void volumesOfTheWrongRankSizeOrChannelsAreShapeMismatches() throws Exception {
    for (String f : new String[] {"k2_full.h5", "k3.keras"}) {
      // Declared (None, 5, 6, 7, 3): the model's input check names the input, expected and actual.
      Model fixed = KerasModels.load(DIR.resolve("conv3d_default").resolve(f));
      assertArrayEquals(new int[] {2, 3, 4, 5, 4}, fixed.predict(Tensor.zeros(2, 5, 6, 7, 3)).shape());
      String want = "expected input shape (None, 5, 6, 7, 3)";
      mismatch(fixed, new int[] {2, 6, 7, 3}, want, "got (2, 6, 7, 3)");
      mismatch(fixed, new int[] {2, 5, 6, 7, 4}, want, "got (2, 5, 6, 7, 4)");
      mismatch(fixed, new int[] {2, 4, 6, 7, 3}, want, "got (2, 4, 6, 7, 3)");
    }
    // The layer's own checks (an input whose shape the model does not declare): a 3x3x3 valid
    // window over 5x6x7 volumes of 3 channels.
    ConvWindow window = ConvWindow.of(Padding.VALID, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
    for (DataFormat format : DataFormat.values()) {
      Layer l = new Conv3D("vol", 3, 4, window, 1, format, new float[3 * 3 * 3 * 3 * 4], null, null);
      boolean last = format == DataFormat.CHANNELS_LAST;
      String expected = last ? "(batch, depth, height, width, 3)" : "(batch, 3, depth, height, width)";
      layerMismatch(l, new int[] {1, 5, 6, 7}, "layer 'vol' (Conv3D)", expected, "got [1, 5, 6, 7]");
      layerMismatch(l, last ? new int[] {1, 5, 6, 7, 2} : new int[] {1, 2, 5, 6, 7}, "layer 'vol' (Conv3D)",
          "expected 3 channels");
      layerMismatch(l, last ? new int[] {1, 2, 6, 7, 3} : new int[] {1, 3, 2, 6, 7}, "layer 'vol' (Conv3D)",
          "expected depth of at least 3", "got 2");
      layerMismatch(l, last ? new int[] {1, 5, 6, 1, 3} : new int[] {1, 3, 5, 6, 1}, "layer 'vol' (Conv3D)",
          "expected width of at least 3", "got 1");
      assertArrayEquals(last ? new int[] {2, 3, 4, 5, 4} : new int[] {2, 4, 3, 4, 5},
          l.call(Tensor.zeros(last ? new int[] {2, 5, 6, 7, 3} : new int[] {2, 3, 5, 6, 7})).shape());
    }
    // A 2-D window is refused by Conv3D, naming the layer.
    ConvWindow flat = ConvWindow.of(Padding.VALID, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> new Conv3D("vol", 3, 4, flat, 1, null, new float[3 * 3 * 3 * 4], null, null));
    assertTrue(e.getMessage().contains("'vol'") && e.getMessage().contains("3-D window"), e.getMessage());
  }
}
