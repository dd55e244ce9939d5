package io.kerasj.spark;

import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Scores a window of rows: reads each row's inputs, groups the rows whose inputs have the same
 * shapes (for sequences: the same length), and runs each group through the model as one batch.
 * Nothing is padded, so a row's output is what {@code Model.predict} gives for that row in a batch
 * of rows of its own length, whatever else the window holds.
 *
 * <p>Not thread-safe (one per task); the model it holds is shared.
 */
final class BatchScorer {
  /** What to do with a row that cannot be scored. */
  enum HandleInvalid {
    /** Fail the task; the message names the row. */
    ERROR,
    /** Keep the row with null outputs. */
    KEEP,
    /** Drop the row. */
    SKIP;

    static HandleInvalid of(String name) {
      for (HandleInvalid h : values()) {
        if (h.name().equalsIgnoreCase(name)) {
          return h;
        }
      }
      throw new KerasjSparkException("handleInvalid must be \"error\", \"keep\" or \"skip\", not \"" + name + "\"");
    }
  }

  /** Marks a row dropped under {@link HandleInvalid#SKIP}. */
  static final Object[] SKIPPED = new Object[0];

  private final Model model;
  private final RowCodec codec;
  private final HandleInvalid policy;
  private final RowCodec.FloatBuffer[] buffers;
  private final String hint;

  /** @param hint appended to an invalid row's message under "error": what the user can do instead */
  BatchScorer(Model model, RowCodec codec, HandleInvalid policy, String hint) {
    this.model = model;
    this.codec = codec;
    this.policy = policy;
    this.hint = hint;
    this.buffers = new RowCodec.FloatBuffer[codec.inputCount()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = new RowCodec.FloatBuffer();
    }
  }

  /** The shapes of one row's inputs, as a map key. */
  private static final class ShapeKey {
    final int[][] shapes;
    final int hash;

    ShapeKey(int[][] shapes) {
      this.shapes = shapes;
      this.hash = Arrays.deepHashCode(shapes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ShapeKey && Arrays.deepEquals(shapes, ((ShapeKey) o).shapes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * Scores rows {@code 0..n-1}.
   *
   * @param inputs {@code inputs[r][i]}: row r's value for model input i (Spark's external value)
   * @param where describes row r for messages, e.g. {@code "partition 3, row 17"}
   * @return per row its outputs (one value per model output), {@code null} outputs for an invalid
   *     row under "keep", or {@link #SKIPPED} under "skip"
   * @throws KerasjSparkException for the first invalid row under "error", naming it with {@code where}
   */
  Object[][] score(Object[][] inputs, int n, IntFunction<String> where) {
    int inputCount = codec.inputCount();
    for (RowCodec.FloatBuffer b : buffers) {
      b.size = 0;
    }
    int[][] offsets = new int[n][inputCount];
    ShapeKey[] keys = new ShapeKey[n];
    Object[][] out = new Object[n][];
    Map<ShapeKey, List<Integer>> groups = new LinkedHashMap<>();
    for (int r = 0; r < n; r++) {
      int[][] shapes = new int[inputCount][];
      try {
        for (int i = 0; i < inputCount; i++) {
          offsets[r][i] = buffers[i].size;
          shapes[i] = codec.read(i, inputs[r][i], buffers[i]);
        }
      } catch (RowCodec.InvalidValue e) {
        // Values read for the row's earlier inputs stay in their buffers, unreferenced.
        out[r] = invalid(where.apply(r) + ": " + e.getMessage(), null);
        continue;
      }
      keys[r] = new ShapeKey(shapes);
      groups.computeIfAbsent(keys[r], k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<ShapeKey, List<Integer>> g : groups.entrySet()) {
      List<Integer> rows = g.getValue();
      try {
        scoreGroup(g.getKey().shapes, rows, offsets, out);
      } catch (KerasjException e) {
        if (rows.size() == 1) {
          out[rows.get(0)] = invalid(where.apply(rows.get(0)) + ": model '" + model.name() + "' refused the row: "
              + e.getMessage(), e);
          continue;
        }
        // One batch failed inside the model: score its rows one by one to find the culprits.
        for (int r : rows) {
          try {
            scoreGroup(g.getKey().shapes, List.of(r), offsets, out);
          } catch (KerasjException e1) {
            out[r] = invalid(where.apply(r) + ": model '" + model.name() + "' refused the row: " + e1.getMessage(),
                e1);
          }
        }
      }
    }
    return out;
  }

  private Object[] invalid(String message, Throwable cause) {
    switch (policy) {
      case KEEP:
        return new Object[codec.outputCount()];
      case SKIP:
        return SKIPPED;
      default:
        throw new KerasjSparkException(message + " (" + hint + ")", cause);
    }
  }

  private void scoreGroup(int[][] shapes, List<Integer> rows, int[][] offsets, Object[][] out) {
    int b = rows.size();
    Tensor[] x = new Tensor[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      int per = 1;
      for (int d : shapes[i]) {
        per *= d;
      }
      float[] data = new float[b * per];
      float[] src = buffers[i].data;
      for (int k = 0; k < b; k++) {
        System.arraycopy(src, offsets[rows.get(k)][i], data, k * per, per);
      }
      int[] shape = new int[shapes[i].length + 1];
      shape[0] = b;
      System.arraycopy(shapes[i], 0, shape, 1, shapes[i].length);
      x[i] = Tensor.of(data, shape);
    }
    List<Tensor> y = model.predictAll(x);
    for (int k = 0; k < b; k++) {
      Object[] values = new Object[y.size()];
      for (int o = 0; o < values.length; o++) {
        values[o] = RowCodec.slice(y.get(o), k);
      }
      out[rows.get(k)] = values;
    }
  }
}
