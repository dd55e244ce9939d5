package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes weights-only HDF5 files ({@code save_weights}, Keras 2 and Keras 3 layouts) against fixed,
 * valid configs of the notebook's LSTM model, seeded with the committed weights files.
 */
class WeightsHdf5FuzzTest {
  private static final byte[] K2_CONFIG = FuzzSupport.resource("lstm_k2_model.json");
  private static final byte[] K3_CONFIG = FuzzSupport.resource("lstm_k3_model.json");

  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] weights) {
    // From paths too (the weights file is mapped): the same outcome as from bytes.
    String[] labels = {"<config bytes>", "<weights bytes>"};
    FuzzSupport.checkBytesAndPaths(new byte[][] {K2_CONFIG, weights}, labels,
        () -> KerasModels.load(K2_CONFIG, weights, FuzzSupport.OPTIONS),
        p -> KerasModels.load(p[0], p[1], FuzzSupport.OPTIONS));
    FuzzSupport.checkBytesAndPaths(new byte[][] {K3_CONFIG, weights}, labels,
        () -> KerasModels.load(K3_CONFIG, weights, FuzzSupport.OPTIONS),
        p -> KerasModels.load(p[0], p[1], FuzzSupport.OPTIONS));
  }
}
