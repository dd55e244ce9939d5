package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe as MODEL or {@code --input} used to hang the CLI forever, and a symbolic-link loop
 * was "not found": both now fail at once with one line naming the file (the loader's
 * {@code InputFiles} check).
 */
class SpecialFilesTest {
  @TempDir
  Path tmp;

  private Path fifo(String name) throws Exception {
    Path f = tmp.resolve(name);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("SpecialFilesTest: skipped, mkfifo is not available here (" + e.getMessage() + ")");
      throw Assumptions.<RuntimeException>abort("mkfifo is not available: " + e.getMessage());
    }
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return f;
  }

  @Test
  void aNamedPipeAsModelOrInputFailsAtOnce() throws Exception {
    Path pipe = fifo("pipe.keras");
    Path y = tmp.resolve("y.npy");
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      MainTest.run("summary", pipe.toString()).assertOneLineError(1, pipe.toString(), "named pipe (FIFO)");
      MainTest.run("predict", CliEndToEndTest.e2e("k3.keras").toString(), "--input", pipe.toString(), "--output",
          y.toString()).assertOneLineError(1, pipe.toString(), "input is a named pipe (FIFO)");
    });
  }

  @Test
  void aSymbolicLinkLoopCannotBeResolved() throws Exception {
    Path a = tmp.resolve("a.keras");
    Files.createSymbolicLink(a, tmp.resolve("b.keras"));
    Files.createSymbolicLink(tmp.resolve("b.keras"), a);
    MainTest.run("summary", a.toString()).assertOneLineError(1, a.toString(), "model cannot be resolved",
        "loop of symbolic links");
  }
}
