package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes Keras 3 {@code .keras} zip archives, seeded with the committed fixtures. Regression inputs
 * live in {@code KerasArchiveFuzzTestInputs}.
 */
class KerasArchiveFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) {
    FuzzSupport.check(() -> KerasModels.load(data, FuzzSupport.OPTIONS));
  }
}
