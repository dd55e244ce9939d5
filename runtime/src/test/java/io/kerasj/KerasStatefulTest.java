package io.kerasj;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.activations.Activation;
import io.kerasj.layers.ModelLayer;
import io.kerasj.layers.core.Dense;
import io.kerasj.layers.rnn.Bidirectional;
import io.kerasj.layers.rnn.LSTMCell;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.TimeDistributed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Model#isKerasStateful()}: Keras' {@code stateful=True} found wherever the recurrent layer sits. */
class KerasStatefulTest {
  private static RNN lstm(String name, boolean stateful) {
    int in = 1;
    int u = 3;
    LSTMCell cell = new LSTMCell(name, in, u, new float[in * 4 * u], new float[u * 4 * u], new float[4 * u],
        Activation.TANH, Activation.SIGMOID);
    return new RNN(name, "LSTM", cell, RNN.Options.defaults().returnSequences(true).stateful(stateful));
  }

  private static Model sequential(io.kerasj.layers.Layer... layers) {
    return new Model("m", new int[] {-1, -1, 1}, List.of(layers));
  }

  @Test
  void recurrentLayersAreNotKerasStatefulByDefault() {
    Model m = sequential(lstm("a", false));
    assertFalse(m.isKerasStateful());
    assertTrue(m.layers().get(0).isStateful(), "every recurrent layer carries a stream's state");
  }

  @Test
  void aStatefulLayerIsFoundDirectlyInsideBidirectionalAndInsideANestedModel() {
    assertTrue(sequential(lstm("a", true)).isKerasStateful());
    assertTrue(sequential(new Bidirectional("bi", lstm("f", true), lstm("b", true),
        Bidirectional.MergeMode.CONCAT)).isKerasStateful());
    assertFalse(sequential(new Bidirectional("bi", lstm("f", false), lstm("b", false),
        Bidirectional.MergeMode.CONCAT)).isKerasStateful());
    assertTrue(sequential(new ModelLayer(sequential(lstm("inner", true)))).isKerasStateful());
    Dense d = new Dense("d", 1, 1, new float[1], new float[1], Activation.LINEAR);
    assertFalse(sequential(new TimeDistributed("td", d)).isKerasStateful());
  }
}
