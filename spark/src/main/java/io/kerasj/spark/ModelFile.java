package io.kerasj.spark;

import io.kerasj.ModelFormatException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.security.NoSuchAlgorithmException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model's bytes as read on the driver through Hadoop's {@code FileSystem} (local, HDFS, S3, …):
 * the full model, or a {@code to_json()} config and its weights. This is the value broadcast to
 * the executors; its SHA-256 (of the model bytes, then the weights bytes) keys the executors' cache.
 */
final class ModelFile implements Serializable {
  private static final long serialVersionUID = 1L;

  final String modelPath;
  final String weightsPath; // null for a full model
  final byte[] model;
  final byte[] weights;     // null for a full model
  final String sha256;
  // Length and modification time of each file when read; the driver re-reads a file that changed.
  private final long[] stamps;

  private ModelFile(String modelPath, String weightsPath, byte[] model, byte[] weights, long[] stamps) {
    this.modelPath = modelPath;
    this.weightsPath = weightsPath;
    this.model = model;
    this.weights = weights;
    this.sha256 = sha256(model, weights);
    this.stamps = stamps;
  }

  /**
   * Reads the model (and weights, if {@code weightsPath} is non-empty) into memory.
   *
   * @param maxBytes the largest file accepted ({@code LoadOptions.maxBytes()})
   * @throws ModelFormatException if a file is larger than {@code maxBytes}
   * @throws UncheckedIOException if a file cannot be read; the message names it
   */
  static ModelFile read(Configuration conf, String modelPath, String weightsPath, long maxBytes) {
    if (modelPath == null || modelPath.isEmpty()) {
      throw new KerasjSparkException("no model path: call setModelPath");
    }
    String weights = weightsPath == null || weightsPath.isEmpty() ? null : weightsPath;
    long[] stamps = new long[4];
    byte[] m = readFile(conf, modelPath, maxBytes, stamps, 0);
    byte[] w = weights == null ? null : readFile(conf, weights, maxBytes, stamps, 2);
    return new ModelFile(modelPath, weights, m, w, stamps);
  }

  /** Whether the files still have the length and modification time they had when {@code f} was read. */
  static boolean unchanged(Configuration conf, ModelFile f) {
    try {
      return Arrays.equals(stamp(conf, f.modelPath), Arrays.copyOfRange(f.stamps, 0, 2))
          && (f.weightsPath == null || Arrays.equals(stamp(conf, f.weightsPath), Arrays.copyOfRange(f.stamps, 2, 4)));
    } catch (IOException e) {
      return false;
    }
  }

  private static long[] stamp(Configuration conf, String file) throws IOException {
    Path p = new Path(file);
    FileStatus st = p.getFileSystem(conf).getFileStatus(p);
    return new long[] {st.getLen(), st.getModificationTime()};
  }

  private static byte[] readFile(Configuration conf, String file, long maxBytes, long[] stamps, int at) {
    try {
      Path p = new Path(file);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      stamps[at] = st.getLen();
      stamps[at + 1] = st.getModificationTime();
      if (st.isDirectory()) {
        throw new ModelFormatException(file + ": is a directory, not a model file (SavedModel directories are not"
            + " supported; save with model.save(\"m.keras\") or \"m.h5\")");
      }
      long len = st.getLen();
      // One Java array holds the file; the loader's own limit applies to what it reads from it.
      if (len > maxBytes || len > Integer.MAX_VALUE - 8) {
        throw new ModelFormatException(file + ": " + len + " bytes, more than the limit of "
            + Math.min(maxBytes, Integer.MAX_VALUE - 8) + " (LoadOptions.withMaxBytes)");
      }
      byte[] b = new byte[(int) len];
      try (FSDataInputStream in = fs.open(p)) {
        in.readFully(0, b);
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the model file: " + e, e);
    }
  }

  /** {@code path} or {@code path + weights path}, for messages. */
  String label() {
    return weightsPath == null ? modelPath : modelPath + " + " + weightsPath;
  }

  /** The SHA-256 of the model bytes in hex, then {@code +} and that of the weights, if any. */
  static String sha256(byte[] model, byte[] weights) {
    return weights == null ? hex(model) : hex(model) + "+" + hex(weights);
  }

  private static String hex(byte[] bytes) {
    try {
      StringBuilder hex = new StringBuilder(64);
      for (byte x : MessageDigest.getInstance("SHA-256").digest(bytes)) {
        hex.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
