package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.Session;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming through a {@link Session}: feeding a sequence in chunks (down to one step at a time)
 * gives what feeding it whole gives — whole-sequence outputs are checked against TensorFlow by
 * {@link CompatTest} — and snapshots restore a stream exactly.
 */
class SessionTest {
  static Tensor steps(Tensor x, int from, int to) {
    int b = x.dim(0);
    int t = x.dim(1);
    int f = x.dim(2);
    float[] d = new float[b * (to - from) * f];
    for (int i = 0; i < b; i++) {
      System.arraycopy(x.data(), (i * t + from) * f, d, i * (to - from) * f, (to - from) * f);
    }
    return Tensor.of(d, b, to - from, f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm/k3.keras", "gru/k2_full.h5", "ln_rnn/k3.keras", "simple_rnn/k3_legacy.h5",
      "lstm_cell/k2_full.h5"})
  void chunksGiveTheWholeSequenceOutput(String file) throws Exception {
    Model m = KerasModels.load(CompatTest.FIXTURES.resolve(file));
    assertTrue(m.isStreamable());
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len100_small.npy"));
    Tensor whole = m.predict(x);
    int[][] splits = {{0, 1, 2, 3, 50, 100}, {0, 100}, {0, 37, 38, 99, 100}};
    for (int[] cut : splits) {
      Session s = m.newSession();
      float[] joined = new float[whole.size()];
      int o = whole.dim(2);
      for (int c = 0; c + 1 < cut.length; c++) {
        Tensor y = s.predict(steps(x, cut[c], cut[c + 1]));
        int len = cut[c + 1] - cut[c];
        for (int b = 0; b < x.dim(0); b++) {
          System.arraycopy(y.data(), b * len * o, joined, (b * 100 + cut[c]) * o, len * o);
        }
      }
      assertArrayEquals(whole.data(), joined, file + " split " + Arrays.toString(cut));
    }
    // One step at a time.
    Session s = m.newSession();
    float[] joined = new float[whole.size()];
    int o = whole.dim(2);
    for (int t = 0; t < 100; t++) {
      Tensor y = s.predict(steps(x, t, t + 1));
      for (int b = 0; b < x.dim(0); b++) {
        System.arraycopy(y.data(), b * o, joined, (b * 100 + t) * o, o);
      }
    }
    assertArrayEquals(whole.data(), joined, file + " step by step");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm/k3.keras", "ln_rnn/k2_full.h5"})
  void snapshotRestoreAndReset(String file) throws Exception {
    Model m = KerasModels.load(CompatTest.FIXTURES.resolve(file));
    Tensor x = Npy.read(CompatTest.FIXTURES.resolve("inputs/len100_large.npy"));
    Session s = m.newSession();
    s.predict(steps(x, 0, 40));
    Session.Snapshot snap = s.snapshot();
    Tensor a = s.predict(steps(x, 40, 100));
    s.restore(snap);
    Tensor b = s.predict(steps(x, 40, 100));
    assertArrayEquals(a.data(), b.data(), "after restore");
    s.reset();
    assertArrayEquals(m.predict(steps(x, 0, 40)).data(), s.predict(steps(x, 0, 40)).data(), "after reset");
    // A different batch size without a reset is a mistake the stream must report.
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.predict(Tensor.zeros(1, 3, 1)));
    assertTrue(e.getMessage().contains("reset"), e.getMessage());
    Session other = KerasModels.load(CompatTest.FIXTURES.resolve("gru/k3.keras")).newSession();
    assertThrows(InvalidInputException.class, () -> other.restore(snap));
  }
}
