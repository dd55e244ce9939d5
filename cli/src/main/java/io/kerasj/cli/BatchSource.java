package io.kerasj.cli;

import io.kerasj.Tensor;
import io.kerasj.loader.NpyReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

/** Items (e.g. sequences) read a chunk at a time; the first axis of every chunk is the batch axis. */
interface BatchSource extends Closeable {
  /** The shape of one item, e.g. {@code (time, features)}. */
  int[] itemShape();

  /** The number of items, or {@code -1} when not known before the end. */
  long count();

  /** The next up to {@code max} items, or {@code null} at the end. */
  Tensor next(int max) throws IOException;

  @Override
  default void close() throws IOException {}

  /** A {@code .npy} file read a chunk at a time. */
  static BatchSource of(NpyReader r) {
    return new BatchSource() {
      @Override
      public int[] itemShape() {
        return r.itemShape();
      }

      @Override
      public long count() {
        return r.count();
      }

      @Override
      public Tensor next(int max) throws IOException {
        return r.next(max);
      }

      @Override
      public void close() throws IOException {
        r.close();
      }
    };
  }

  /** An array in memory (from an {@code .npz} or a CSV file in columns layout). */
  static BatchSource of(Tensor t) {
    int[] shape = t.shape();
    if (shape.length == 0) {
      throw new io.kerasj.InvalidInputException("a 0-d array has no batch axis");
    }
    int[] item = Arrays.copyOfRange(shape, 1, shape.length);
    int itemSize = 1;
    for (int d : item) {
      itemSize *= d;
    }
    final int size = itemSize;
    return new BatchSource() {
      private int pos;

      @Override
      public int[] itemShape() {
        return item.clone();
      }

      @Override
      public long count() {
        return shape[0];
      }

      @Override
      public Tensor next(int max) {
        int n = Math.min(max, shape[0] - pos);
        if (n <= 0) {
          return null;
        }
        float[] d = Arrays.copyOfRange(t.data(), pos * size, (pos + n) * size);
        pos += n;
        int[] s = shape.clone();
        s[0] = n;
        return Tensor.of(d, s);
      }
    };
  }
}
