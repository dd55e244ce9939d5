package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes full-model HDF5 files ({@code model.save("m.h5")}, Keras 2 and Keras 3 legacy), seeded
 * with the committed TensorFlow fixtures. Regression inputs live in {@code FullHdf5FuzzTestInputs}.
 */
class FullHdf5FuzzTest {
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) {
    // From a path too (the file is mapped): the same outcome as from bytes.
    FuzzSupport.checkBytesAndPath(data, "<bytes>", () -> KerasModels.load(data, FuzzSupport.OPTIONS),
        p -> KerasModels.load(p[0], FuzzSupport.OPTIONS));
  }
}
