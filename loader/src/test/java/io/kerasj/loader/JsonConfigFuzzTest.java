package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@code to_json()} model configs against fixed, valid weights files (the notebook's LSTM
 * model in the Keras 2 and Keras 3 layouts), seeded with the committed configs.
 */
class JsonConfigFuzzTest {
  private static final byte[] K2_WEIGHTS = FuzzSupport.resource("lstm_k2_weights.h5");
  private static final byte[] K3_WEIGHTS = FuzzSupport.resource("lstm_k3.weights.h5");

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"\"class_name\"", "\"config\"", "\"layers\"", "\"units\"", "\"Sequential\"", "\"LSTM\"",
      "\"GRU\"", "\"SimpleRNN\"", "\"RNN\"", "\"Dense\"", "\"TimeDistributed\"", "\"LayerNormalization\"",
      "\"Dropout\"", "\"InputLayer\"", "\"cell\"", "\"layer\"", "\"Lambda\"", "\"__lambda__\"", "\"function_type\"",
      "\"batch_input_shape\"", "\"batch_shape\"", "\"build_input_shape\"", "\"input_shape\"", "\"return_sequences\"",
      "\"activation\"", "\"reset_after\"", "\"use_bias\"", "\"registered_name\"", "\"module\"", "\"dtype\"",
      "\"keras_version\"", "\"Functional\"", "\"Model\"", "\"inbound_nodes\"", "NaN", "Infinity", "null", "true",
      "2147483647", "-1"})
  void fuzz(byte[] json) {
    FuzzSupport.check(() -> KerasModels.load(json, K2_WEIGHTS, FuzzSupport.OPTIONS));
    FuzzSupport.check(() -> KerasModels.load(json, K3_WEIGHTS, FuzzSupport.OPTIONS));
  }
}
