package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's class run in a JVM of its own (a heap the test chooses), on this JVM's class path, with
 * the serial collector and the scalar kernels chosen (so that the library's warning about the
 * missing Vector API module is not among the lines the test reads).
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main} with the JVM options and arguments given, and returns what it printed
   * (stdout and stderr), after asserting that it ended within the timeout with exit code 0.
   */
  static String run(int timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Dkerasj.vector=false", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "child JVM timed out");
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
