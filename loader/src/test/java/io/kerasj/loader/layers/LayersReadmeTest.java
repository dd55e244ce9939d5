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
 * README's "Supported layers" section (its table and the op layers after it) names every layer and
 * cell class the loader registers, and
 * every class name it puts in code font in its first column is registered: the table cannot claim
 * a layer kerasj refuses, nor leave out one it builds.
 */
class LayersReadmeTest {
  // `MaxPooling1D/2D/3D` stands for three classes.
  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*?)([123]D)((?:/[123]D)*)`|`([A-Z][A-Za-z0-9]*)[`(]");

  @Test
  void theLayerTableIsTheRegistry() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int begin = readme.indexOf("## Supported layers");
    int end = readme.indexOf("### Streaming and stateful models");
    assertTrue(begin >= 0 && end > begin, "README.md has no 'Supported layers' section before 'Streaming and stateful models'");
    Set<String> mentioned = new TreeSet<>();
    Set<String> firstColumn = new TreeSet<>();
    for (String line : readme.substring(begin, end).split("\n")) {
      names(line, mentioned);
      if (!line.startsWith("| ") || line.startsWith("| Keras |")) {
        continue;
      }
      names(line.substring(2, line.indexOf(" |", 1)), firstColumn);
    }
    Set<String> registered = new TreeSet<>(Builtins.LAYERS.keySet());
    registered.addAll(Builtins.CELLS.keySet());
    Set<String> missing = new TreeSet<>(registered);
    missing.removeAll(mentioned);
    assertEquals(Set.of(), missing, "registered layers and cells that README's layer table does not name");
    Set<String> unknown = new TreeSet<>(firstColumn);
    unknown.removeAll(registered);
    assertEquals(Set.of(), unknown, "names in the first column of README's layer table that are not registered");
  }

  private static void names(String text, Set<String> into) {
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      if (m.group(4) != null) {
        into.add(m.group(4));
      } else {
        into.add(m.group(1) + m.group(2));
        for (String d : m.group(3).split("/")) {
          if (!d.isEmpty()) {
            into.add(m.group(1) + d);
          }
        }
      }
    }
  }
}
