package io.kerasj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link TaskThreads}: kerasj's intra-op threads follow Spark's cores per task unless set. */
class TaskThreadsTest {
  @Test
  void kerasjThreadsIsSparkTaskCpusUnlessTheUserSetIt() {
    SparkTestSupport.spark();
    String before = System.getProperty(TaskThreads.PROPERTY);
    try {
      System.clearProperty(TaskThreads.PROPERTY);
      // The test session leaves spark.task.cpus at its default, 1.
      assertEquals("1", TaskThreads.configure());
      assertEquals("1", System.getProperty(TaskThreads.PROPERTY));
      System.setProperty(TaskThreads.PROPERTY, "3");
      assertEquals("3", TaskThreads.configure(), "a value the user set stays");
    } finally {
      if (before == null) {
        System.clearProperty(TaskThreads.PROPERTY);
      } else {
        System.setProperty(TaskThreads.PROPERTY, before);
      }
    }
  }
}
