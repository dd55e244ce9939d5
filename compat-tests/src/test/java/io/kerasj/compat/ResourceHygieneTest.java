package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kerasj.KerasjException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loading, whether it succeeds or fails, closes every file it opens and writes no temporary file:
 * checked on the good fixtures, on every file of the malformed corpus, and on archives over the
 * limits.
 */
class ResourceHygieneTest {
  static List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String f : List.of("lstm/k2_full.h5", "lstm/k3.keras", "ln_rnn/k3.keras", "gru/k3_legacy.h5",
        "lstm/k2_weights.h5", "lstm/k2_model.json", "inputs/len7_small.npy")) {
      out.add(CompatTest.FIXTURES.resolve(f));
    }
    try (Stream<Path> s = Files.walk(MalformedCorpusTest.M)) {
      s.filter(Files::isRegularFile).sorted().forEach(out::add);
    }
    return out;
  }

  static void loadAll(List<Path> files) throws IOException {
    LoadOptions tight = LoadOptions.defaults().withMaxZipEntryBytes(1000).withMaxBytes(30_000);
    for (Path p : files) {
      for (LoadOptions o : List.of(LoadOptions.defaults(), tight)) {
        try {
          KerasModels.load(p, o);
        } catch (KerasjException expected) {
          // failures must release their resources too
        }
      }
      try {
        KerasModels.load(CompatTest.FIXTURES.resolve("lstm/k3_model.json"), p, LoadOptions.defaults());
      } catch (KerasjException expected) {
        // idem
      }
    }
  }

  static long openFileDescriptors() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void everyFileHandleIsClosed() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux)");
    List<Path> files = files();
    loadAll(files); // warm-up: class loading opens jars once
    long before = openFileDescriptors();
    for (int i = 0; i < 5; i++) {
      loadAll(files);
    }
    long after = openFileDescriptors();
    assertTrue(after <= before + 2, "file descriptors grew from " + before + " to " + after
        + " over " + 5 * files.size() * 3 + " loads");
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    assumeTrue(tmp.endsWith("test-tmp"), "java.io.tmpdir is not the tests' own directory: " + tmp);
    Set<String> before = listing(tmp);
    loadAll(files());
    assertEquals(before, listing(tmp), "loading left files in " + tmp);
  }

  static Set<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      Set<String> out = new TreeSet<>();
      s.forEach(p -> out.add(dir.relativize(p).toString()));
      return out;
    }
  }
}
