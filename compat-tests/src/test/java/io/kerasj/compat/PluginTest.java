package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.loader.CellFactory;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LayerFactory;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.Npy;
import io.kerasj.loader.spi.CustomObjectsProvider;
import io.kerasj.loader.spi.PluginException;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plugins ({@link CustomObjectsProvider} through {@link java.util.ServiceLoader}) against a
 * TensorFlow fixture with a registered custom cell kerasj has no built-in for
 * ({@code fixtures_plugin/minimal_rnn}, made by {@code generate_plugin_fixtures.py}). The test
 * class path publishes {@link MinimalRnnPlugin} in {@code META-INF/services}, as a plugin jar would.
 */
class PluginTest {
  static final Path DIR = Path.of("src/test/resources/fixtures_plugin/minimal_rnn");

  @TempDir
  Path tmp;

  /** What a user writes for the cell {@code h = tanh(x·kernel + h_prev·recurrent_kernel)}, public API only. */
  public static final class MinimalRnnPlugin implements CustomObjectsProvider {
    static final CellFactory FACTORY = (config, weights, inputSize, context) -> {
      int units = config.getInt("units");
      return new SimpleRNNCell(config.name(), inputSize, units, weights.next("kernel", inputSize, units),
          weights.next("recurrent_kernel", units, units), null, Activation.TANH);
    };

    @Override
    public Map<String, CellFactory> cells() {
      return Map.of("MinimalRNNCell", FACTORY);
    }
  }

  static Model load(String file, String weights, LoadOptions options) throws IOException {
    return weights == null ? KerasModels.load(DIR.resolve(file), options)
        : KerasModels.load(DIR.resolve(file), DIR.resolve(weights), options);
  }

