package io.kerasj.loader;

import io.kerasj.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a {@code .npy} file a few items at a time: the array's first axis is the batch axis, and
 * {@link #next(int)} returns the next items as one tensor. Memory use is bounded by the chunk size,
 * not by the file, so a file of a million sequences (more than one Java array can hold) can be
 * scored in pieces.
 *
 * <p>The header is checked as {@link Npy#read(Path)} checks it, and the file size must match it,
 * before any data is read. Not thread-safe.
 */
public final class NpyReader implements Closeable {
  /** The largest total element count accepted (2^50; each chunk must still fit one Java array). */
  static final long MAX_TOTAL_ELEMENTS = 1L << 50;

  private final String name;
  private final FileChannel ch;
  private final Npy.Header header;
  private final int[] itemShape;
  private final long itemElements;
  private long position;

  private NpyReader(String name, FileChannel ch, Npy.Header header) {
    this.name = name;
    this.ch = ch;
    this.header = header;
    if (header.shape.length == 0) {
      throw new NpyFormatException(name + ": a 0-d array has no batch axis to stream over");
    }
    this.itemShape = Arrays.copyOfRange(header.shape, 1, header.shape.length);
    long n = 1;
    for (int d : itemShape) {
      n *= d;
    }
    this.itemElements = n;
  }

  /**
   * Opens a {@code .npy} file and reads its header.
   *
   * @throws NpyFormatException if the file is not a readable float {@code .npy} array with at least
   *     one axis
   * @throws IOException if the file cannot be read, or is not a regular file
   */
  public static NpyReader open(Path file) throws IOException {
    InputFiles.requireRegularFile(file, ".npy file");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      Npy.Header h = Npy.readHeader(file.toString(), ch, ch.size(), MAX_TOTAL_ELEMENTS);
      return new NpyReader(file.toString(), ch, h);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The full array shape, batch axis first. */
  public int[] shape() {
    return header.shape.clone();
  }

  /** The shape of one item: the array shape without its first axis. */
  public int[] itemShape() {
    return itemShape.clone();
  }

  /** The number of items (the first axis). */
  public long count() {
    return header.shape[0];
  }

  /** The number of items not read yet. */
  public long remaining() {
    return count() - position;
  }

  /**
   * Reads up to {@code max} next items as a tensor of shape {@code (n, itemShape...)}, or returns
   * {@code null} when every item has been read.
   *
   * @throws NpyFormatException if {@code max} items do not fit one Java array
   */
  public Tensor next(int max) throws IOException {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    long n = Math.min(max, remaining());
    if (n == 0) {
      return null;
    }
    if (itemElements > 0 && n > Npy.MAX_ELEMENTS / itemElements) {
      n = Math.max(1, Npy.MAX_ELEMENTS / itemElements);
    }
    long elements = n * itemElements;
    if (elements > Npy.MAX_ELEMENTS) {
      throw new NpyFormatException(name + ": one item of shape " + Npy.formatShape(itemShape)
          + " has more elements than one Java array holds");
    }
    float[] data = new float[(int) elements];
    ch.position(header.dataOffset + position * itemElements * header.dtype.size);
    Npy.readData(name, ch, header.dtype, data);
    position += n;
    int[] shape = new int[header.shape.length];
    shape[0] = (int) n;
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    return Tensor.of(data, shape);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
