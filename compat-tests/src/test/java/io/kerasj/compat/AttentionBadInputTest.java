package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.fails;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the layers of issue 13 refuse, with messages naming the layer and the value: ids outside
 * CategoryEncoding's range, a Discretization without boundaries (never adapted, or tf-keras'
 * adapted form), a Softmax mask of the wrong shape.
 */
class AttentionBadInputTest {
  static final Path DIR = AttentionCompatTest.DIR;

  private static byte[] bytes(String p) throws Exception {
    return Files.readAllBytes(DIR.resolve(p));
  }

  private static Model withConfig(String model, String weights, String from, String to) throws Exception {
    String json = new String(bytes(model), StandardCharsets.UTF_8);
    if (!json.contains(from)) {
      throw new AssertionError(model + " no longer contains " + from);
    }
    return KerasModels.load(json.replace(from, to).getBytes(StandardCharsets.UTF_8), bytes(weights),
        LoadOptions.defaults());
  }

  @Test
  void categoryIdsOutsideTheRangeAreRefused() throws Exception {
    Model m = KerasModels.load(DIR.resolve("category_multi_hot/k3.keras"));
    for (float bad : new float[] {6f, -1f, 2.5f, Float.NaN}) {
      Tensor x = Tensor.of(new float[] {0, 1, bad, 2}, 1, 4);
      fails(InvalidInputException.class, () -> m.predict(x), "category_encoding", "[0, 6)");
    }
  }

  @Test
  void aDiscretizationThatWasNeverAdaptedIsRefused() throws Exception {
    String from = "\"bin_boundaries\": [-1.0, 0.0, 0.5, 1.5], \"num_bins\": null";
    fails(UnsupportedFeatureException.class, () -> withConfig("discretization_int/k3_model.json",
        "discretization_int/k3.weights.h5", from, "\"bin_boundaries\": null, \"num_bins\": 4"),
        "discretization", "never adapted");
  }

  @Test
  void aTfKerasDiscretizationSaidToBeAdaptedWithoutItsSummaryIsRefused() throws Exception {
    // The config says num_bins (adapted), but the weights file has no 'summary' weight.
    String from = "\"bin_boundaries\": [-1.0, 0.0, 0.5, 1.5], \"num_bins\": null";
    fails(ShapeMismatchException.class, () -> withConfig("discretization_int/k2_model.json",
        "discretization_int/k2_weights.h5", from, "\"bin_boundaries\": null, \"num_bins\": 4"),
        "discretization", "summary");
  }

  @Test
  void aFunctionalNodeWithNoInputTensorIsRefused() throws Exception {
    // Found by FullHdf5FuzzTest: such a node used to end in an ArrayIndexOutOfBoundsException.
    String from = "\"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": "
        + "[null, 5], \"dtype\": \"float32\", \"keras_history\": [\"x\", 0, 0]}}], \"kwargs\": {}}]";
    fails(ModelFormatException.class, () -> withConfig("discretization_int/k3_model.json",
        "discretization_int/k3.weights.h5", from, "\"inbound_nodes\": [{\"args\": [], \"kwargs\": {}}]"),
        "no input tensor");
  }

  @Test
  void aSoftmaxMaskOfTheWrongShapeIsRefused() throws Exception {
    Model m = KerasModels.load(DIR.resolve("softmax_mask/k3.keras"));
    Tensor x = Tensor.of(new float[20], 1, 4, 5);
    Tensor mask = Tensor.of(new float[12], 1, 4, 3);
    fails(InvalidInputException.class, () -> m.predictAll(x, mask), "input 'm'", "(None, 4, 5)", "(1, 4, 3)");
  }
}