  @ParameterizedTest
  @CsvSource({"k2_full.h5,, k2", "k2_model.json, k2_weights.h5, k2", "k3_model.json, k3.weights.h5, k3",
      "k3.keras,, k3", "k3_legacy.h5,, k3"})
  void defaultOptionsPickUpTheInstalledPlugin(String file, String weights, String fw) throws IOException {
    Model m = weights == null ? KerasModels.load(DIR.resolve(file)) : KerasModels.load(DIR.resolve(file),
        DIR.resolve(weights));
    Tensor x = Npy.read(DIR.resolve("input_b4_len9.npy"));
    Tensor expected = Npy.read(DIR.resolve("expected_" + fw + ".npy"));
    assertTrue(CustomObjectsTest.maxAbs(m.predict(x), expected) <= CompatTest.TOLERANCE, file);
    // Without plugins the class is unknown, and the message names it.
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> load(file, weights, LoadOptions.defaults().withCustomObjects(CustomObjects.defaults())));
    assertTrue(e.getMessage().contains("MinimalRNNCell"), e.getMessage());
  }

  @Test
  void theInstalledRegistryIsLookedUpOnceAndIsWhatDefaultsUse() {
    assertSame(CustomObjects.installed(), CustomObjects.installed());
    assertSame(CustomObjects.installed(), LoadOptions.defaults().customObjects());
  }

  // ---- plugins in another class loader, and what a broken plugin gives ----

  /** A class loader that publishes the given provider classes (from this test) in its services file. */
  ClassLoader publishing(String... classes) throws IOException {
    Path services = tmp.resolve("services-" + System.nanoTime());
    Files.writeString(services, String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
    URL url = services.toUri().toURL();
    String name = "META-INF/services/" + CustomObjectsProvider.class.getName();
    return new ClassLoader(PluginTest.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String resource) throws IOException {
        // Only this file: the test class path's own services file would add MinimalRnnPlugin again.
        return resource.equals(name) ? Collections.enumeration(java.util.List.of(url)) : super.getResources(resource);
      }
    };
  }

  static CustomObjects plugins(ClassLoader loader) {
    return CustomObjects.defaults().withPlugins(loader);
  }

  @Test
  void aPluginInAnotherClassLoaderIsAddedExplicitly() throws IOException {
    LoadOptions opts = LoadOptions.defaults().withCustomObjects(plugins(publishing(MinimalRnnPlugin.class.getName())));
    Model m = load("k3.keras", null, opts);
    assertTrue(CustomObjectsTest.maxAbs(m.predict(Npy.read(DIR.resolve("input_b4_len9.npy"))),
        Npy.read(DIR.resolve("expected_k3.npy"))) <= CompatTest.TOLERANCE);
  }

  /** Throws from its constructor. */
  public static final class Exploding implements CustomObjectsProvider {
    public Exploding() {
      throw new IllegalStateException("no licence key");
    }
  }

  /** Returns null instead of an empty map. */
  public static final class NullMaps implements CustomObjectsProvider {
    @Override
    public Map<String, LayerFactory> layers() {
      return null;
    }
  }

  /** Registers a null factory. */
  public static final class NullFactory implements CustomObjectsProvider {
    @Override
    public Map<String, CellFactory> cells() {
      Map<String, CellFactory> m = new HashMap<>();
      m.put("MinimalRNNCell", null);
      return m;
    }
  }

  /** A cell factory with a bug. */
  public static final class BuggyFactory implements CustomObjectsProvider {
    @Override
    public Map<String, CellFactory> cells() {
      return Map.of("MinimalRNNCell", (config, weights, inputSize, context) -> {
        throw new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 5");
      });
    }
  }

  /** A cell factory that builds nothing. */
  public static final class NoCell implements CustomObjectsProvider {
    @Override
    public Map<String, CellFactory> cells() {
      return Map.of("MinimalRNNCell", (config, weights, inputSize, context) -> null);
    }
  }

  /** A factory that reports a bad file with kerasj's own exception, which passes through unchanged. */
  public static final class StrictFactory implements CustomObjectsProvider {
    @Override
    public Map<String, CellFactory> cells() {
      return Map.of("MinimalRNNCell", (config, weights, inputSize, context) -> {
        throw new ShapeMismatchException(config.where() + ": units 5 is not supported");
      });
    }
  }

  static String message(ClassLoader loader) {
    return assertThrows(PluginException.class, () -> load("k3.keras", null,
        LoadOptions.defaults().withCustomObjects(plugins(loader)))).getMessage();
  }

  @Test
  void brokenPluginsAreReportedByName() throws IOException {
    String m = assertThrows(PluginException.class, () -> plugins(publishing(Exploding.class.getName()))).getMessage();
    assertTrue(m.contains(Exploding.class.getName()) && m.contains("could not be instantiated")
        && m.contains("no licence key"), m);
    m = assertThrows(PluginException.class, () -> plugins(publishing("com.example.Missing"))).getMessage();
    assertTrue(m.contains("com.example.Missing"), m);
    m = assertThrows(PluginException.class, () -> plugins(publishing(PluginTest.class.getName()))).getMessage();
    assertTrue(m.contains(PluginTest.class.getName()) && m.contains("not a subtype"), m);
    m = assertThrows(PluginException.class, () -> plugins(publishing(NullMaps.class.getName()))).getMessage();
    assertTrue(m.contains(NullMaps.class.getName()) && m.contains("layers() returned null"), m);
    m = assertThrows(PluginException.class, () -> plugins(publishing(NullFactory.class.getName()))).getMessage();
    assertTrue(m.contains(NullFactory.class.getName()) && m.contains("'MinimalRNNCell'"), m);
    m = assertThrows(PluginException.class,
        () -> plugins(publishing(MinimalRnnPlugin.class.getName(), BuggyFactory.class.getName()))).getMessage();
    assertTrue(m.contains(MinimalRnnPlugin.class.getName()) && m.contains(BuggyFactory.class.getName())
        && m.contains("both register cell class 'MinimalRNNCell'"), m);
  }

  @Test
  void aFactoryThatFailsIsReportedWithThePluginAndTheLayer() throws IOException {
    String m = message(publishing(BuggyFactory.class.getName()));
    assertTrue(m.contains(BuggyFactory.class.getName()) && m.contains("layer 'minimal_rnn_cell' (MinimalRNNCell)")
        && m.contains("ArrayIndexOutOfBoundsException"), m);
    m = message(publishing(NoCell.class.getName()));
    assertTrue(m.contains(NoCell.class.getName()) && m.contains("returned no cell"), m);
    KerasjException e = assertThrows(ShapeMismatchException.class, () -> load("k3.keras", null,
        LoadOptions.defaults().withCustomObjects(plugins(publishing(StrictFactory.class.getName())))));
    assertTrue(e.getMessage().contains("units 5 is not supported"), e.getMessage());
  }

  @Test
  void thePluginIsNamedWithWhereItCameFrom() throws IOException {
    String m = message(publishing(BuggyFactory.class.getName()));
    // Test classes come from a directory; a plugin jar is named the same way (see the CLI's tests).
    assertTrue(m.contains(BuggyFactory.class.getName() + " (from "
        + Path.of("target/test-classes").toAbsolutePath() + ")"), m);
  }

  /** Registers the cell under the full name {@code register_keras_serializable} gives it. */
  public static final class FullNamePlugin implements CustomObjectsProvider {
    @Override
    public Map<String, CellFactory> cells() {
      return Map.of("kerasj_test>MinimalRNNCell", MinimalRnnPlugin.FACTORY);
    }
  }

  @Test
  void theRegisteredNameWithItsPackageIsMatchedToo() throws IOException {
    LoadOptions opts = LoadOptions.defaults().withCustomObjects(plugins(publishing(FullNamePlugin.class.getName())));
    for (String[] f : new String[][] {{"k2_full.h5", "k2"}, {"k3.keras", "k3"}}) {
      Model m = load(f[0], null, opts);
      assertTrue(CustomObjectsTest.maxAbs(m.predict(Npy.read(DIR.resolve("input_b4_len9.npy"))),
          Npy.read(DIR.resolve("expected_" + f[1] + ".npy"))) <= CompatTest.TOLERANCE, f[0]);
    }
  }
}
