package io.kerasj.loader;

import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Loads Keras models. The format is detected from the content, not the file name:
 *
 * <ul>
 *   <li>a full-model HDF5 file: {@code model.save("m.h5")} from tf.keras / tf-keras (Keras 2) or
 *       Keras 3;
 *   <li>a Keras 3 {@code .keras} archive: {@code model.save("m.keras")};
 *   <li>a {@code model.to_json()} config plus weights: {@code save_weights("w.h5")} (Keras 2) or
 *       {@code save_weights("w.weights.h5")} (Keras 3), through the two-argument methods.
 * </ul>
 *
 * <p>Errors in the content throw {@link KerasjException} subclasses whose messages name the file,
 * the layer and the weight or option; {@link IOException} is left for failures to read the bytes,
 * including a path that is not a regular file ({@link InputFiles#requireRegularFile}).
 */
public final class KerasModels {
  private KerasModels() {}

  /** Loads a full model ({@code .h5} or {@code .keras}) from a file. */
  public static Model load(Path model) throws IOException {
    return load(model, LoadOptions.defaults());
  }

  /**
   * Loads a full model ({@code .h5} or {@code .keras}) from a file. The file is mapped rather than
   * read into the heap (except on Windows), so a load needs little more heap than the weights.
   */
  public static Model load(Path model, LoadOptions options) throws IOException {
    Model m;
    try {
      m = Loader.load(Source.of(model, "model", options), null, options);
    } catch (Source.TempFileFailure e) {
      throw e.getCause();
    }
    return checked(m, model, options);
  }

  /** Loads a {@code to_json()} config and its weights file. */
  public static Model load(Path config, Path weights) throws IOException {
    return load(config, weights, LoadOptions.defaults());
  }

  /** Loads a {@code to_json()} config and its weights file. */
  public static Model load(Path config, Path weights, LoadOptions options) throws IOException {
    Model m;
    try {
      m = Loader.load(Source.of(config, "config", options), Source.of(weights, "weights", options), options);
    } catch (Source.TempFileFailure e) {
      throw e.getCause();
    }
    return checked(m, config, options);
  }

  /** Loads a full model from its bytes (e.g. a classpath resource), without temporary files. */
  public static Model load(byte[] model) {
    return load(model, LoadOptions.defaults());
  }

  /** Loads a full model from its bytes (e.g. a classpath resource), without temporary files. */
  public static Model load(byte[] model, LoadOptions options) {
    return uncheckedIo(Loader.load(Source.of("<bytes>", model), null, options), options);
  }

  /** Loads a {@code to_json()} config and weights from bytes. */
  public static Model load(byte[] config, byte[] weights, LoadOptions options) {
    return uncheckedIo(Loader.load(Source.of("<config bytes>", config), Source.of("<weights bytes>", weights), options),
        options);
  }

  /**
   * Loads a full model from a stream, read into memory (up to {@link LoadOptions#maxBytes()}); no
   * temporary file is written. The stream is not closed.
   */
  public static Model load(InputStream model) throws IOException {
    return load(model, LoadOptions.defaults());
  }

  /** Loads a full model from a stream; see {@link #load(InputStream)}. */
  public static Model load(InputStream model, LoadOptions options) throws IOException {
    return checked(Loader.load(Source.of("<stream>", model, options), null, options), null, options);
  }

  /** Loads a {@code to_json()} config and weights from streams, read into memory. */
  public static Model load(InputStream config, InputStream weights, LoadOptions options) throws IOException {
    return checked(Loader.load(Source.of("<config stream>", config, options),
        Source.of("<weights stream>", weights, options), options), null, options);
  }

  private static Model uncheckedIo(Model m, LoadOptions options) {
    try {
      return checked(m, null, options);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The load-time test-vector check of {@link LoadOptions#withTestVector}; {@code file} is null for bytes. */
  private static Model checked(Model m, Path file, LoadOptions options) throws IOException {
    Path vector = options.testVector();
    if (vector == null && options.sidecarTestVector()) {
      if (file == null) {
        throw new TestVectorException("model " + Messages.quote(m.name())
            + " was loaded from bytes or a stream, which have no"
            + " sidecar test vector; use LoadOptions.withTestVector(path)");
      }
      vector = TestVector.sidecarOf(file);
      if (!java.nio.file.Files.isRegularFile(vector)) {
        throw new TestVectorException(file + ": the sidecar test vector " + vector + " does not exist; record it"
            + " with tools/record_test_vector.py");
      }
    }
    if (vector != null) {
      TestVector.read(vector, options.maxBytes()).verify(m, options.testVectorAtol(), options.testVectorRtol())
          .requirePassed();
    }
    return m;
  }
}
