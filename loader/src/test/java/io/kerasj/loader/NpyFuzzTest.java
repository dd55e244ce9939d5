package io.kerasj.loader;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerasj.KerasjException;
import io.kerasj.Tensor;

/**
 * Fuzzes the {@code .npy} reader the CLI feeds inputs through: arbitrary bytes give a tensor whose
 * size agrees with its shape, or a {@link NpyFormatException}, never another throwable.
 */
class NpyFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) {
    Tensor t;
    try {
      t = Npy.read("<fuzz>", data);
    } catch (KerasjException e) {
      if (!(e instanceof NpyFormatException) || e.getMessage() == null || !e.getMessage().startsWith("<fuzz>")) {
        throw new AssertionError("unexpected exception or message: " + e, e);
      }
      return;
    }
    long n = 1;
    for (int d : t.shape()) {
      n *= d;
    }
    if (n != t.data().length) {
      throw new AssertionError("shape " + java.util.Arrays.toString(t.shape()) + " but " + t.data().length + " elements");
    }
  }
}
