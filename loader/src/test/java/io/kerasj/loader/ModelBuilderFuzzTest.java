package io.kerasj.loader;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Structure-aware fuzzing: the fuzzer's bytes choose a Sequential stack of built-in layers (sizes,
 * flags, activations) and kerasj writes a Keras 3 config and a {@code .weights.h5} whose weights
 * match it, so that loading usually succeeds and odd sizes (1-unit layers, wide layers, rank
 * changes, layers in places Keras would not accept) reach the layer factories and the runtime.
 * Byte-level targets rarely get this far: a mutated file seldom has consistent shapes.
 *
 * <p>The weights file goes through a temporary file because jhdf writes only to paths; it is
 * deleted after each input.
 */
class ModelBuilderFuzzTest {
  private static final String[] ACTIVATIONS = {"tanh", "sigmoid", "relu", "linear", "softmax", "elu", "gelu",
      "hard_sigmoid", "swish", "softplus", "selu", "exponential", "log_softmax", "sparsemax", "glu", "bogus"};
  private static final String[] KINDS = {"Dense", "TimeDistributed", "LSTM", "GRU", "SimpleRNN", "LayerNormalization",
      "Dropout"};

  @FuzzTest(maxDuration = "10s")
  void fuzz(FuzzedDataProvider data) throws IOException {
    int features = data.consumeInt(1, 6);
    int rank = 3;
    int last = features;
    StringBuilder layers = new StringBuilder();
    Map<String, Integer> counters = new HashMap<>();
    Path tmp = Files.createTempFile("kerasj-fuzz", ".weights.h5");
    try {
      try (WritableHdfFile h5 = HdfFile.write(tmp)) {
        WritableGroup root = h5.putGroup("layers");
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
          String kind = data.pickValue(KINDS);
          String base = WeightStore.snakeCase(kind);
          int k = counters.merge(base, 1, Integer::sum) - 1;
          String key = k == 0 ? base : base + "_" + k;
          WritableGroup g = root.putGroup(key);
          int units = data.consumeInt(1, 24);
          boolean bias = data.consumeBoolean();
          String act = data.pickValue(ACTIVATIONS);
          StringBuilder cfg = new StringBuilder("\"name\": \"" + key + "\"");
          switch (kind) {
            case "Dense":
              cfg.append(", \"units\": ").append(units).append(", \"use_bias\": ").append(bias)
                  .append(", \"activation\": \"").append(act).append('"');
              dense(g.putGroup("vars"), last, units, bias, data);
              last = units;
              break;
            case "TimeDistributed":
              cfg.append(", \"layer\": {\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {"
                  + "\"name\": \"dense_td" + i + "\", \"units\": " + units + ", \"use_bias\": " + bias
                  + ", \"activation\": \"" + act + "\"}, \"registered_name\": null}");
              dense(g.putGroup("layer").putGroup("vars"), last, units, bias, data);
              last = units;
              break;
            case "LSTM":
            case "GRU":
            case "SimpleRNN":
              boolean seq = data.consumeBoolean();
              boolean back = data.consumeBoolean();
              boolean resetAfter = data.consumeBoolean();
              cfg.append(", \"units\": ").append(units).append(", \"use_bias\": ").append(bias)
                  .append(", \"return_sequences\": ").append(seq).append(", \"go_backwards\": ").append(back)
                  .append(", \"activation\": \"").append(act).append('"');
              int gates = kind.equals("LSTM") ? 4 : kind.equals("GRU") ? 3 : 1;
              if (kind.equals("GRU")) {
                cfg.append(", \"reset_after\": ").append(resetAfter);
              }
              WritableGroup vars = g.putGroup("cell").putGroup("vars");
              vars.putDataset("0", matrix(last, gates * units, data));
              vars.putDataset("1", matrix(units, gates * units, data));
              if (bias) {
                vars.putDataset("2", kind.equals("GRU") && resetAfter ? matrix(2, 3 * units, data)
                    : vector(gates * units, data));
              }
              last = units;
              rank = seq ? rank : rank - 1;
              break;
            case "LayerNormalization":
              boolean center = data.consumeBoolean();
              boolean scale = data.consumeBoolean();
              cfg.append(", \"center\": ").append(center).append(", \"scale\": ").append(scale)
                  .append(", \"epsilon\": ").append(data.pickValue(new String[] {"0.001", "0", "1e-30", "1e30"}));
              WritableGroup lv = g.putGroup("vars");
              int v = 0;
              if (scale) {
                lv.putDataset(Integer.toString(v++), vector(last, data));
              }
              if (center) {
                lv.putDataset(Integer.toString(v), vector(last, data));
              }
              break;
            default:
              cfg.append(", \"rate\": 0.5");
              break;
          }
          layers.append(", {\"module\": \"keras.layers\", \"class_name\": \"").append(kind)
              .append("\", \"config\": {").append(cfg).append("}, \"registered_name\": null}");
        }
      } catch (RuntimeException e) {
        return; // a layout jhdf's writer does not support (e.g. an empty array): not our concern
      }
      String json = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
          + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, null, "
          + features + "], \"name\": \"input\"}, \"registered_name\": null}" + layers + "]}}";
      byte[] weights = Files.readAllBytes(tmp);
      FuzzSupport.check(() -> KerasModels.load(json.getBytes(StandardCharsets.UTF_8), weights, FuzzSupport.OPTIONS));
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void dense(WritableGroup vars, int in, int units, boolean bias, FuzzedDataProvider data) {
    vars.putDataset("0", matrix(in, units, data));
    if (bias) {
      vars.putDataset("1", vector(units, data));
    }
  }

  private static float[][] matrix(int rows, int cols, FuzzedDataProvider data) {
    float[][] m = new float[rows][cols];
    for (float[] r : m) {
      for (int j = 0; j < cols; j++) {
        r[j] = value(data);
      }
    }
    return m;
  }

  private static float[] vector(int n, FuzzedDataProvider data) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = value(data);
    }
    return v;
  }

  // Mostly ordinary weights, sometimes the values that break arithmetic.
  private static float value(FuzzedDataProvider data) {
    if (data.remainingBytes() == 0) {
      return 0.1f;
    }
    int b = data.consumeByte() & 0xff;
    switch (b) {
      case 0:
        return Float.NaN;
      case 1:
        return Float.POSITIVE_INFINITY;
      case 2:
        return Float.NEGATIVE_INFINITY;
      case 3:
        return Float.MAX_VALUE;
      case 4:
        return Float.MIN_VALUE;
      default:
        return (b - 128) / 32f;
    }
  }
}
