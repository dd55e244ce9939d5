package io.kerasj.loader;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
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
      if (model.endsLikeZip()) {
        return loadKerasArchive(model, options);
      }
      throw new ModelFormatException(model.label() + ": not a Keras model file (neither HDF5, a .keras zip archive, "
          + "nor JSON; it starts with " + firstBytes(model.head(8)) + ")");
    }
    if (model.isHdf5() || model.isZip()) {
      throw new ModelFormatException(model.label() + ": expected the model's to_json() config (a JSON object) "
          + "beside the weights file, but it " + (model.isHdf5() ? "is an HDF5 file" : "is a zip archive"));
    }
    JsonObject config = parseJson(model.label(), model, options);
    if (!weights.isHdf5()) {
      throw new ModelFormatException(weights.label() + ": expected an HDF5 weights file (save_weights), but it starts with "
          + firstBytes(weights.head(8)));
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

  /**
   * A {@code .keras} archive, read as Keras 3 reads it ({@code saving_lib._load_model_from_fileobj})
   * through Python's {@code zipfile} (see {@link ZipArchive}): {@code config.json}, then
   * {@code model.weights.h5} ({@code model.weights.npz} only when there is no {@code .h5}), and,
   * when the archive holds more than those three files, every other entry Keras extracts.
   * {@code metadata.json}, which Keras only writes, is read for the Keras version.
   */
  private static Model loadKerasArchive(Source src, LoadOptions options) {
    String label = src.label();
    try {
      ZipArchive zip = ZipArchive.read(label, ZipArchive.of(src.buffer()), options.maxZipEntries(),
          "LoadOptions.withMaxZipEntries");
      // A mapped archive's entries are checked or mapped, never kept on the heap (see weights()).
      ZipArchive.Budget budget = new ZipArchive.Budget(src.isMapped() ? options.maxMappedZipTotalBytes()
          : options.maxZipTotalBytes(), "LoadOptions.withMaxZipTotalBytes");
      ZipArchive.Entry configEntry = zip.unique("config.json");
      if (configEntry == null) {
        throw new ModelFormatException(label + ": the .keras archive has no config.json");
      }
      ZipArchive.Entry weightsEntry = zip.unique("model.weights.h5");
      ZipArchive.Entry metaEntry = zip.unique("metadata.json");
      JsonObject cfg = parseJson(label + "!config.json",
          zip.read(configEntry, options.maxConfigBytes(), "LoadOptions.withMaxConfigBytes", budget), options);
      if (weightsEntry == null) {
        if (zip.unique("model.weights.npz") != null) {
          throw new UnsupportedFeatureException(label + ": weights stored as model.weights.npz "
              + "(weights_format=\"npz\") are not supported; save with the default h5 weights");
        }
        throw new ModelFormatException(label + ": the .keras archive has no model.weights.h5");
      }
      Source w = weights(src, zip, weightsEntry, options, budget);
      String version = null;
      if (metaEntry != null) {
        version = stringMember(parseJson(label + "!metadata.json",
            zip.read(metaEntry, options.maxConfigBytes(), "LoadOptions.withMaxConfigBytes", budget), options),
            "keras_version");
      }
      if (zip.entries().size() > 3) {
        Set<ZipArchive.Entry> read = new HashSet<>(Arrays.asList(configEntry, weightsEntry, metaEntry));
        checkExtractedEntries(zip, budget, read);
      }
      try (HdfFile h5 = Hdf.open(w)) {
        return assemble(label, cfg, majorVersion(version != null ? version : "3", cfg),
            new WeightStore.V3(w.label(), h5), options);
      }
    } catch (IOException e) {
      // The archive is in memory or mapped: reading it cannot fail (a temporary file that cannot be
      // written is a Source.TempFileFailure).
      throw new ModelFormatException(label + ": " + e, e);
    }
  }

  /**
   * The archive's {@code model.weights.h5}, read with the same checks whatever the source. From
   * an array (bytes, a stream) it is inflated into an array as before. From a mapped file it stays
   * off the heap (issue 12): a stored entry, which is what Keras writes, is a slice of the mapping
   * once its size and CRC are checked, within the mapped limits (its bytes are the file's own); a
   * deflated one is inflated into a temporary file ({@link Source#ofEntry}) within the limits of an
   * entry read onto the heap, so that a small archive never makes kerasj write more to disk than
   * it would have held in memory.
   */
  private static Source weights(Source src, ZipArchive zip, ZipArchive.Entry e, LoadOptions options,
      ZipArchive.Budget budget) throws IOException {
    String wLabel = src.label() + "!model.weights.h5";
    String option = "LoadOptions.withMaxZipEntryBytes";
    if (!src.isMapped()) {
      return Source.of(wLabel, zip.read(e, options.maxZipEntryBytes(), option, budget));
    }
    if (e.method == 0) {
      return src.slice(wLabel, zip.checkStored(e, options.maxMappedZipEntryBytes(), option, budget), e.size);
    }
    return Source.ofEntry(wLabel, zip, e, options.maxZipEntryBytes(), option, budget);
  }

  /** Keras refuses to extract an entry that declares more than 256 MiB at over 100 times its stored size. */
  private static final long EXTRACT_BOMB_FLOOR = 1L << 28;

  /**
   * What Keras 3 does to an archive holding more than three files, before it loads assets
   * ({@code DiskIOStore}): it refuses likely decompression bombs among all entries, then extracts
   * (reads, checking each CRC) every entry whose path stays inside its temporary directory. kerasj
   * reads those entries the same way, keeping nothing, so that an archive Keras refuses is refused.
   */
  private static void checkExtractedEntries(ZipArchive zip, ZipArchive.Budget budget, Set<ZipArchive.Entry> read)
      throws IOException {
    for (ZipArchive.Entry e : zip.entries()) {
      if (e.size > EXTRACT_BOMB_FLOOR && e.compressedSize < Long.MAX_VALUE / 100 && e.size > 100 * e.compressedSize) {
        throw new ModelFormatException(zip.label() + "!" + Messages.snippet(e.name) + ": the entry declares " + e.size
            + " bytes but stores only " + e.compressedSize + "; Keras refuses to extract such a likely decompression bomb");
      }
    }
    for (ZipArchive.Entry e : zip.entries()) {
      String target = extractTarget(e.name);
      if (read.contains(e) || target == null || e.isDirectory()) {
        continue;
      }
      if (target.isEmpty()) {
        throw new ModelFormatException(zip.label() + ": entry " + Messages.quote(e.name) + " names the extraction"
            + " directory itself, which Keras cannot extract a file to");
      }
      zip.verify(e, budget);
    }
  }

  /**
   * Where Keras would extract an entry, relative to its directory ({@code file_utils.resolve_sub_path}
   * and zipfile's own clean-up): {@code null} for a path that leaves the directory (Keras skips
   * it), {@code ""} for the directory itself.
   */
  static String extractTarget(String name) {
    if (name.startsWith("/")) {
      return null;
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String p : name.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }

  /** Parses a JSON config from bytes as Keras does ({@code json.loads} of the bytes), within the config limit. */
  static JsonObject parseJson(String label, byte[] bytes, LoadOptions options) {
    if (bytes.length > options.maxConfigBytes()) {
      throw new ModelFormatException(label + ": JSON config of " + bytes.length + " bytes, more than the limit of "
          + options.maxConfigBytes() + " (LoadOptions.withMaxConfigBytes)");
    }
    return object(label, () -> StrictJson.parse(bytes, options.maxJsonDepth()), options);
  }

  /** {@link #parseJson(String, byte[], LoadOptions)} of a whole source, whose size is checked before it is copied. */
  static JsonObject parseJson(String label, Source src, LoadOptions options) {
    if (src.size() > options.maxConfigBytes()) {
      throw new ModelFormatException(label + ": JSON config of " + src.size() + " bytes, more than the limit of "
          + options.maxConfigBytes() + " (LoadOptions.withMaxConfigBytes)");
    }
    return parseJson(label, src.bytes(), options);
  }

  /** Parses a JSON config held as text (an HDF5 attribute) as {@code json.loads} parses a str. */
  static JsonObject parseJson(String label, String text, LoadOptions options) {
    if (text.length() > options.maxConfigBytes()) {
      throw new ModelFormatException(label + ": JSON config of " + text.length() + " characters, more than the limit"
          + " of " + options.maxConfigBytes() + " (LoadOptions.withMaxConfigBytes)");
    }
    return object(label, () -> StrictJson.parse(text, options.maxJsonDepth()), options);
  }

  private static JsonObject object(String label, java.util.function.Supplier<JsonElement> parse, LoadOptions options) {
    JsonElement e;
    try {
      e = parse.get();
    } catch (StrictJson.SyntaxError ex) {
      throw new ModelFormatException(label + ": malformed JSON (" + ex.getMessage() + ")"
          + (ex.depth ? " (limit: LoadOptions.withMaxJsonDepth)" : ""));
    } catch (StackOverflowError ex) {
      throw new ModelFormatException(label + ": malformed JSON (nested too deeply for the thread's stack; lower "
          + "LoadOptions.withMaxJsonDepth, now " + options.maxJsonDepth() + ")");
    }
    if (!e.isJsonObject()) {
      throw new ModelFormatException(label + ": the model config is not a JSON object");
    }
    return e.getAsJsonObject();
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

  /** The (up to 8) first bytes of a file, for a message. */
  private static String firstBytes(byte[] b) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < b.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
    }
    return sb.append(b.length == 0 ? "] (empty)" : "]").toString();
  }
}
