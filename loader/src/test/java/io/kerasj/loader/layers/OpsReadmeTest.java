package io.kerasj.loader.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's list of supported op nodes and op layers is the registry's: every Keras 3 op and every
 * TensorFlow function the loader builds is listed, and nothing else.
 */
class OpsReadmeTest {
  private static final Pattern NAME = Pattern.compile("`([^`]+)`");

  @Test
  void readmeListsExactlyTheRegisteredOps() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int begin = readme.indexOf("<!-- ops:begin");
    int end = readme.indexOf("<!-- ops:end -->");
    assertTrue(begin >= 0 && end > begin, "README.md has no <!-- ops:begin --> … <!-- ops:end --> list");
    Set<String> ops = new TreeSet<>();
    Set<String> functions = new TreeSet<>();
    for (String line : readme.substring(begin, end).split("\n")) {
      Matcher m = NAME.matcher(line);
      if (line.startsWith("- Keras 3 ") && m.find()) {
        String module = m.group(1);
        while (m.find()) {
          ops.add(module + "." + m.group(1));
        }
      } else if (line.startsWith("- tf-keras ") && m.find()) { // the first name is the layer class
        while (m.find()) {
          functions.add(m.group(1));
        }
      }
    }
    assertEquals(new TreeSet<>(Builtins.OPS.keySet()), ops, "README's Keras 3 op nodes");
    assertEquals(new TreeSet<>(Builtins.TF_FUNCTIONS), functions, "README's tf-keras op layer functions");
  }
}
