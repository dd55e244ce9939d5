package io.kerasj.compat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.DynamicTest;

/**
 * The cases of a manifest written by {@code compat-tests/python/generate_image_model_fixtures.py}: each
 * (model, format, input, batch, output) loaded through the public loader, run, and compared with
 * TensorFlow's output; for classifiers, also each sample's top-5 classes with TensorFlow's.
 *
 * <p>Cases come grouped by file, and only the model of the current file is kept, so that a suite
 * of 500 MB models does not hold them all at once.
 */
final class ImageCases {
  /** |java − tf| ≤ this · max(1, |tf|) on the deep nets (issue 12: keras.applications, ResNet-34). */
  static final double DEEP_TOLERANCE = 1e-4;

  private final Path dir;
  private final String suite;
  private final LoadOptions options;
  private final ToDoubleFunction<String> tolerance;
  private final List<String> timings = new ArrayList<>();
  private String cachedKey;
  private Model cached;

  /**
   * @param tolerance the bound on the scaled error for a model name
   */
  ImageCases(Path dir, String suite, LoadOptions options, ToDoubleFunction<String> tolerance) {
    this.dir = dir;
    this.suite = suite;
    this.options = options;
    this.tolerance = tolerance;
  }

  JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /** One dynamic test per case, in the manifest's order (grouped by file). */
  List<DynamicTest> tests() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : manifest().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("model").getAsString() + " / " + c.get("format").getAsString() + " / "
          + c.get("label").getAsString() + " " + c.get("output").getAsString();
      tests.add(DynamicTest.dynamicTest(name, () -> run(c)));
    }
    return tests;
  }

  /** "file: load 1.2 s, predict 0.3 s (batch 3)" lines, one per case. */
  List<String> timings() {
    return timings;
  }

  private void run(JsonObject c) throws IOException {
    String model = c.get("model").getAsString();
    String format = c.get("format").getAsString();
    String input = c.get("label").getAsString() + " " + c.get("output").getAsString();
    List<String> files = new ArrayList<>();
    c.getAsJsonArray("files").forEach(f -> files.add(f.getAsString()));
    Tensor expected = Npy.read(dir.resolve(c.get("expected").getAsString()));
    Tensor x = firstItems(Npy.read(dir.resolve(c.get("input").getAsString())), c.get("batch").getAsInt());
    long t0 = System.nanoTime();
    Model m;
    try {
      m = load(files);
    } catch (RuntimeException | IOException ex) {
      CompatReport.add(new CompatReport.Row(suite, model, format, input, expected.shape(), Double.NaN, Double.NaN,
          Double.NaN, ex.toString(), tolerance.applyAsDouble(model), null));
      throw ex;
    }
    long t1 = System.nanoTime();
    Tensor y;
    try {
      y = m.predict(x);
    } catch (RuntimeException ex) {
      CompatReport.add(new CompatReport.Row(suite, model, format, input, expected.shape(), Double.NaN, Double.NaN,
          Double.NaN, ex.toString(), tolerance.applyAsDouble(model), null));
      throw ex;
    }
    long t2 = System.nanoTime();
    timings.add(String.format(Locale.ROOT, "%s | %s | %s | %.2f | %.2f", model, format, input, (t1 - t0) / 1e9,
        (t2 - t1) / 1e9));
    String top5 = null;
    if (c.has("top5")) {
      JsonArray want = c.getAsJsonArray("top5");
      int agree = 0;
      StringBuilder why = new StringBuilder();
      for (int i = 0; i < want.size(); i++) {
        int[] tf = new int[5];
        for (int k = 0; k < 5; k++) {
          tf[k] = want.get(i).getAsJsonArray().get(k).getAsInt();
        }
        int[] java = top5(y, i);
        // The same five classes; their order may differ only where TensorFlow's own values tie.
        if (Arrays.equals(sorted(tf), sorted(java))) {
          agree++;
        } else {
          why.append(" sample ").append(i).append(": java ").append(Arrays.toString(java)).append(" tf ")
              .append(Arrays.toString(tf));
        }
      }
      top5 = agree + "/" + want.size() + why; // compare() fails unless every sample agrees
    }
    CompatReport.compare(suite, model, format, input, y, expected, tolerance.applyAsDouble(model), top5);
  }

  private Model load(List<String> files) throws IOException {
    String key = String.join("+", files);
    if (!key.equals(cachedKey)) {
      cached = null; // let the previous model go before the next one is read
      cachedKey = null;
      cached = files.size() == 1 ? KerasModels.load(dir.resolve(files.get(0)), options)
          : KerasModels.load(dir.resolve(files.get(0)), dir.resolve(files.get(1)), options);
      cachedKey = key;
    }
    return cached;
  }

  /** The first {@code n} items of a batch. */
  static Tensor firstItems(Tensor x, int n) {
    if (x.dim(0) == n) {
      return x;
    }
    int[] shape = x.shape();
    int item = x.size() / shape[0];
    shape[0] = n;
    return Tensor.of(Arrays.copyOf(x.data(), n * item), shape);
  }

  /** The indices of the five largest values of sample {@code i}, largest first. */
  static int[] top5(Tensor y, int i) {
    int classes = y.size() / y.dim(0);
    float[] d = y.data();
    int[] best = new int[5];
    Arrays.fill(best, -1);
    for (int k = 0; k < classes; k++) {
      float v = d[i * classes + k];
      for (int r = 0; r < 5; r++) {
        if (best[r] < 0 || v > d[i * classes + best[r]]) {
          System.arraycopy(best, r, best, r + 1, 4 - r);
          best[r] = k;
          break;
        }
      }
    }
    return best;
  }

  private static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }
}
