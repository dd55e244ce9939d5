package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test vector: inputs and the outputs TensorFlow computed for them, recorded by
 * {@code tools/record_test_vector.py}, to check that kerasj computes the same for a model.
 *
 * <p>The file is an {@code .npz} archive (NumPy reads it with {@code np.load}):
 *
 * <ul>
 *   <li>{@code input_<name>.npy}: one float32 array per model input, named by the Keras input;
 *   <li>{@code output_<name>.npy}: one float32 array per model output, in the model's output order;
 *   <li>{@code metadata.json}: {@code {"format": "kerasj-test-vector", "version": 1, "inputs":
 *       [names], "outputs": [names], "versions": {"tensorflow": …, "keras": …}, "inputs_drawn":
 *       {…}, "model": {…}}}. The order of inputs and outputs comes from it; without it, from the
 *       archive order.
 * </ul>
 *
 * <p>The default sidecar of a model file {@code m.keras} is {@code m.keras.vectors.npz} in the same
 * directory ({@link #sidecarOf(Path)}); {@link LoadOptions#withSidecarTestVector()} checks it at
 * load time.
 *
 * <pre>{@code
 * Model model = KerasModels.load(Path.of("model.keras"));
 * VerificationResult r = TestVector.read(Path.of("model.keras.vectors.npz")).verify(model, 1e-5, 1e-5);
 * System.out.print(r.table());
 * r.requirePassed();
 * }</pre>
 */
public final class TestVector {
  /** The archive entry holding the metadata JSON. */
  public static final String METADATA_ENTRY = "metadata.json";
  /** Prefix of the input arrays' names. */
  public static final String INPUT_PREFIX = "input_";
  /** Prefix of the output arrays' names. */
  public static final String OUTPUT_PREFIX = "output_";
  /** The sidecar suffix appended to a model's file name. */
  public static final String SIDECAR_SUFFIX = ".vectors.npz";
  /** Default absolute tolerance: 1e-5. */
  public static final double DEFAULT_ATOL = 1e-5;
  /** Default relative tolerance: 1e-5. */
  public static final double DEFAULT_RTOL = 1e-5;

  private final String source;
  private final Map<String, Tensor> inputs;
  private final Map<String, Tensor> outputs;
  private final JsonObject metadata;

  private TestVector(String source, Map<String, Tensor> inputs, Map<String, Tensor> outputs, JsonObject metadata) {
    this.source = source;
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.metadata = metadata;
  }

  /**
   * A test vector from named inputs and outputs, e.g. to record a Java model's outputs as the
   * reference for a later version. Metadata names the inputs and outputs and records
   * {@code note} as how the inputs were drawn.
   */
  public static TestVector of(Map<String, Tensor> inputs, Map<String, Tensor> outputs, String note) {
    JsonObject meta = new JsonObject();
    meta.addProperty("format", "kerasj-test-vector");
    meta.addProperty("version", 1);
    JsonArray in = new JsonArray();
    inputs.keySet().forEach(in::add);
    JsonArray out = new JsonArray();
    outputs.keySet().forEach(out::add);
    meta.add("inputs", in);
    meta.add("outputs", out);
    JsonObject drawn = new JsonObject();
    drawn.addProperty("kind", "given");
    drawn.addProperty("note", note == null ? "" : note);
    meta.add("inputs_drawn", drawn);
    JsonObject versions = new JsonObject();
    versions.addProperty("kerasj", String.valueOf(TestVector.class.getPackage().getImplementationVersion()));
    meta.add("versions", versions);
    return new TestVector("<test vector>", inputs, outputs, meta);
  }

  /** The sidecar test vector of a model file: {@code <model file name>.vectors.npz} beside it. */
  public static Path sidecarOf(Path model) {
    Path name = model.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("model path has no file name: " + model);
    }
    return model.resolveSibling(name + SIDECAR_SUFFIX);
  }

  /** Reads a test vector ({@code .npz}), with the default limit of {@link Npz#read(Path)}. */
  public static TestVector read(Path file) throws IOException {
    return read(file, Npz.defaultMaxBytes());
  }

  /**
   * Reads a test vector.
   *
   * @param maxBytes the limit on the uncompressed size of the archive
   * @throws TestVectorException if the archive holds no inputs or outputs, or its metadata names
   *     arrays it does not have
   * @throws NpyFormatException if the archive or an array in it cannot be read
   */
  public static TestVector read(Path file, long maxBytes) throws IOException {
    String source = file.toString();
    Npz npz = Npz.read(file, maxBytes);
    JsonObject meta = new JsonObject();
    byte[] metaBytes = npz.others().get(METADATA_ENTRY);
    if (metaBytes != null) {
      try {
        JsonElement e = StrictJson.parse(metaBytes, LoadOptions.DEFAULT_MAX_JSON_DEPTH);
        if (!e.isJsonObject()) {
          throw new TestVectorException(source + ": " + METADATA_ENTRY + " is not a JSON object");
        }
        meta = e.getAsJsonObject();
      } catch (StrictJson.SyntaxError e) {
        throw new TestVectorException(source + ": " + METADATA_ENTRY + " is not valid JSON: " + e.getMessage());
      }
    }
    Map<String, Tensor> inputs = pick(source, npz.arrays(), meta, "inputs", INPUT_PREFIX);
    Map<String, Tensor> outputs = pick(source, npz.arrays(), meta, "outputs", OUTPUT_PREFIX);
    for (String k : npz.arrays().keySet()) {
      if (!k.startsWith(INPUT_PREFIX) && !k.startsWith(OUTPUT_PREFIX)) {
        throw new TestVectorException(source + ": array " + Messages.quote(k) + " is neither an input ('" + INPUT_PREFIX
            + "<name>') nor an output ('" + OUTPUT_PREFIX + "<name>'); arrays: "
            + Messages.list(npz.arrays().keySet()));
      }
    }
    return new TestVector(source, inputs, outputs, meta);
  }

  private static Map<String, Tensor> pick(String source, Map<String, Tensor> arrays, JsonObject meta, String key,
      String prefix) {
    List<String> names = new ArrayList<>();
    if (meta.has(key) && meta.get(key).isJsonArray()) {
      for (JsonElement e : meta.getAsJsonArray(key)) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw new TestVectorException(source + ": " + METADATA_ENTRY + " '" + key + "' should list names, got "
              + Messages.snippet(e));
        }
        names.add(e.getAsString());
      }
    } else {
      for (String k : arrays.keySet()) {
        if (k.startsWith(prefix)) {
          names.add(k.substring(prefix.length()));
        }
      }
    }
    Map<String, Tensor> r = new LinkedHashMap<>();
    for (String n : names) {
      Tensor t = arrays.get(prefix + n);
      if (t == null) {
        throw new TestVectorException(source + ": " + METADATA_ENTRY + " lists " + key.substring(0, key.length() - 1)
            + " " + Messages.quote(n) + " but the archive has no array " + Messages.quote(prefix + n) + "; arrays: "
            + Messages.list(arrays.keySet()));
      }
      r.put(n, t);
    }
    long found = arrays.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    if (found != r.size()) {
      throw new TestVectorException(source + ": the archive has " + found + " '" + prefix + "*' arrays, "
          + METADATA_ENTRY + " lists " + r.size() + ": " + Messages.list(names));
    }
    if (r.isEmpty()) {
      throw new TestVectorException(source + ": not a test vector: no '" + prefix + "<name>' array; arrays: "
          + Messages.list(arrays.keySet()));
    }
    return r;
  }

  /** Writes the vector as an {@code .npz} archive, replacing an existing file. */
  public void write(Path file) throws IOException {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    inputs.forEach((k, v) -> arrays.put(INPUT_PREFIX + k, v));
    outputs.forEach((k, v) -> arrays.put(OUTPUT_PREFIX + k, v));
    Npz.of(arrays, Map.of(METADATA_ENTRY, metadata.toString().getBytes(StandardCharsets.UTF_8))).write(file);
  }

  /** Where the vector was read from, for messages. */
  public String source() {
    return source;
  }

  /** The inputs by name, in the model's input order. */
  public Map<String, Tensor> inputs() {
    return inputs;
  }

  /** The recorded outputs by name, in the model's output order. */
  public Map<String, Tensor> outputs() {
    return outputs;
  }

  /** The metadata JSON text ({@code {}} if the archive has none). */
  public String metadataJson() {
    return metadata.toString();
  }

  /** The library versions that recorded the vector, e.g. {@code tensorflow → 2.21.0}. */
  public Map<String, String> versions() {
    Map<String, String> r = new LinkedHashMap<>();
    if (metadata.has("versions") && metadata.get("versions").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : metadata.getAsJsonObject("versions").entrySet()) {
        r.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
      }
    }
    return r;
  }

  /** How the inputs were drawn, as recorded (JSON text, {@code {}} if not recorded). */
  public String inputsDrawn() {
    JsonElement e = metadata.get("inputs_drawn");
    return e == null ? "{}" : e.toString();
  }

  /** Verifies with the default tolerances ({@link #DEFAULT_ATOL}, {@link #DEFAULT_RTOL}). */
  public VerificationResult verify(Model model) {
    return verify(model, DEFAULT_ATOL, DEFAULT_RTOL);
  }

  /**
   * Runs the model on the vector's inputs and compares every output element with the recorded one.
   * An element is within tolerance when {@code |actual − expected| ≤ atol + rtol·|expected|} (NumPy's
   * {@code allclose}); two NaNs are equal.
   *
   * @throws TestVectorException if the vector's inputs or outputs do not match the model's in
   *     number or shape
   */
  public VerificationResult verify(Model model, double atol, double rtol) {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative, got atol " + atol + ", rtol " + rtol);
    }
    Map<String, Tensor> actual = ModelBinding.predict(model, this);
    List<VerificationResult.OutputError> results = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
      Tensor a = actual.get(e.getKey());
      if (!java.util.Arrays.equals(a.shape(), e.getValue().shape())) {
        throw new TestVectorException(source + ": output " + Messages.quote(e.getKey()) + " has shape "
            + Model.formatShape(e.getValue().shape()) + " in the test vector, model " + Messages.quote(model.name())
            + " computes "
            + Model.formatShape(a.shape()));
      }
      results.add(VerificationResult.compare(e.getKey(), e.getValue(), a, atol, rtol));
    }
    return new VerificationResult(source, model.name(), atol, rtol, results);
  }
}
