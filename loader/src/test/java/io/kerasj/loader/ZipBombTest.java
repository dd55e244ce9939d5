package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasjException;
import io.kerasj.ModelFormatException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip bombs of issue 10, made here (a few MB each, in milliseconds): each is refused by a
 * kerasj limit before the memory it would take is allocated, with the default options, and in a
 * JVM whose whole heap is smaller than the bomb.
 */
class ZipBombTest {
  static final long GIB = 1L << 30;

  /** The base archive with {@code name}'s entry replaced by a deflated bomb declaring {@code declared} bytes. */
  static byte[] bomb(String name, byte[] prefix, byte fill, int mib, long declared, boolean crcOfPrefix)
      throws IOException {
    List<TestZips.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : TestZips.base().entrySet()) {
      if (e.getKey().equals(name)) {
        entries.add(new TestZips.Entry(name, TestZips.deflateBomb(prefix, fill, mib), 8,
            crcOfPrefix ? TestZips.crc(prefix) : 0, declared));
      } else {
        entries.add(TestZips.Entry.stored(e.getKey(), e.getValue()));
      }
    }
    return TestZips.zip(entries);
  }

  static byte[] config() throws IOException {
    return TestZips.base().get("config.json");
  }

  /** config.json: the real config, then 3 GiB of spaces (valid JSON); 3 MB on disk, sizes honest. */
  static byte[] configBomb() throws IOException {
    return bomb("config.json", config(), (byte) ' ', 3 << 10, config().length + 3 * GIB, false);
  }

  /** model.weights.h5 inflating to 2 GiB of zeros, sizes honest. */
  static byte[] weightsBomb() throws IOException {
    return bomb("model.weights.h5", new byte[0], (byte) 0, 2 << 10, 2 * GIB, false);
  }

  /** config.json declaring 2,900 bytes (with their CRC) that inflates to 600 MiB. */
  static byte[] lyingBomb() throws IOException {
    byte[] prefix = Arrays.copyOf(config(), 2900);
    Arrays.fill(prefix, config().length, prefix.length, (byte) ' ');
    return bomb("config.json", prefix, (byte) ' ', 600, prefix.length, true);
  }

  @Test
  void theBombGeneratorMakesWhatItSays() throws Exception {
    byte[] prefix = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] stream = TestZips.deflateBomb(prefix, (byte) 7, 5);
    Inflater inf = new Inflater(true);
    inf.setInput(stream);
    byte[] buf = new byte[1 << 16];
    long n = 0;
    boolean tail = true;
    while (!inf.finished()) {
      int k = inf.inflate(buf);
      for (int i = 0; i < k; i++) {
        long at = n + i;
        tail &= at < 3 ? buf[i] == prefix[(int) at] : buf[i] == 7;
      }
      n += k;
      assertTrue(k > 0 || !inf.needsInput(), "stream ended early at " + n);
    }
    inf.end();
    assertEquals(3 + (5L << 20), n);
    assertTrue(tail);
    assertTrue(stream.length < 8_000, "about 1 KB per MiB: " + stream.length);
  }

  @Test
  void bombsAreRefusedByTheLimitsWithTheDefaults() throws Exception {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      byte[] c = configBomb();
      assertTrue(c.length < 4 << 20, "3 GiB in " + c.length + " bytes");
      fails(c, "<bytes>!config.json", "entry of " + (config().length + 3 * GIB) + " bytes", "LoadOptions.withMaxConfigBytes");
      fails(weightsBomb(), "<bytes>!model.weights.h5", "entry of 2147483648 bytes",
          LoadOptions.defaults().maxZipEntryBytes() < ZipArchive.MAX_ARRAY ? "LoadOptions.withMaxZipEntryBytes"
              : "largest Java array");
      fails(lyingBomb(), "<bytes>!config.json", "holds more than the 2900 bytes the central directory declares");
    });
  }

  @Test
  void theLyingBombIsRefusedEvenWhenItsSizeIsWithinEveryLimit() throws Exception {
    LoadOptions generous = LoadOptions.defaults().withMaxConfigBytes(GIB).withMaxZipTotalBytes(4 * GIB);
    fails(lyingBomb(), generous, "holds more than the 2900 bytes");
  }

  private static void fails(byte[] archive, String... parts) {
    fails(archive, LoadOptions.defaults(), parts);
  }

  private static void fails(byte[] archive, LoadOptions options, String... parts) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(archive, options));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }
    assertTrue(!(e instanceof Safety.Unanticipated), e.getMessage());
  }

  @Test
  void anEndlessStreamHitsTheByteLimit() throws Exception {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero on this system");
    try (InputStream in = new FileInputStream(zero.toFile())) {
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> KerasModels.load(in, LoadOptions.defaults().withMaxBytes(8 << 20)));
      assertTrue(e.getMessage().contains("<stream>: more than the limit of 8388608 bytes (LoadOptions.withMaxBytes)"),
          e.getMessage());
    }
  }

  /**
   * The defaults fit the heap: in a JVM of 64 MiB, where a 600 MiB, 2 GiB or 3 GiB allocation is
   * impossible, every bomb and {@code /dev/zero} are refused by a kerasj limit, and a real model
   * still loads.
   */
  @Test
  void inA64MibHeapEveryBombIsRefusedByALimit(@TempDir Path dir) throws Exception {
    Path config = Files.write(dir.resolve("config_bomb.keras"), configBomb());
    Path weights = Files.write(dir.resolve("weights_bomb.keras"), weightsBomb());
    Path lying = Files.write(dir.resolve("lying_bomb.keras"), lyingBomb());
    Path good = Files.write(dir.resolve("good.keras"), TestZips.resource("KerasArchiveFuzzTestInputs/fuzz/seed_act_relu.keras"));
    String text = ChildJvm.run(60, List.of("-Xmx64m"), SmallHeap.class, good.toString(), config.toString(),
        weights.toString(), lying.toString());
    String[] lines = text.strip().split("\n");
    assertEquals(6, lines.length, text);
    assertTrue(lines[0].startsWith("heap ") && Long.parseLong(lines[0].substring(5).strip()) <= 80L << 20, text);
    assertTrue(lines[1].startsWith("loaded "), text);
    assertTrue(lines[2].contains("ModelFormatException") && lines[2].contains("LoadOptions.withMaxConfigBytes"), text);
    assertTrue(lines[3].contains("ModelFormatException") && lines[3].contains("LoadOptions.withMaxZipEntryBytes"), text);
    assertTrue(lines[4].contains("ModelFormatException") && lines[4].contains("holds more than the 2900 bytes"), text);
    assertTrue(lines[5].contains("ModelFormatException") && lines[5].contains("LoadOptions.withMaxBytes"), text);
  }

  /** The child JVM of {@link #inA64MibHeapEveryBombIsRefusedByALimit}: one line per load. */
  static final class SmallHeap {
    public static void main(String[] args) throws Exception {
      System.out.println("heap " + Runtime.getRuntime().maxMemory());
      for (int i = 0; i < args.length; i++) {
        System.out.println(attempt(Path.of(args[i]), null));
      }
      try (InputStream zero = new FileInputStream("/dev/zero")) {
        System.out.println(attempt(null, zero));
      }
    }

    private static String attempt(Path file, InputStream in) {
      try {
        io.kerasj.Model m = file != null ? KerasModels.load(file) : KerasModels.load(in);
        return "loaded " + m.name();
      } catch (KerasjException | IOException | OutOfMemoryError e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  @Test
  void honestArchivesStillLoadThroughTheNewReader() throws Exception {
    // Deflated entries, read through the inflating path, give the same model as the stored fixture.
    List<TestZips.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : TestZips.base().entrySet()) {
      java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
      d.setInput(e.getValue());
      d.finish();
      byte[] buf = new byte[e.getValue().length + 64];
      int n = d.deflate(buf);
      d.end();
      entries.add(new TestZips.Entry(e.getKey(), Arrays.copyOf(buf, n), 8, TestZips.crc(e.getValue()),
          e.getValue().length));
    }
    io.kerasj.Model deflated = KerasModels.load(TestZips.zip(entries));
    io.kerasj.Model stored = KerasModels.load(TestZips.resource("KerasArchiveFuzzTestInputs/fuzz/seed_act_relu.keras"));
    io.kerasj.Tensor x = FuzzSupport.smallInput(stored.inputShape());
    assertNotNull(x);
    assertArrayEquals(stored.predict(x).data(), deflated.predict(x).data());
  }
}
