package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes Keras 3 {@code .keras} zip archives, seeded with the committed fixtures. Regression inputs
 * live in {@code KerasArchiveFuzzTestInputs}.
 */
class KerasArchiveFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) {
    // From a path too (the file is mapped): the same outcome as from bytes.
    FuzzSupport.checkBytesAndPath(data, "<bytes>", () -> KerasModels.load(data, FuzzSupport.OPTIONS),
        p -> KerasModels.load(p[0], FuzzSupport.OPTIONS));
  }
}
