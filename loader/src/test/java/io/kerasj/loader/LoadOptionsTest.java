package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The limits: documented defaults, independent setters, and refusal of non-positive values. */
class LoadOptionsTest {
  @Test
  void defaults() {
    LoadOptions d = LoadOptions.defaults();
    // The byte limits fit the heap, so that what they refuse is refused before the JVM runs out.
    long heap = Runtime.getRuntime().maxMemory();
    assertEquals(Math.min(2L << 30, heap / 4), d.maxBytes());
    assertEquals(1000, d.maxZipEntries());
    assertEquals(Math.min(2L << 30, heap / 4), d.maxZipEntryBytes());
    assertEquals(Math.min(4L << 30, heap / 2), d.maxZipTotalBytes());
    assertEquals(Math.min(8L << 20, heap / 128), d.maxConfigBytes());
    assertEquals(1L << 28, d.maxWeightElements());
    assertEquals(1L << 29, d.maxTotalWeightElements());
    assertEquals(255, d.maxJsonDepth());
    assertSame(CustomObjects.defaults(), d.customObjects());
  }

  @Test
  void settersChangeOnlyTheirLimit() {
    LoadOptions o = LoadOptions.defaults().withMaxZipEntries(7).withMaxZipTotalBytes(99).withMaxWeightElements(5)
        .withMaxTotalWeightElements(6).withMaxJsonDepth(8).withMaxZipEntryBytes(11).withMaxConfigBytes(12)
        .withCustomObjects(CustomObjects.empty());
    assertEquals(7, o.maxZipEntries());
    assertEquals(99, o.maxZipTotalBytes());
    assertEquals(5, o.maxWeightElements());
    assertEquals(6, o.maxTotalWeightElements());
    assertEquals(8, o.maxJsonDepth());
    assertEquals(11, o.maxZipEntryBytes());
    assertEquals(12, o.maxConfigBytes());
    assertEquals(LoadOptions.defaults().maxBytes(), o.maxBytes());
    assertSame(CustomObjects.empty(), o.customObjects());
    assertTrue(o.toString().contains("maxZipEntries=7"), o.toString());
    // A smaller byte limit also caps archive entries, as the single limit it replaces did.
    assertEquals(1000, LoadOptions.defaults().withMaxBytes(1000).maxZipEntryBytes());
  }

  @Test
  void nonPositiveLimitsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.defaults().withMaxWeightElements(0));
    assertTrue(e.getMessage().contains("maxWeightElements"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMaxZipEntries(-1));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMaxJsonDepth(0));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMaxBytes(0));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMaxConfigBytes(0));
    assertThrows(NullPointerException.class, () -> LoadOptions.defaults().withCustomObjects(null));
  }
}
