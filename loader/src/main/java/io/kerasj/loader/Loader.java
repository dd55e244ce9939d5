package io.kerasj.loader;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** Format detection and model assembly: file bytes → config + weight store → runtime model. */
final class Loader {
  private Loader() {}

  static Model load(Source model, Source weights, LoadOptions options) {
    return Safety.guard(model.label(), () -> load0(model, weights, options));
  }

  private static Model load0(Source model, Source weights, LoadOptions options) {
    if (weights == null) {
      if (model.isZip()) {
        return loadKerasArchive(model, options);
      }
      if (model.isHdf5()) {
        return loadFullHdf5(model, options);
      }
      if (model.isJson()) {
        throw new ModelFormatException(model.label() + ": this is a model config (JSON) without weights; "
            + "pass the weights file as well (load(config, weights))");
      }
      throw new ModelFormatException(model.label() + ": not a Keras model file (neither HDF5, a .keras zip archive, "
          + "nor JSON; it starts with " + firstBytes(model.bytes()) + ")");
    }
    if (!model.isJson()) {
      throw new ModelFormatException(model.label() + ": expected the model's to_json() config (a JSON object) "
          + "beside the weights file, but it " + (model.isHdf5() ? "is an HDF5 file" : model.isZip() ? "is a zip archive"
              : "starts with " + firstBytes(model.bytes())));
    }
    JsonObject config = parseJson(model.label(), new String(model.bytes(), StandardCharsets.UTF_8), options);
    if (!weights.isHdf5()) {
      throw new ModelFormatException(weights.label() + ": expected an HDF5 weights file (save_weights), but it starts with "
          + firstBytes(weights.bytes()));
    }
    try (HdfFile h5 = Hdf.open(weights)) {
      WeightStore store;
      String fileVersion;
      if (Hdf.stringList(weights.label(), h5, "layer_names") != null) {
        store = new WeightStore.Legacy(weights.label(), h5);
        fileVersion = Hdf.stringAttribute(weights.label(), h5, "keras_version");
      } else if (Hdf.child(weights.label(), h5, "model_weights") instanceof Group) {
        store = new WeightStore.Legacy(weights.label(), (Group) Hdf.child(weights.label(), h5, "model_weights"));
        fileVersion = Hdf.stringAttribute(weights.label(), h5, "keras_version");
      } else if (Hdf.child(weights.label(), h5, "layers") != null || Hdf.child(weights.label(), h5, "vars") != null) {
        store = new WeightStore.V3(weights.label(), h5);
        fileVersion = "3";
      } else {
        throw new ModelFormatException(weights.label() + ": an HDF5 file, but not Keras weights (no 'layer_names' "
            + "attribute and no 'layers' group)");
      }
      String version = stringMember(config, "keras_version");
      int major = majorVersion(version != null ? version : fileVersion, config);
      return assemble(model.label() + " + " + weights.label(), config, major, store, options);
    }
  }

  private static Model loadFullHdf5(Source src, LoadOptions options) {
    try (HdfFile h5 = Hdf.open(src)) {
      String modelConfig = Hdf.stringAttribute(src.label(), h5, "model_config");
      if (modelConfig == null) {
        if (Hdf.stringList(src.label(), h5, "layer_names") != null || Hdf.child(src.label(), h5, "layers") != null) {
          throw new ModelFormatException(src.label() + ": this HDF5 file holds weights only (save_weights); pass "
              + "the model's to_json() config as well (load(config, weights))");
        }
        throw new ModelFormatException(src.label() + ": an HDF5 file, but not a Keras model (no 'model_config' attribute)");
      }
      JsonObject config = parseJson(src.label() + " (model_config)", modelConfig, options);
      String version = Hdf.stringAttribute(src.label(), h5, "keras_version");
      Node weightsGroup = Hdf.child(src.label(), h5, "model_weights");
      if (!(weightsGroup instanceof Group)) {
        throw new ModelFormatException(src.label() + ": the model was saved without weights (no 'model_weights' group)");
      }
      WeightStore store = new WeightStore.Legacy(src.label(), (Group) weightsGroup);
      return assemble(src.label(), config, majorVersion(version, config), store, options);
    }
  }

  private static Model loadKerasArchive(Source src, LoadOptions options) {
    Map<String, byte[]> entries = Source.zipEntries(src,
        Set.of("config.json", "metadata.json", "model.weights.h5", "model.weights.npz"), options);
    if (entries.containsKey("model.weights.npz")) {
      throw new UnsupportedFeatureException(src.label() + ": weights stored as model.weights.npz "
          + "(weights_format=\"npz\") are not supported; save with the default h5 weights");
    }
    byte[] config = entries.get("config.json");
    byte[] metadata = entries.get("metadata.json");
    byte[] weights = entries.get("model.weights.h5");
    String weightsName = "model.weights.h5";
    if (config == null) {
      throw new ModelFormatException(src.label() + ": the .keras archive has no config.json");
    }
    if (weights == null) {
      throw new ModelFormatException(src.label() + ": the .keras archive has no model.weights.h5");
    }
    String version = null;
    if (metadata != null) {
      version = stringMember(parseJson(src.label() + "!metadata.json", new String(metadata, StandardCharsets.UTF_8),
          options), "keras_version");
    }
    JsonObject cfg = parseJson(src.label() + "!config.json", new String(config, StandardCharsets.UTF_8), options);
    Source w = Source.of(src.label() + "!" + weightsName, weights);
    try (HdfFile h5 = Hdf.open(w)) {
      return assemble(src.label(), cfg, majorVersion(version != null ? version : "3", cfg),
          new WeightStore.V3(w.label(), h5), options);
    }
  }

  static JsonObject parseJson(String label, String text, LoadOptions options) {
    try {
      JsonReader r = new JsonReader(new StringReader(text));
      r.setNestingLimit(options.maxJsonDepth());
      // Python's json.dumps writes bare NaN / Infinity.
      r.setStrictness(Strictness.LENIENT);
      JsonElement e = JsonParser.parseReader(r);
      if (!e.isJsonObject()) {
        throw new ModelFormatException(label + ": the model config is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | StackOverflowError | IllegalStateException ex) {
      String hint = String.valueOf(ex.getMessage()).contains("Nesting limit")
          ? "; nested deeper than " + options.maxJsonDepth() + " levels (limit: LoadOptions.withMaxJsonDepth)" : "";
      throw new ModelFormatException(label + ": malformed JSON (" + Hdf.describe(ex) + ")" + hint, ex);
    }
  }

  private static String stringMember(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  /** The Keras major version: from the file when it says; else a config with "module" keys is Keras 3's. */
  static int majorVersion(String version, JsonObject config) {
    if (version != null && !version.isEmpty()) {
      char c = version.charAt(0);
      if (c >= '1' && c <= '9') {
        return c - '0';
      }
    }
    return config.has("module") ? 3 : 2;
  }

  private static Model assemble(String label, JsonObject modelJson, int kerasMajor, WeightStore store, LoadOptions options) {
    store.limit(options);
    return new ModelAssembler(label, kerasMajor, options).assemble(modelJson, store);
  }

  private static String firstBytes(byte[] b) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(8, b.length); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
    }
    return sb.append(b.length == 0 ? "] (empty)" : "]").toString();
  }
}
