package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path the loader opens must be a regular file: a named pipe used to block forever, a device
 * never ends, and a symbolic-link loop was reported as "not found".
 */
class InputFilesTest {
  @TempDir
  Path dir;

  /** Every public way the loader opens a file, each given {@code p}. */
  static List<Executable> opens(Path p, Path goodModel) {
    return List.of(
        () -> KerasModels.load(p),
        () -> KerasModels.load(p, goodModel),
        () -> KerasModels.load(goodModel, p),
        () -> KerasModels.load(goodModel, LoadOptions.defaults().withTestVector(p)),
        () -> Npy.read(p),
        () -> NpyReader.open(p).close(),
        () -> Npz.read(p),
        () -> TestVector.read(p));
  }

  Path model() throws IOException {
    return Files.write(dir.resolve("good.keras"), TestZips.resource("KerasArchiveFuzzTestInputs/fuzz/seed_act_relu.keras"));
  }

  private void allRefuse(Path p, Class<? extends IOException> type, String... parts) throws IOException {
    Path good = model();
    for (Executable open : opens(p, good)) {
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(type, open));
      assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
      for (String s : parts) {
        assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
      }
    }
  }

  @Test
  void aNamedPipeIsRefusedInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("model.fifo");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("InputFilesTest: skipped, mkfifo is not available here (" + e.getMessage() + ")");
      throw Assumptions.<RuntimeException>abort("mkfifo is not available: " + e.getMessage());
    }
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    allRefuse(fifo, FileSystemException.class, "is a named pipe (FIFO), not a regular file");
  }

  @Test
  void aDeviceIsRefusedBeforeItIsRead() throws Exception {
    Path zero = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero on this system");
    allRefuse(zero, FileSystemException.class, "is a character device, not a regular file");
  }

  @Test
  void aSymbolicLinkLoopCannotBeResolved() throws Exception {
    Path a = dir.resolve("a.keras");
    Path b = dir.resolve("b.keras");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    allRefuse(a, FileSystemException.class, "cannot be resolved: a loop of symbolic links");
  }

  @Test
  void aDanglingLinkAndAMissingFileAreNotFound() throws Exception {
    Path link = dir.resolve("link.keras");
    Files.createSymbolicLink(link, dir.resolve("nowhere.keras"));
    allRefuse(link, NoSuchFileException.class, "is a symbolic link to", "nowhere.keras", "which does not exist");
    allRefuse(dir.resolve("missing.keras"), NoSuchFileException.class, "file not found");
  }

  @Test
  void aPathThroughAFileIsNotCalledALoop() throws Exception {
    // ENOTDIR: JDK 17 reports it as a FileSystemException, JDK 25 as NoSuchFileException.
    Path p = model().resolve("x.keras");
    for (Executable open : opens(p, model())) {
      IOException e = assertThrows(IOException.class, open);
      assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
      assertTrue(!e.getMessage().contains("loop"), e.getMessage());
    }
  }

  @Test
  void aDirectoryIsNotAFile() throws Exception {
    allRefuse(Files.createDirectory(dir.resolve("d.keras")), FileSystemException.class, "is a directory");
  }

  @Test
  void aSymbolicLinkToARegularFileIsFollowed() throws Exception {
    Path link = dir.resolve("link.keras");
    Files.createSymbolicLink(link, model());
    assertEquals(KerasModels.load(model()).name(), KerasModels.load(link).name());
    assertEquals(Files.size(model()), InputFiles.requireRegularFile(link, "model"));
  }
}
