package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.ConvWindow;
import org.junit.jupiter.api.Test;

/** ConvLSTM's shapes and refusals (its numbers are checked against TensorFlow by the compat suite). */
class ConvLSTMTest {
  private static ConvLSTM layer(DataFormat f, boolean sequences) {
    ConvWindow w = ConvWindow.of(Padding.VALID, new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 1});
    return new ConvLSTM("clstm", 2, 3, 4, w, f, new float[9 * 3 * 16], new float[9 * 4 * 16], new float[16],
        null, null, sequences, false);
  }

  @Test
  void outputShapesFollowKeras() {
    assertArrayEquals(new int[] {2, 4, 3, 4}, layer(DataFormat.CHANNELS_LAST, false).outputShape(new int[] {2, 6, 9, 5, 3}));
    assertArrayEquals(new int[] {-1, 6, 4, 3, 4},
        layer(DataFormat.CHANNELS_LAST, true).outputShape(new int[] {-1, 6, 9, 5, 3}));
    assertArrayEquals(new int[] {2, 6, 4, 4, 3},
        layer(DataFormat.CHANNELS_FIRST, true).outputShape(new int[] {2, 6, 3, 9, 5}));
    // Zero weights and bias: every gate is σ(0) = ½ and the candidate tanh(0) = 0, so h stays 0.
    Tensor y = layer(DataFormat.CHANNELS_FIRST, true).call(Tensor.zeros(2, 6, 3, 9, 5));
    assertArrayEquals(new int[] {2, 6, 4, 4, 3}, y.shape());
    for (float v : y.data()) {
      assertTrue(v == 0f);
    }
  }

  @Test
  void wrongInputsAreShapeMismatchesNamingTheLayer() {
    ConvLSTM l = layer(DataFormat.CHANNELS_LAST, false);
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 9, 5, 3)));
    assertTrue(e.getMessage().contains("'clstm' (ConvLSTM2D)")
        && e.getMessage().contains("(batch, time, rows, cols, 3)") && e.getMessage().contains("[2, 9, 5, 3]"),
        e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 6, 9, 5, 2)));
    assertTrue(e.getMessage().contains("'clstm'") && e.getMessage().contains("expected 3 channels")
        && e.getMessage().contains("[2, 6, 9, 5, 2]"), e.getMessage());
    // Frames smaller than the valid window.
    e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 6, 2, 5, 3)));
    assertTrue(e.getMessage().contains("expected height of at least 3"), e.getMessage());
  }
}
