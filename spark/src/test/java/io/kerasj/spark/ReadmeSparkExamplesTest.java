package io.kerasj.spark;

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
 * Compiles the README's kerasj-spark examples (the {@code java} blocks that import
 * {@code io.kerasj.spark}) against this module and Spark, so that they keep naming real classes
 * and methods. The other README blocks are compiled by compat-tests' {@code ReadmeExamplesTest}.
 * Variables the snippets use without declaring ({@code spark}, {@code prepare}, {@code train})
 * become parameters of the generated method.
 */
class ReadmeSparkExamplesTest {
  private static final String[][] CONTEXT = {
      {"org.apache.spark.sql.SparkSession", "spark"},
      {"org.apache.spark.ml.PipelineStage", "prepare"},
      {"org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>", "train"}};

  @Test
  void everySparkBlockInTheReadmeCompiles() throws IOException {
    String markdown = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<JavaFileObject> units = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^```java\\s*\\n(.*?)^```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      if (m.group(1).contains("import io.kerasj.spark.")) {
        units.add(unit("ReadmeSparkBlock" + (units.size() + 1), m.group(1)));
      }
    }
    assertFalse(units.isEmpty(), "README.md has no java block importing io.kerasj.spark");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("readme-spark-examples");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = List.of("-proc:none", "-d", out.toString(),
        "-classpath", System.getProperty("java.class.path"));
    boolean ok = javac.getTask(null, null, diagnostics, options, null, units).call();
    StringBuilder errors = new StringBuilder();
    diagnostics.getDiagnostics().forEach(d -> errors.append(d).append('\n'));
    assertTrue(ok, "README.md Spark blocks do not compile:\n" + errors);
  }

  private static JavaFileObject unit(String className, String block) {
    Set<String> imports = new LinkedHashSet<>(List.of(
        "import org.apache.spark.ml.*;", "import org.apache.spark.sql.*;", "import java.util.*;"));
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
      boolean declared = Pattern.compile("\\b\\w+(<[^>]*>)?\\s+" + v[1] + "\\s*=").matcher(body).find();
      if (used && !declared) {
        params.add(v[0] + " " + v[1]);
      }
    }
    String src = String.join("\n", imports) + "\n\nclass " + className + " {\n"
        + "  static void example(" + String.join(", ", params) + ") throws Exception {\n"
        + body + "  }\n}\n";
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return src;
      }
    };
  }
}
