package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ModelFormatException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files read from a path are mapped, not copied to the heap (issue 12); what that changes, and what it must not. */
class MappedSourceTest {
  private static final String SEED = "KerasArchiveFuzzTestInputs/fuzz/seed_act_relu.keras";

  @Test
  void aPathIsMappedAndReadsAsItsBytes(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Source.MAP_FILES, "files are not mapped on this platform");
    byte[] bytes = TestZips.resource(SEED);
    Path f = Files.write(dir.resolve("m.keras"), bytes);
    Source s = Source.of(f, "model", LoadOptions.defaults());
    assertTrue(s.isMapped());
    assertArrayEquals(bytes, s.bytes());
    assertTrue(s.isZip() && s.endsLikeZip() && !s.isHdf5() && !s.isJson());
    // The file is closed once mapped: it can be deleted while the mapping lives.
    Files.delete(f);
    assertArrayEquals(bytes, s.bytes());
  }

  @Test
  void theHeapCutOfTheDefaultLimitDoesNotApplyToAMappedFileButAnExplicitLimitDoes(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(Source.MAP_FILES, "files are not mapped on this platform");
    Path f = Files.write(dir.resolve("m.keras"), TestZips.resource(SEED));
    LoadOptions small = LoadOptions.defaults().withMaxBytes(100);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(f, small));
    assertTrue(e.getMessage().contains("more than the limit of 100 (LoadOptions.withMaxBytes)"), e.getMessage());
    assertTrue(LoadOptions.defaults().maxMappedBytes() == LoadOptions.DEFAULT_MAX_BYTES);
    assertTrue(small.maxMappedBytes() == 100 && small.maxMappedZipEntryBytes() == 100);
  }

  @Test
  void aFileTruncatedWhileMappedIsRefusedByName(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Source.MAP_FILES, "files are not mapped on this platform");
    Path f = Files.write(dir.resolve("m.keras"), TestZips.resource(SEED));
    Source s = Source.of(f, "model", LoadOptions.defaults());
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    // The pages beyond the new end fault: an InternalError from the JVM, reported by name.
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> Loader.load(s, null, LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("truncated or replaced while it was loaded"), e.getMessage());
    assertFalse(e instanceof Safety.Unanticipated, e.getMessage());
  }
}
