package io.kerasj.loader;

import io.kerasj.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a float32 {@code .npy} file a chunk of items at a time, when the number of items is not
 * known up front. The header is written first with a count of 0 and rewritten by {@link #close()}
 * with the final count; NumPy's header padding leaves room for any count, so the rewrite never
 * moves the data. The result is byte for byte what {@code np.save} writes for the whole array.
 *
 * <p>Not thread-safe. A writer that is not closed leaves a file whose header says 0 items.
 */
public final class NpyWriter implements Closeable {
  private final FileChannel ch;
  private final int[] itemShape;
  private final int headerLength;
  private long count;
  private boolean closed;

  private NpyWriter(FileChannel ch, int[] itemShape) throws IOException {
    this.ch = ch;
    this.itemShape = itemShape.clone();
    byte[] h = Npy.header(shape(0));
    this.headerLength = h.length;
    Npy.writeAll(ch, ByteBuffer.wrap(h));
  }

  /**
   * Creates (or replaces) {@code file} for items of shape {@code itemShape}; the array will have
   * shape {@code (count, itemShape...)}.
   */
  public static NpyWriter create(Path file, int... itemShape) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
    try {
      return new NpyWriter(ch, itemShape);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private int[] shape(long n) {
    int[] s = new int[itemShape.length + 1];
    s[0] = (int) n;
    System.arraycopy(itemShape, 0, s, 1, itemShape.length);
    return s;
  }

  /**
   * Appends the items of {@code chunk}, whose shape must be {@code (n, itemShape...)}.
   *
   * @throws IllegalArgumentException if the chunk's item shape differs
   */
  public void append(Tensor chunk) throws IOException {
    int[] s = chunk.shape();
    if (s.length != itemShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), itemShape)) {
      throw new IllegalArgumentException("chunk of shape " + Npy.formatShape(s) + " does not hold items of shape "
          + Npy.formatShape(itemShape));
    }
    if (count + s[0] > Integer.MAX_VALUE) {
      throw new IllegalStateException("more than " + Integer.MAX_VALUE + " items");
    }
    float[] data = chunk.data();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p < data.length; ) {
      int n = Math.min(buf.capacity() / 4, data.length - p);
      buf.clear();
      buf.asFloatBuffer().put(data, p, n);
      buf.limit(n * 4);
      Npy.writeAll(ch, buf);
      p += n;
    }
    count += s[0];
  }

  /** The number of items written so far. */
  public long count() {
    return count;
  }

  /** Rewrites the header with the final count and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      byte[] h = Npy.header(shape(count));
      if (h.length != headerLength) {
        throw new AssertionError("npy header length changed from " + headerLength + " to " + h.length);
      }
      ch.position(0);
      Npy.writeAll(ch, ByteBuffer.wrap(h));
    } finally {
      ch.close();
    }
  }
}
