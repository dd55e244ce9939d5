package io.kerasj.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The task side of {@link KerasModel#transform}: scores a partition a window of {@code batchSize}
 * rows at a time and appends the outputs to each row, in the partition's order. The model comes
 * from this JVM's {@link ModelCache}; the broadcast bytes are read only if this JVM has not parsed
 * them yet. Memory: one window of rows and its outputs.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final Broadcast<ModelFile> file;
  private final String optionsClass;
  private final RowCodec codec;
  private final int[] inputFields;
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

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<Row>() {
      private final TaskContext task = TaskContext.get();
      private final int partition = task == null ? -1 : task.partitionId();
      private BatchScorer scorer;
      private final Row[] window = new Row[batchSize];
      private final Object[][] inputs = new Object[batchSize][inputFields.length];
      private Row[] ready = new Row[0];
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
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = ready[next];
        ready[next++] = null;
        return r;
      }

      private void fill() {
        if (scorer == null) {
          scorer = new BatchScorer(ModelCache.get(key, file::value, optionsClass), codec, policy,
              "handleInvalid=\"keep\" writes null outputs for such rows, \"skip\" drops them");
        }
        int n = 0;
        while (n < batchSize && rows.hasNext()) {
          Row r = rows.next();
          window[n] = r;
          for (int i = 0; i < inputFields.length; i++) {
            inputs[n][i] = r.get(inputFields[i]);
          }
          n++;
        }
        final long base = firstRow;
        Object[][] outputs = scorer.score(inputs, n, r -> "partition " + partition + ", row " + (base + r)
            + " (counted from 0 in the partition)");
        if (ready.length < n) {
          ready = new Row[n];
        }
        count = 0;
        for (int r = 0; r < n; r++) {
          if (outputs[r] != BatchScorer.SKIPPED) {
            ready[count++] = append(window[r], outputs[r]);
          }
          window[r] = null;
          Object[] in = inputs[r];
          java.util.Arrays.fill(in, null);
        }
        next = 0;
        firstRow += n;
      }
    };
  }

  private static Row append(Row row, Object[] outputs) {
    int w = row.length();
    Object[] values = new Object[w + outputs.length];
    for (int j = 0; j < w; j++) {
      values[j] = row.get(j);
    }
    System.arraycopy(outputs, 0, values, w, outputs.length);
    return RowFactory.create(values);
  }
}
