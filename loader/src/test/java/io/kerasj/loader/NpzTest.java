package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kerasj.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Npz}: the streamed writer and truncated archives. */
class NpzTest {
  @TempDir
  Path tmp;

  static Map<String, Tensor> arrays() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("output_0", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    m.put("output_1", Tensor.of(new float[] {-0.5f, 7}, 2, 1));
    return m;
  }

  @Test
  void writeFilesLaysOutWhatWriteDoes() throws IOException {
    Path whole = tmp.resolve("whole.npz");
    Npz.of(arrays(), Map.of()).write(whole);
    Map<String, Path> files = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : arrays().entrySet()) {
      Path f = tmp.resolve(e.getKey() + ".npy");
      Npy.write(f, e.getValue());
      files.put(e.getKey(), f);
    }
    Path streamed = tmp.resolve("streamed.npz");
    Npz.writeFiles(streamed, files);
    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed));
    assertEquals(arrays().keySet(), Npz.read(streamed).arrays().keySet());
  }

  /** Entries carry a fixed time, so that the same arrays written a second apart are the same bytes. */
  @Test
  void entriesCarryTheDosEpochNotTheClock() throws IOException {
    Path f = tmp.resolve("t.npz");
    Npz.of(arrays(), Map.of()).write(f);
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
      for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
        assertEquals(java.time.LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(), e.getName());
      }
    }
  }

  @Test
  void everyTruncationIsAnNpyFormatExceptionNamingTheFile() throws IOException {
    Path good = tmp.resolve("good.npz");
    Npz.of(arrays(), Map.of()).write(good);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = tmp.resolve("cut.npz");
    for (int n = 0; n < bytes.length; n++) {
      Files.write(cut, Arrays.copyOf(bytes, n));
      try {
        Npz.read(cut);
        fail("a truncation to " + n + " bytes was read");
      } catch (NpyFormatException e) {
        assertTrue(e.getMessage().contains(cut.toString()), n + ": " + e.getMessage());
      }
      // Before, java.util.zip's bare EOFException (no message) escaped for some lengths.
    }
  }
}
