package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles every {@code java} code block of README.md against the modules' classes, so that the
 * examples users copy keep naming real packages, classes and methods.
 *
 * <p>A block is a snippet: its {@code import} lines become the compilation unit's imports (plus
 * {@code java.nio.file.*} and {@code java.util.*}, which the README leaves out), the rest becomes a
 * method body. Variables a snippet uses without declaring ({@code model}, {@code path}, stream
 * chunks) are the method's parameters; {@code MyApp} stands for the user's own class.
 *
 * <p>Blocks that import {@code io.kerasj.spark} need Spark on the class path: kerasj-spark's
 * {@code ReadmeSparkExamplesTest} compiles those, and this test leaves them out.
 */
class ReadmeExamplesTest {
  /** Free variables snippets may use, with their types. */
  private static final String[][] CONTEXT = {
      {"Model", "model"}, {"Path", "path"}, {"Tensor", "firstChunk"}, {"Tensor", "nextChunk"}};

  @Test
  void everyJavaBlockInTheReadmeCompiles() throws IOException {
    Path readme = Path.of("..", "README.md");
    List<String> blocks = new ArrayList<>(javaBlocks(Files.readString(readme, StandardCharsets.UTF_8)));
    blocks.removeIf(ReadmeExamplesTest::needsSpark);
    assertFalse(blocks.isEmpty(), "README.md has no ```java blocks");
    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      units.add(unit("ReadmeBlock" + (i + 1), blocks.get(i)));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("readme-examples");
    List<String> options = List.of("-proc:none", "-d", out.toString(),
        "-classpath", System.getProperty("java.class.path"));
    boolean ok = javac.getTask(null, null, diagnostics, options, null, units).call();
    StringBuilder errors = new StringBuilder();
    diagnostics.getDiagnostics().forEach(d -> errors.append(d).append('\n'));
    assertTrue(ok, "README.md java blocks do not compile:\n" + errors);
  }

  @Test
  void snippetsAreSplitIntoImportsAndBody() {
    List<String> blocks = javaBlocks("text\n```java\nimport a.B;\nB b = null;\n```\nmore\n```sh\nls\n```\n");
    assertEquals(List.of("import a.B;\nB b = null;\n"), blocks);
  }

  /** Whether a README block is a kerasj-spark example (compiled by that module's tests). */
  static boolean needsSpark(String block) {
    return block.contains("import io.kerasj.spark.");
  }

  @Test
  void sparkBlocksAreRecognisedByTheirImport() {
    assertTrue(needsSpark("import io.kerasj.spark.KerasModel;\nKerasModel m = null;\n"));
    assertFalse(needsSpark("import io.kerasj.Model;\n// runs on Spark too\n"));
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^```java\\s*\\n(.*?)^```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static JavaFileObject unit(String className, String block) {
    Set<String> imports = new LinkedHashSet<>(List.of("import java.nio.file.*;", "import java.util.*;"));
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      if (line.startsWith("import ")) {
        imports.add(line.trim());
      } else {
        body.append("    ").append(line).append('\n');
      }
    }
    List<String> params = new ArrayList<>();
    for (String[] v : CONTEXT) {
      boolean used = Pattern.compile("\\b" + v[1] + "\\b").matcher(body).find();
      boolean declared = Pattern.compile("\\b\\w+(<[^>]*>)?(\\[\\])*\\s+" + v[1] + "\\s*=").matcher(body).find();
      if (used && !declared) {
        params.add((v[0].equals("Path") ? "java.nio.file.Path" : "io.kerasj." + v[0]) + " " + v[1]);
      }
    }
    String src = String.join("\n", imports) + "\n\n"
        + "class " + className + " {\n"
        + "  static class MyApp {}\n"
        + "  static void example(" + String.join(", ", params) + ") throws Exception {\n"
        + body
        + "  }\n"
        + "}\n";
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return src;
      }
    };
  }
}
