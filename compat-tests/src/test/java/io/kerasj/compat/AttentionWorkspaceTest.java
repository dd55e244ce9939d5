package io.kerasj.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attention runs in the thread's workspace: after warm-up, what a call of {@link
 * Model#predict(Tensor, Tensor)} allocates does not grow with the sequence, although the score
 * matrix of each head grows with its square (a fresh array per call would be 64 kB per head at
 * 128 steps).
 */
class AttentionWorkspaceTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  private static Tensor tokens(int steps, long seed) {
    Random r = new Random(seed);
    float[] ids = new float[2 * steps];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % steps >= steps - steps / 4 ? 0f : 1 + r.nextInt(19); // a padded tail
    }
    return Tensor.of(ids, 2, steps);
  }

  private static long bytesPerCall(Model m, Tensor x, Tensor out) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      m.predict(x, out);
      best = Math.min(best, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
    return best;
  }

  @Test
  void allocationPerCallDoesNotGrowWithTheSequence() throws Exception {
    // Embedding(mask_zero) -> MultiHeadAttention(2, 4) with the padding mask, as Keras 3 and tf-keras wrote it.
    for (String file : new String[] {"mha_embedding_mask/k3.keras", "mha_embedding_mask/k2_full.h5"}) {
      Model m = KerasModels.load(AttentionCompatTest.DIR.resolve(file));
      Tensor shortX = tokens(16, 1);
      Tensor longX = tokens(128, 2);
      Tensor shortOut = Tensor.zeros(2, 16, 8);
      Tensor longOut = Tensor.zeros(2, 128, 8);
      // Warm up both lengths until C2 has compiled the loops (the Vector API allocates its vectors
      // until then).
      for (int i = 0; i < 1_500; i++) {
        m.predict(shortX, shortOut);
        if (i % 6 == 0) {
          m.predict(longX, longOut);
        }
      }
      long shortBytes = bytesPerCall(m, shortX, shortOut);
      long longBytes = bytesPerCall(m, longX, longOut);
      // The masks are boolean arrays of (batch, steps): 256 B at 128 steps, what may grow.
      assertTrue(longBytes - shortBytes <= 2_048 && longBytes < 16_384, file + ": 128 steps allocated " + longBytes
          + " B per call, 16 steps " + shortBytes + " B");
    }
  }
}
