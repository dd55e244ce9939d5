package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors of kerasj-runtime and kerasj-loader, used the way a modular application
 * uses them: an application module that {@code requires io.kerasj.loader} compiles, loads the
 * notebook's LSTM from a {@code .keras} file and reproduces TensorFlow's output on the module path,
 * on the scalar kernels and with {@code --add-modules jdk.incubator.vector}; and code that names
 * an internal package does not compile.
 */
class ModulePathTest {
  /** The jars (or class directories) of the two modules and of what they require at run time. */
  private static final Pattern MODULE_PATH_ENTRY = Pattern.compile(
      ".*(runtime|loader)[/\\\\]target[/\\\\]classes|.*kerasj-(runtime|loader)-[^/\\\\]*\\.jar"
          + "|.*[/\\\\](gson|jhdf|commons-lang3|lz4-java|compress-lzf|slf4j-api|slf4j-nop)-[^/\\\\]*\\.jar");

  @TempDir static Path dir;
  private static String modulePath;

  @BeforeAll
  static void modulePath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (MODULE_PATH_ENTRY.matcher(e).matches()) {
        entries.add(e);
      }
    }
    assertTrue(entries.stream().anyMatch(e -> e.contains("runtime")), "runtime not on the class path: " + entries);
    assertTrue(entries.stream().anyMatch(e -> e.contains("loader")), "loader not on the class path: " + entries);
    modulePath = String.join(File.pathSeparator, entries);
  }

  @Test
  void anApplicationModuleLoadsAndPredictsOnBothKernelPaths() throws Exception {
    Path src = dir.resolve("app-src");
    Path out = dir.resolve("app-classes");
    write(src.resolve("module-info.java"), "module app { requires io.kerasj.loader; }");
    write(src.resolve("app/Main.java"), String.join("\n",
        "package app;",
        "import io.kerasj.Model;",
        "import io.kerasj.Tensor;",
        "import io.kerasj.loader.KerasModels;",
        "import io.kerasj.loader.Npy;",
        "import java.nio.file.Path;",
        "public class Main {",
        "  public static void main(String[] a) throws Exception {",
        "    Model m = KerasModels.load(Path.of(a[0]));",
        "    float[] y = m.predict(Npy.read(Path.of(a[1]))).data();",
        "    float[] want = Npy.read(Path.of(a[2])).data();",
        "    double worst = 0;",
        "    for (int i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - want[i]));",
        "    var vector = ModuleLayer.boot().findModule(\"jdk.incubator.vector\");",
        "    boolean readsVector = vector.isPresent() && Model.class.getModule().canRead(vector.get());",
        "    System.out.println(\"module=\" + Model.class.getModule().getName() + \" n=\" + y.length",
        "        + \" maxabs=\" + worst + \" readsVector=\" + readsVector);",
        "  }",
        "}"));
    Diagnostics d = compile(src, out);
    assertTrue(d.ok, d.text);

    Path fixtures = Path.of("src/test/resources/fixtures").toAbsolutePath();
    String model = fixtures.resolve("lstm/k3.keras").toString();
    String x = fixtures.resolve("inputs/len7_small.npy").toString();
    String want = fixtures.resolve("lstm/expected_k3_len7_small.npy").toString();

    String scalar = run(List.of("--module-path", out + File.pathSeparator + modulePath, "-m", "app/app.Main",
        model, x, want));
    assertTrue(scalar.contains("module=io.kerasj.runtime"), scalar);
    assertTrue(scalar.contains("readsVector=false"), scalar);
    assertTrue(maxAbs(scalar) <= 1e-5, scalar);

    String vector = run(List.of("--add-modules", "jdk.incubator.vector",
        "--module-path", out + File.pathSeparator + modulePath, "-m", "app/app.Main", model, x, want));
    assertTrue(vector.contains("readsVector=true"), "the Vector API kernels were not picked: " + vector);
    assertTrue(maxAbs(vector) <= 1e-5, vector);
  }

  @Test
  void internalPackagesAreNotExported() throws Exception {
    for (String internal : List.of("io.kerasj.internal.Buffers", "io.kerasj.internal.vectorization.Kernels",
        "io.kerasj.loader.layers.Builtins")) {
      Path src = dir.resolve("bad-" + internal);
      write(src.resolve("module-info.java"), "module bad { requires io.kerasj.loader; }");
      write(src.resolve("bad/Use.java"), "package bad; class Use { Object o = " + internal + ".class; }");
      Diagnostics d = compile(src, dir.resolve("bad-classes-" + internal));
      assertFalse(d.ok, internal + " compiled from another module");
      assertTrue(d.text.contains("is not visible") || d.text.contains("does not export"), d.text);
    }
  }

  private record Diagnostics(boolean ok, String text) {}

  private static Diagnostics compile(Path src, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<File> files;
    try (var walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).collect(Collectors.toList());
    }
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(null, fm, diagnostics,
          List.of("-proc:none", "-d", out.toString(), "--module-path", modulePath), null,
          fm.getJavaFileObjectsFromFiles(files)).call();
      return new Diagnostics(ok, diagnostics.getDiagnostics().toString());
    }
  }

  private static String run(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
    assertEquals(0, p.exitValue(), cmd + "\n" + output);
    return output;
  }

  private static double maxAbs(String output) {
    var m = Pattern.compile("maxabs=([0-9.eE-]+)").matcher(output);
    assertTrue(m.find(), output);
    return Double.parseDouble(m.group(1));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
