package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The image layers other than convolutions against TensorFlow: pooling, reshaping, normalization on
 * 4-D inputs, the preprocessing layers, the augmentation layers and SpatialDropout2D / 3D,
 * keras.applications' own layers and squeeze-excite broadcasting, in both data formats,
 * every model in every format tf-keras and Keras 3 write, at batch 1 and 3 (the fixtures of {@code
 * compat-tests/python/generate_image_fixtures.py}). Rows go to the compat report under each case's
 * family.
 */
class ImageLayersCompatTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.imageFixtures", "src/test/resources/fixtures_image"));
  private static final FixtureSuite CASES = new FixtureSuite(DIR, "image");

  @Test
  void everyFamilyIsCoveredInEveryFormat() throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve("manifest.json")), "missing " + DIR.resolve("manifest.json"));
    Map<String, Set<String>> formats = new TreeMap<>();
    Set<String> models = new TreeSet<>();
    for (JsonElement e : CASES.manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      formats.computeIfAbsent(c.get("suite").getAsString(), k -> new TreeSet<>()).add(c.get("format").getAsString());
      models.add(c.get("model").getAsString());
    }
    for (String family : new String[] {"pooling", "reshaping", "normalization", "preprocessing", "app_layers",
        "squeeze_excite", "image_augmentation", "spatial_dropout"}) {
      assertTrue(formats.containsKey(family) && formats.get(family).containsAll(CompatTest.FORMATS),
          family + ": " + formats.get(family));
    }
    for (String prefix : new String[] {"maxpool2d_", "avgpool2d_", "gap2d_", "gmp2d_", "zeropad2d_", "cropping2d_",
        "upsampling2d_", "flatten_4d", "reshape_4d", "td_", "bn_image", "ln_image", "rescaling_", "normalization_",
        "resizing_", "centercrop", "layer_scale", "custom_scale_layer", "se_dense", "se_cf",
        "add_broadcast_mean", "aug_", "randomcrop_", "auto_contrast", "spatial_dropout2d", "spatial_dropout3d"}) {
      assertTrue(models.stream().anyMatch(m -> m.startsWith(prefix)), "no fixture for " + prefix + ": " + models);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyImageLayerFixtureMatchesTensorFlow() throws IOException {
    return CASES.cases();
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
  }
}
