package io.kerasj.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;

/**
 * The task side of {@link KerasModel#transform}: scores a partition a window of {@code batchSize}
 * rows at a time and appends the outputs to each row, in the partition's order. The model comes
 * from this JVM's {@link ModelCache}; the broadcast bytes are read only if this JVM has not parsed
 * them yet. Memory: one window of rows and its outputs.
 *
 * <p>Two kinds of rows: {@link Catalyst} works on Catalyst's {@code InternalRow}s (numbers read
 * through the typed getters, outputs written as {@code UnsafeArrayData}, the row's own columns
 * passed through untouched), the path {@code transform} takes; {@link External} on {@code Row}s,
 * for a session that does not let us build a DataFrame from internal rows.
 *
 * @param <R> the row type
 */
abstract class PartitionScorer<R> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final Broadcast<ModelFile> file;
  private final String optionsClass;
  final RowCodec codec;
  final int[] inputFields;
  private final int batchSize;
  private final BatchScorer.HandleInvalid policy;

  PartitionScorer(String key, Broadcast<ModelFile> file, String optionsClass, RowCodec codec, int[] inputFields,
                  int batchSize, BatchScorer.HandleInvalid policy) {
    this.key = key;
    this.file = file;
    this.optionsClass = optionsClass;
    this.codec = codec;
    this.inputFields = inputFields;
    this.batchSize = batchSize;
    this.policy = policy;
  }

  /** The row to hold in the window: a copy if the iterator reuses its row objects. */
  abstract R retain(R row);

  /** Reads input {@code i} of {@code row} into {@code buf}; see {@link BatchScorer.Inputs}. */
  abstract int[] read(R row, int i, RowCodec.FloatBuffer buf);

  /** How outputs are handed to {@link #append}. */
  abstract BatchScorer.Outputs outputs();

  /** The row with the output values appended. */
  abstract R append(R row, Object[] outputs);

  final Iterator<R> score(Iterator<R> rows) {
    return new Iterator<R>() {
      private final TaskContext task = TaskContext.get();
      private final int partition = task == null ? -1 : task.partitionId();
      private BatchScorer scorer;
      @SuppressWarnings("unchecked")
      private final R[] window = (R[]) new Object[batchSize];
      private final BatchScorer.Inputs inputs = (r, i, buf) -> read(window[r], i, buf);
      @SuppressWarnings("unchecked")
      private R[] ready = (R[]) new Object[0];
      private int next;
      private int count;
      private long firstRow; // position in the partition of window[0]

      @Override
      public boolean hasNext() {
        while (next == count && rows.hasNext()) {
          fill();
        }
        return next < count;
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        R r = ready[next];
        ready[next++] = null;
        return r;
      }

      @SuppressWarnings("unchecked")
      private void fill() {
        if (scorer == null) {
          scorer = new BatchScorer(ModelCache.get(key, file::value, optionsClass), codec, policy, outputs(),
              "handleInvalid=\"keep\" writes null outputs for such rows, \"skip\" drops them");
        }
        int n = 0;
        while (n < batchSize && rows.hasNext()) {
          window[n++] = retain(rows.next());
        }
        final long base = firstRow;
        Object[][] outputs = scorer.score(inputs, n, r -> "partition " + partition + ", row " + (base + r)
            + " (counted from 0 in the partition)");
        if (ready.length < n) {
          ready = (R[]) new Object[n];
        }
        count = 0;
        for (int r = 0; r < n; r++) {
          if (outputs[r] != BatchScorer.SKIPPED) {
            ready[count++] = append(window[r], outputs[r]);
          }
          window[r] = null;
        }
        next = 0;
        firstRow += n;
      }
    };
  }

  /** Scores Catalyst's rows (what {@code queryExecution().toRdd()} yields). */
  static final class Catalyst extends PartitionScorer<InternalRow>
      implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    Catalyst(String key, Broadcast<ModelFile> file, String optionsClass, RowCodec codec, int[] inputFields,
             int batchSize, BatchScorer.HandleInvalid policy) {
      super(key, file, optionsClass, codec, inputFields, batchSize, policy);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      return score(rows);
    }

    @Override
    InternalRow retain(InternalRow row) {
      // Spark's row iterators reuse one row object (an UnsafeRow over a reused buffer).
      return row.copy();
    }

    @Override
    int[] read(InternalRow row, int i, RowCodec.FloatBuffer buf) {
      return codec.read(i, row, inputFields[i], buf);
    }

    @Override
    BatchScorer.Outputs outputs() {
      return codec.flatOutputs() ? RowCodec::catalystFlatSlice : RowCodec::catalystSlice;
    }

    @Override
    InternalRow append(InternalRow row, Object[] outputs) {
      // The scan that reads these rows projects them to UnsafeRows: the joined row is not copied here.
      return new JoinedRow(row, new GenericInternalRow(outputs));
    }
  }

  /** Scores external {@code Row}s (a {@code Dataset<Row>}'s {@code mapPartitions}). */
  static final class External extends PartitionScorer<Row> implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    External(String key, Broadcast<ModelFile> file, String optionsClass, RowCodec codec, int[] inputFields,
             int batchSize, BatchScorer.HandleInvalid policy) {
      super(key, file, optionsClass, codec, inputFields, batchSize, policy);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return score(rows);
    }

    @Override
    Row retain(Row row) {
      return row;
    }

    @Override
    int[] read(Row row, int i, RowCodec.FloatBuffer buf) {
      return codec.read(i, row.get(inputFields[i]), buf);
    }

    @Override
    BatchScorer.Outputs outputs() {
      return codec.flatOutputs() ? RowCodec::flatSlice : RowCodec::slice;
    }

    @Override
    Row append(Row row, Object[] outputs) {
      int w = row.length();
      Object[] values = new Object[w + outputs.length];
      for (int j = 0; j < w; j++) {
        values[j] = row.get(j);
      }
      System.arraycopy(outputs, 0, values, w, outputs.length);
      return RowFactory.create(values);
    }
  }
}
