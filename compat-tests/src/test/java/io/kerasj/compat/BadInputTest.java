package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input of every kind the issue lists gives an exception of kerasj's own family, and the
 * message names the file, the layer and the weight or option, with expected against actual.
 */
class BadInputTest {
  static final Path F = CompatTest.FIXTURES;

  static <T extends KerasjException> T fails(Class<T> type, Executable e, String... mustContain) {
    T ex = assertThrows(type, e);
    for (String s : mustContain) {
      assertTrue(ex.getMessage().contains(s), "message lacks '" + s + "': " + ex.getMessage());
    }
    return ex;
  }

  static byte[] bytes(String p) throws Exception {
    return Files.readAllBytes(F.resolve(p));
  }

  static String text(String p) throws Exception {
    return Files.readString(F.resolve(p), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void truncatedHdf5AtManyOffsetsIsAFormatError() throws Exception {
    byte[] full = bytes("lstm/k2_full.h5");
    for (int cut : new int[] {0, 7, 100, 512, 2048, full.length / 3, full.length / 2, full.length - 100}) {
      byte[] b = Arrays.copyOf(full, cut);
      KerasjException e = assertThrows(KerasjException.class, () -> KerasModels.load(b), "cut at " + cut);
      assertTrue(e.getMessage().contains("<bytes>"), e.getMessage());
    }
  }

  @Test
  void truncatedKerasArchiveIsAFormatError() throws Exception {
    byte[] full = bytes("lstm/k3.keras");
    for (int cut : new int[] {10, full.length / 2, full.length - 30}) {
      byte[] b = Arrays.copyOf(full, cut);
      assertThrows(ModelFormatException.class, () -> KerasModels.load(b), "cut at " + cut);
    }
  }

  @Test
  void garbageIsNotAModel() {
    fails(ModelFormatException.class, () -> KerasModels.load(utf8("hello, world")), "not a Keras model file");
    fails(ModelFormatException.class, () -> KerasModels.load(new byte[0]), "(empty)");
  }

  @Test
  void configWithoutWeightsSaysWhatToPass() throws Exception {
    fails(ModelFormatException.class, () -> KerasModels.load(bytes("lstm/k2_model.json")), "without weights");
    fails(ModelFormatException.class, () -> KerasModels.load(bytes("lstm/k2_weights.h5")), "weights only");
  }

  @Test
  void malformedJsonIsAFormatError() throws Exception {
    byte[] w = bytes("lstm/k2_weights.h5");
    fails(ModelFormatException.class, () -> KerasModels.load(utf8("{\"class_name\": \"Sequential\", \"config\": {"), w,
        LoadOptions.defaults()), "malformed JSON");
  }

  @Test
  void unknownLayerNamesTheClassAndHowToRegister() throws Exception {
    String json = text("lstm/k2_model.json").replace("\"TimeDistributed\"", "\"MyFancyLayer\"");
    fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(json), bytes("lstm/k2_weights.h5"),
        LoadOptions.defaults()), "MyFancyLayer", "withLayer", "time_distributed");
  }

  @Test
  void unknownCellWithoutRegistration() throws Exception {
    byte[] m = bytes("ln_rnn/k3.keras");
    fails(UnsupportedFeatureException.class,
        () -> KerasModels.load(m, LoadOptions.defaults().withCustomObjects(CustomObjects.empty())),
        "LNSimpleRNNCell", "withCell");
  }

  @Test
  void unsupportedOptionIsRefusedByName() throws Exception {
    // RNN constants (cells that take extra call arguments) are not implemented.
    String json = text("lstm/k2_model.json").replaceFirst("\"stateful\": false", "\"stateful\": false, \"num_constants\": 1");
    fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(json), bytes("lstm/k2_weights.h5"),
        LoadOptions.defaults()), "num_constants", "lstm");
    String unknown = text("lstm/k2_model.json").replaceFirst("\"go_backwards\": false", "\"go_backwards\": false, \"frobnicate\": 3");
    fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(unknown), bytes("lstm/k2_weights.h5"),
        LoadOptions.defaults()), "frobnicate");
    String dtype = text("lstm/k3_model.json").replaceFirst("\"name\": \"float32\"", "\"name\": \"mixed_float16\"");
    fails(UnsupportedFeatureException.class, () -> KerasModels.load(utf8(dtype), bytes("lstm/k3.weights.h5"),
        LoadOptions.defaults()), "mixed_float16");
  }

  @Test
  void misShapedWeightNamesLayerWeightAndShapes() throws Exception {
    // The config asks for 21 units; the file holds weights for 20.
    String json = text("lstm/k2_model.json").replaceFirst("\"units\": 20", "\"units\": 21");
    fails(ShapeMismatchException.class, () -> KerasModels.load(utf8(json), bytes("lstm/k2_weights.h5"),
        LoadOptions.defaults()), "layer 'lstm'", "kernel", "[1, 80]", "[1, 84]", "<weights bytes>");
    String json3 = text("lstm/k3_model.json").replaceFirst("\"units\": 20", "\"units\": 21");
    fails(ShapeMismatchException.class, () -> KerasModels.load(utf8(json3), bytes("lstm/k3.weights.h5"),
        LoadOptions.defaults()), "layer 'lstm'", "kernel", "vars/0");
  }

  @Test
  void weightsOfAnotherModelAreRefused() throws Exception {
    fails(ShapeMismatchException.class, () -> KerasModels.load(bytes("lstm/k2_model.json"), bytes("gru/k2_weights.h5"),
        LoadOptions.defaults()), "layer");
    fails(KerasjException.class, () -> KerasModels.load(bytes("lstm/k3_model.json"), bytes("gru/k3.weights.h5"),
        LoadOptions.defaults()), "lstm");
  }

  @Test
  void missingWeightNamesTheWeight() throws Exception {
    // A SimpleRNN config over LSTM weights: same layer names, too many weights per layer.
    String json = text("lstm/k2_model.json").replace("\"LSTM\"", "\"GRU\"");
    KerasjException e = assertThrows(KerasjException.class, () -> KerasModels.load(utf8(json),
        bytes("lstm/k2_weights.h5"), LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("lstm") && e.getMessage().contains("kernel"), e.getMessage());
  }

  @Test
  void wrongInputRankOrFeaturesIsAnInputError() throws Exception {
    Model m = KerasModels.load(F.resolve("lstm/k3.keras"));
    fails(InvalidInputException.class, () -> m.predict(Tensor.zeros(2, 5, 3)), "(None, None, 1)", "(2, 5, 3)");
    fails(InvalidInputException.class, () -> m.predict(Tensor.zeros(2, 5)), "(2, 5)");
    fails(InvalidInputException.class, () -> m.predict(Tensor.zeros(2, 0, 1)), "0 time steps");
  }

  @Test
  void streamsAndBytesLoadTheSameModel() throws Exception {
    Tensor x = io.kerasj.loader.Npy.read(F.resolve("inputs/len7_small.npy"));
    float[] a = KerasModels.load(F.resolve("ln_rnn/k3.keras")).predict(x).data();
    float[] b = KerasModels.load(bytes("ln_rnn/k3.keras")).predict(x).data();
    float[] c = KerasModels.load(new ByteArrayInputStream(bytes("ln_rnn/k3.keras"))).predict(x).data();
    assertTrue(Arrays.equals(a, b) && Arrays.equals(a, c));
    fails(ModelFormatException.class, () -> KerasModels.load(new ByteArrayInputStream(bytes("ln_rnn/k3.keras")),
        LoadOptions.defaults().withMaxBytes(1000)), "limit of 1000");
  }
}
