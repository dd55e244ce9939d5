package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every keras.applications architecture of issue 12 (Keras 3 and tf-keras, {@code weights=None}),
 * and the book's full-width ResNet-34, from every file format its Keras writes, against
 * TensorFlow: the scaled error on the softmax and on the logits within {@link
 * ImageCases#DEEP_TOLERANCE}, and each sample's top-5 classes TensorFlow's.
 *
 * <p>The fixtures are 10–550 MB per file, so they are not committed: {@code .ci/applications}
 * makes them with {@code compat-tests/python/generate_image_model_fixtures.py applications} and
 * runs this class with {@code -Papplications}. Tagged {@code applications}: excluded from {@code
 * mvn verify}. It fails, never skips, when the fixtures are missing.
 */
@Tag("applications")
class ApplicationsTest {
  static final Path DIR = Path.of(System.getProperty("kerasj.applicationsFixtures", "target/fixtures_applications"));
  /** The architectures issue 12 lists, plus the book's ResNet-34. */
  static final List<String> MODELS = List.of("MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large",
      "ResNet50", "ResNet50V2", "DenseNet121", "EfficientNetB0", "EfficientNetV2B0", "InceptionV3",
      "InceptionResNetV2", "Xception", "NASNetMobile", "VGG16", "ConvNeXtTiny", "ResNet34");

  private static ImageCases cases;

  @BeforeAll
  static void fixtures() {
    if (!Files.isRegularFile(DIR.resolve("manifest.json"))) {
      fail("no applications fixtures in " + DIR.toAbsolutePath() + ": make them with compat-tests/python/"
          + "generate_image_model_fixtures.py applications --out " + DIR.toAbsolutePath()
          + " (see .ci/applications)");
    }
    cases = new ImageCases(DIR, "applications", LoadOptions.defaults(), model -> ImageCases.DEEP_TOLERANCE);
  }

  @TestFactory
  Stream<DynamicTest> everyApplicationMatchesTensorFlow() throws IOException {
    return cases.tests().stream();
  }

  /**
   * Nothing is left out silently: every model has a case for every format its Keras writes, at
   * its default size, or the manifest records that Keras itself could not save or reload it.
   */
  @Test
  void everyModelAndFormatIsCoveredOrExplained() throws IOException {
    JsonObject manifest = cases.manifest();
    Set<String> have = new TreeSet<>();
    for (JsonElement e : manifest.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      have.add(c.get("model").getAsString() + "/" + c.get("format").getAsString());
    }
    List<String> missing = new ArrayList<>();
    JsonObject models = manifest.getAsJsonObject("models");
    for (String m : MODELS) {
      if (!models.has(m)) {
        missing.add(m + " (not generated)");
        continue;
      }
      JsonObject info = models.getAsJsonObject(m);
      for (String f : CompatTest.FORMATS) {
        boolean explained = (info.has("unavailable") && info.getAsJsonObject("unavailable").has(f))
            || (info.getAsJsonObject("formats").has(f)
                && info.getAsJsonObject("formats").getAsJsonObject(f).has("reload_error"));
        if (!have.contains(m + "/" + f) && !explained) {
          missing.add(m + "/" + f);
        }
      }
    }
    assertTrue(missing.isEmpty(), "models/formats without cases: " + missing);
  }

  /**
   * The README's image example, compiled from README.md and run as users run it: on a PNG of the
   * first test image, with the application's preprocessing mode, it prints TensorFlow's top 5
   * classes with their probabilities (batch 1 softmax of the default-size file).
   */
  @TestFactory
  Stream<DynamicTest> theReadmeImageExampleClassifiesAsTensorFlowDoes(@TempDir Path tmp) throws Exception {
    Method example = ReadmeExamplesTest.example("ImageIO.read", Files.createDirectories(tmp.resolve("classes")));
    JsonObject manifest = cases.manifest();
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("models").entrySet()) {
      String name = e.getKey();
      JsonObject info = e.getValue().getAsJsonObject();
      String mode = info.get("preprocessing").getAsString();
      int size = info.get("size").getAsInt();
      JsonObject c = null;
      for (JsonElement ce : manifest.getAsJsonArray("cases")) {
        JsonObject k = ce.getAsJsonObject();
        if (k.get("model").getAsString().equals(name) && k.get("label").getAsString().equals(size + "_b1")
            && k.get("output").getAsString().equals("softmax") && k.getAsJsonArray("files").size() == 1
            && (c == null || k.get("format").getAsString().equals("k3_keras"))) {
          c = k;
        }
      }
      JsonObject theCase = c;
      tests.add(DynamicTest.dynamicTest(name + " (" + mode + ")", () -> {
        assertTrue(theCase != null, name + ": no single-file softmax case at " + size);
        Path png = tmp.resolve("raw_" + size + ".png");
        if (!Files.exists(png)) {
          writePng(Npy.read(DIR.resolve("inputs/raw_" + size + ".npy")), png);
        }
        Model model = KerasModels.load(DIR.resolve(theCase.getAsJsonArray("files").get(0).getAsString()));
        String printed = run(example, model, png, mode);
        Tensor expected = Npy.read(DIR.resolve(theCase.get("expected").getAsString()));
        String[] lines = printed.strip().split("\\R");
        assertEquals(5, lines.length, printed);
        JsonArray tfTop = theCase.getAsJsonArray("top5").get(0).getAsJsonArray();
        for (int k = 0; k < 5; k++) {
          String[] p = lines[k].replace("class ", "").split(": ");
          int cls = Integer.parseInt(p[0]);
          assertEquals(tfTop.get(k).getAsInt(), cls, name + ": rank " + k + " of " + printed);
          double prob = Double.parseDouble(p[1].replace(',', '.'));
          assertEquals(expected.get(0, cls), prob, ImageCases.DEEP_TOLERANCE, name + ": class " + cls);
        }
      }));
    }
    return tests.stream();
  }

  /** Writes the first image of a (batch, h, w, 3) array of 0–255 RGB values as a lossless PNG. */
  static void writePng(Tensor raw, Path file) throws IOException {
    int h = raw.dim(1);
    int w = raw.dim(2);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int r = (int) raw.get(0, i, j, 0);
        int g = (int) raw.get(0, i, j, 1);
        int b = (int) raw.get(0, i, j, 2);
        img.setRGB(j, i, (r << 16) | (g << 8) | b);
      }
    }
    assertTrue(ImageIO.write(img, "png", file.toFile()));
  }

  /** Runs the example and returns what it printed. */
  static synchronized String run(Method example, Model model, Path image, String mode) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      example.invoke(null, model, image, mode);
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void writeReport() throws IOException {
    CompatReport.write();
    if (cases != null) {
      Path t = CompatTest.REPORT.resolveSibling(
          CompatTest.REPORT.getFileName().toString().replaceFirst("\\.md$", "") + "-timings.md");
      List<String> lines = new ArrayList<>(List.of("# Applications: load and predict seconds per case", "",
          "| model | format | input | load s | predict s |", "|---|---|---|---|---|"));
      cases.timings().forEach(l -> lines.add("| " + l + " |"));
      Files.write(t, lines, StandardCharsets.UTF_8);
    }
  }
}
