package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.spi.CustomObjectsProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --plugin JAR}: a plugin jar compiled and packed inside the test (so it is on no class
 * path but the one the CLI builds) loads the custom {@code MinimalRNNCell} of a TensorFlow
 * fixture ({@code compat-tests/.../fixtures_plugin/minimal_rnn}), whose outputs are TensorFlow's.
 */
class PluginCliTest {
  static final Path DIR = Path.of("../compat-tests/src/test/resources/fixtures_plugin/minimal_rnn");
  static final String SERVICE = "META-INF/services/" + CustomObjectsProvider.class.getName();

  /**
   * The plugin a user writes for {@code h = tanh(x·kernel + h_prev·recurrent_kernel)}; {@code CLASS}
   * and {@code CELL} are replaced.
   */
  static final String SOURCE = String.join("\n",
      "package test.plugin;",
      "import io.kerasj.activations.Activation;",
      "import io.kerasj.layers.rnn.SimpleRNNCell;",
      "import io.kerasj.loader.CellFactory;",
      "import io.kerasj.loader.spi.CustomObjectsProvider;",
      "import java.util.Map;",
      "public final class CLASS implements CustomObjectsProvider {",
      "  @Override public Map<String, CellFactory> cells() {",
      "    return Map.of(\"CELL\", (config, weights, inputSize, context) -> {",
      "      int units = config.getInt(\"units\");",
      "      return new SimpleRNNCell(config.name(), inputSize, units, weights.next(\"kernel\", inputSize, units),",
      "          weights.next(\"recurrent_kernel\", units, units), null, Activation.TANH);",
      "    });",
      "  }",
      "}",
      "");

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;

  private static Path pluginJar;

  static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Compiles plugin class {@code test.plugin.<name>} for cell class {@code cell} and packs it with its services file. */
  static Path buildJar(Path dir, String name, String cell, boolean withServices) throws IOException {
    Path src = dir.resolve(name + "-src/test/plugin/" + name + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE.replace("CLASS", name).replace("CELL", cell), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK with javac");
    String cp = location(Model.class) + File.pathSeparator + location(KerasModels.class);
    int rc = javac.run(null, null, null, "--release", "17", "-cp", cp, "-d", classes.toString(), src.toString());
    assertEquals(0, rc, "the plugin compiles");
    Path jar = dir.resolve(name + ".jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
         Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        j.write(Files.readAllBytes(f));
        j.closeEntry();
      }
      if (withServices) {
        j.putNextEntry(new JarEntry(SERVICE));
        j.write(("# the plugin\ntest.plugin." + name + "\n").getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
    }
    return jar;
  }

  static synchronized Path pluginJar() throws IOException {
    if (pluginJar == null) {
      pluginJar = buildJar(shared, "MinimalRnn", "MinimalRNNCell", true);
    }
    return pluginJar;
  }

  @ParameterizedTest
  @CsvSource({"k2_full.h5,, k2", "k2_model.json, k2_weights.h5, k2", "k3_model.json, k3.weights.h5, k3",
      "k3.keras,, k3", "k3_legacy.h5,, k3"})
  void predictWithThePluginMatchesTensorFlow(String file, String weights, String fw) throws IOException {
    Path out = tmp.resolve("y.npy");
    List<String> args = new ArrayList<>(List.of("predict", DIR.resolve(file).toString(), "--plugin",
        pluginJar().toString(), "--input", DIR.resolve("input_b4_len9.npy").toString(), "--output", out.toString()));
    if (weights != null) {
      args.addAll(List.of("--weights", DIR.resolve(weights).toString()));
    }
    MainTest.Result r = MainTest.run(args.toArray(new String[0]));
    assertEquals(0, r.status, r.err);
    double err = MultiIoCliTest.maxAbs(Npy.read(out), Npy.read(DIR.resolve("expected_" + fw + ".npy")));
    assertTrue(err <= 1e-5, file + ": " + err);
  }

  @Test
  void summaryAndVerifyTakePluginsToo() throws IOException {
    Path model = DIR.resolve("k3.keras");
    MainTest.Result r = MainTest.run("summary", model.toString(), "--plugin", pluginJar().toString());
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.contains("(RNN)"), r.out);
    Path vectors = tmp.resolve("v.npz");
    TestVector.of(Map.of("input", Npy.read(DIR.resolve("input_b4_len9.npy"))),
        Map.of("dense", Npy.read(DIR.resolve("expected_k3.npy"))), "TensorFlow, generate_plugin_fixtures.py")
        .write(vectors);
    r = MainTest.run("verify", model.toString(), "--vectors", vectors.toString(), "--plugin", pluginJar().toString());
    assertEquals(0, r.status, r.err + r.out);
    assertTrue(r.out.contains("PASSED"), r.out);
  }

  @Test
  void withoutThePluginTheCellIsUnknown() {
    MainTest.run("summary", DIR.resolve("k3.keras").toString()).assertOneLineError(1, "MinimalRNNCell");
  }

  @Test
  void badPluginArgumentsAreNamed() throws IOException {
    String model = DIR.resolve("k3.keras").toString();
    Path missing = tmp.resolve("missing.jar");
    MainTest.run("summary", model, "--plugin", missing.toString())
        .assertOneLineError(1, "plugin file not found", missing.toString());
    Path text = tmp.resolve("notes.jar");
    Files.writeString(text, "not a jar");
    MainTest.run("summary", model, "--plugin", text.toString())
        .assertOneLineError(1, text.toString(), "not a kerasj plugin: not a jar file");
    Path bare = buildJar(tmp, "Bare", "MinimalRNNCell", false);
    MainTest.run("summary", model, "--plugin", bare.toString())
        .assertOneLineError(1, bare.toString(), "not a kerasj plugin: the jar has no " + SERVICE);
    // verify reports what stops it from deciding with status 2.
    MainTest.run("verify", model, "--vectors", model, "--plugin", bare.toString()).assertOneLineError(2, SERVICE);
  }

  @Test
  void pluginsAreRepeatableAndConflictsNameBothJars() throws IOException {
    Path other = buildJar(tmp, "Other", "SomeOtherCell", true);
    MainTest.Result r = MainTest.run("summary", DIR.resolve("k3.keras").toString(), "--plugin", other.toString(),
        "--plugin", pluginJar().toString());
    assertEquals(0, r.status, r.err);
    Path rival = buildJar(tmp, "Rival", "MinimalRNNCell", true);
    MainTest.run("summary", DIR.resolve("k3.keras").toString(), "--plugin", pluginJar().toString(), "--plugin",
        rival.toString()).assertOneLineError(1, "test.plugin.MinimalRnn (from " + pluginJar() + ")",
        "test.plugin.Rival (from " + rival + ")", "both register cell class 'MinimalRNNCell'");
  }

  @Test
  void helpNamesThePluginOption() {
    MainTest.Result r = MainTest.run("--help");
    assertTrue(r.out.contains("--plugin JAR"), r.out);
    assertTrue(r.out.contains("--chunk-steps T"), r.out);
  }
}
