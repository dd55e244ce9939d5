package io.kerasj.internal.attention;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;

/**
 * The run-time operands of one thread's attention products (keys transposed, values), kept across
 * calls and refilled by each (batch item, head): nothing is allocated per call once a thread has
 * seen the sizes, and on the scalar path they are in the row layout its kernels multiply fastest
 * ({@link Kernels#runTimeOperand}). A few sizes are kept, so that a model whose attention layers
 * differ in size does not reallocate them call after call. Two requests of the same size get the
 * same matrix: a caller fills and uses one before filling the next.
 */
public final class Operands {
  private static final ThreadLocal<Operands> OPERANDS = ThreadLocal.withInitial(Operands::new);

  private final PackedMatrix[] cache = new PackedMatrix[8];
  private final int[] slots = new int[8];
  private float[] row = new float[0];
  private int[] rowIndex = new int[0];

  private Operands() {}

  public static Operands get() {
    return OPERANDS.get();
  }

  /** A {@code k × n} operand of this thread. */
  public PackedMatrix get(int k, int n) {
    return get(k, n, 0);
  }

  /**
   * A {@code k × n} operand of this thread, distinct from those of other slots: for operands that
   * are filled together and then used together (the keys and values of a group of query heads).
   */
  public PackedMatrix get(int k, int n, int slot) {
    for (int i = 0; i < cache.length; i++) {
      PackedMatrix m = cache[i];
      if (m != null && m.k == k && m.n == n && slots[i] == slot) {
        return m;
      }
    }
    PackedMatrix m = Kernels.runTimeOperand(k, n);
    System.arraycopy(cache, 0, cache, 1, cache.length - 1);
    System.arraycopy(slots, 0, slots, 1, slots.length - 1);
    cache[0] = m;
    slots[0] = slot;
    return m;
  }

  private final PackedMatrix[] transposed = new PackedMatrix[8];
  private float[] values = new float[0];
  private float[] outT = new float[0];

  /**
   * A {@code k × n} operand of this thread for {@link Products#transposed}, apart from {@link #get}'s
   * (the two products' operands there may have the same size as one of these).
   */
  public PackedMatrix getTransposed(int k, int n) {
    for (PackedMatrix m : transposed) {
      if (m != null && m.k == k && m.n == n) {
        return m;
      }
    }
    PackedMatrix m = Kernels.runTimeOperand(k, n);
    System.arraycopy(transposed, 0, transposed, 1, transposed.length - 1);
    transposed[0] = m;
    return m;
  }

  /** At least {@code n} floats of this thread's scratch for one head's values, transposed. */
  public float[] valuesT(int n) {
    if (values.length < n) {
      values = new float[n];
    }
    return values;
  }

  /** At least {@code n} floats of this thread's scratch for one head's output, transposed. */
  public float[] outT(int n) {
    if (outT.length < n) {
      outT = new float[n];
    }
    return outT;
  }

  /** At least {@code n} floats of this thread's row scratch (a masked softmax's kept scores). */
  public float[] rowScratch(int n) {
    if (row.length < n) {
      row = new float[n];
    }
    return row;
  }

  /** At least {@code n} ints of this thread's index scratch (a masked softmax's kept positions). */
  public int[] rowIndex(int n) {
    if (rowIndex.length < n) {
      rowIndex = new int[n];
    }
    return rowIndex;
  }
}
