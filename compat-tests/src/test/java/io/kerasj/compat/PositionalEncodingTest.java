package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LayerFactory;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import io.kerasj.loader.spi.CustomObjectsProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The book's fixed sinusoidal {@code PositionalEncoding} (Hands-On ML 3rd ed., ch. 16), a
 * user-defined Keras layer, registered from Java the two ways a user can: a plugin ({@link
 * CustomObjectsProvider}, published in the test class path's {@code META-INF/services} as a plugin
 * jar would publish it, so that {@link KerasModels#load} with default options finds it) and an
 * explicit {@link CustomObjects#withLayer} entry. Fixture: {@code fixtures_ch16/positional_encoding}
 * ({@code generate_ch16_fixtures.py}): Embedding(mask_zero=True) → PositionalEncoding(16, 8) →
 * MultiHeadAttention → Add → LayerNormalization → Dense(softmax).
 */
class PositionalEncodingTest {
  static final Path DIR = Chapter16CompatTest.DIR.resolve("positional_encoding");

  /**
   * What the user writes: the layer's math ({@code inputs + pos_encodings[:, :length]}, the table
   * computed in double precision and rounded to float, as numpy does before {@code astype}),
   * against kerasj's public API only. Keras' {@code supports_masking = True}: the padding mask passes
   * through to the attention.
   */
  public static final class PositionalEncoding extends Layer {
    private final int maxLength;
    private final int embedSize;
    private final float[] table;

    /** A layer adding the sinusoids of positions {@code 0..maxLength-1}, {@code embedSize} wide. */
    public PositionalEncoding(String name, int maxLength, int embedSize) {
      super(name);
      if (embedSize % 2 != 0) {
        throw new UnsupportedFeatureException("layer '" + name + "' (PositionalEncoding): embed_size must be even, got "
            + embedSize);
      }
      this.maxLength = maxLength;
      this.embedSize = embedSize;
      this.table = new float[maxLength * embedSize];
      for (int p = 0; p < maxLength; p++) {
        for (int i = 0; i < embedSize / 2; i++) {
          double angle = p / Math.pow(10_000, 2.0 * i / embedSize);
          table[p * embedSize + 2 * i] = (float) Math.sin(angle);
          table[p * embedSize + 2 * i + 1] = (float) Math.cos(angle);
        }
      }
    }

    @Override
    public String kerasClass() {
      return "PositionalEncoding";
    }

    @Override
    public boolean supportsMasking() {
      return true;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
      return inputShape.clone();
    }

    @Override
    public Tensor call(Tensor x) {
      if (x.rank() != 3 || x.dim(2) != embedSize || x.dim(1) > maxLength) {
        throw new InvalidInputException("layer '" + name() + "' (PositionalEncoding) takes (batch, steps <= "
            + maxLength + ", " + embedSize + "), got " + Arrays.toString(x.shape()));
      }
      float[] in = x.data();
      float[] out = new float[in.length];
      int rowSize = x.dim(1) * embedSize;
      for (int b = 0; b < x.dim(0); b++) {
        for (int k = 0; k < rowSize; k++) {
          out[b * rowSize + k] = in[b * rowSize + k] + table[k];
        }
      }
      return Tensor.of(out, x.shape());
    }
  }

  /** Its factory: the two options of the book's constructor; the layer has no weights. */
  static final LayerFactory FACTORY = (config, weights, inputShape, context) ->
      new PositionalEncoding(config.name(), config.getInt("max_length"), config.getInt("embed_size"));

  /** The plugin a user ships in a jar with {@code META-INF/services/io.kerasj.loader.spi.CustomObjectsProvider}. */
  public static final class Plugin implements CustomObjectsProvider {
    @Override
    public Map<String, LayerFactory> layers() {
      return Map.of("PositionalEncoding", FACTORY);
    }
  }

  static Model load(String file, String weights, LoadOptions options) throws IOException {
    return weights == null ? KerasModels.load(DIR.resolve(file), options)
        : KerasModels.load(DIR.resolve(file), DIR.resolve(weights), options);
  }

  /**
   * Loads with {@code options}; while the model is pending ({@link Chapter16CompatTest#PENDING}), asserts
   * instead that only the pending layers are refused: the user's PositionalEncoding was accepted.
   */
  static Model loadOrPending(String file, String weights, LoadOptions options) throws IOException {
    java.util.Set<String> pending = Chapter16CompatTest.PENDING.get("positional_encoding");
    if (pending == null) {
      return load(file, weights, options);
    }
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(file, weights, options),
        "positional_encoding loads now: remove it from Chapter16CompatTest.PENDING");
    FixtureSuite.assertRefusedOnlyFor(e, pending, file);
    return null;
  }

  static void assertMatches(Model m, String fw) throws IOException {
    if (m == null) {
      return; // pending: loadOrPending checked the refusal
    }
    for (String set : new String[] {"padded", "padded_b"}) {
      Tensor x = Npy.read(Chapter16CompatTest.DIR.resolve("inputs/pe_ids_" + (set.equals("padded") ? "a" : "b") + ".npy"));
      Tensor want = Npy.read(DIR.resolve("expected_" + fw + "_" + set + "_0.npy"));
      assertTrue(CustomObjectsTest.maxAbs(m.predict(x), want) <= CompatTest.TOLERANCE, fw + " " + set);
    }
  }

  @ParameterizedTest
  @CsvSource({"k2_full.h5,, k2", "k2_model.json, k2_weights.h5, k2", "k3_model.json, k3.weights.h5, k3",
      "k3.keras,, k3", "k3_legacy.h5,, k3"})
  void theInstalledPluginLoadsEveryFormat(String file, String weights, String fw) throws IOException {
    assertMatches(loadOrPending(file, weights, LoadOptions.defaults()), fw);
  }

  @ParameterizedTest
  @CsvSource({"k2_full.h5,, k2", "k3.keras,, k3"})
  void anExplicitEntryLoadsItWithoutPlugins(String file, String weights, String fw) throws IOException {
    LoadOptions opts = LoadOptions.defaults()
        .withCustomObjects(CustomObjects.defaults().withLayer("PositionalEncoding", FACTORY));
    assertMatches(loadOrPending(file, weights, opts), fw);
  }

  @Test
  void unregisteredTheLayerIsRefusedByName() {
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load("k3.keras", null,
        LoadOptions.defaults().withCustomObjects(CustomObjects.defaults())));
    assertTrue(e.getMessage().contains("PositionalEncoding"), e.getMessage());
  }
}
