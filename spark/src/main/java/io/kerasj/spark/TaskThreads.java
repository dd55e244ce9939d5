package io.kerasj.spark;

import org.apache.spark.SparkEnv;

/**
 * kerasj's intra-op threads in a JVM where Spark scores. Spark runs one task per core it was
 * given ({@code spark.task.cpus} cores per task), and each task calls {@code predict} on its own
 * thread. kerasj by default also shares a large call among {@code kerasj.threads} threads (one per
 * processor: a recurrent call's batch cut in slices, a large product cut in column panels), so a
 * task would hand part of its batch to a kerasj worker while the other task slots keep every
 * core busy: more runnable threads than cores, each hand-over paid for nothing. So, unless the
 * JVM was started with {@code -Dkerasj.threads=N}, kerasj-spark sets {@code kerasj.threads} to
 * {@code spark.task.cpus} (default 1: each task's predict runs on the task's thread alone).
 *
 * <p>{@code kerasj.threads} is read once per JVM, the first time kerasj shares a call among
 * threads; this runs before kerasj-spark loads its first model. In a JVM that ran kerasj before
 * (a driver that called {@code predict} itself), the value already read stays.
 */
final class TaskThreads {
  static final String PROPERTY = "kerasj.threads";

  private TaskThreads() {}

  /** Sets {@code kerasj.threads} to {@code spark.task.cpus} unless it is set; returns its value. */
  static synchronized String configure() {
    String v = System.getProperty(PROPERTY);
    if (v == null) {
      SparkEnv env = SparkEnv.get();
      int cpus = env == null ? 1 : env.conf().getInt("spark.task.cpus", 1);
      v = Integer.toString(Math.max(1, cpus));
      System.setProperty(PROPERTY, v);
    }
    return v;
  }
}
