package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line parsing and error reporting, through {@link Main#run} rather than the process. */
class MainTest {
  @TempDir
  Path tmp;

  /** The outcome of one {@link Main#run} call. */
  static final class Result {
    final int status;
    final String out;
    final String err;

    Result(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }

    void assertOneLineError(int expectedStatus, String... parts) {
      assertEquals(expectedStatus, status, "exit status; stderr: " + err);
      assertTrue(err.startsWith("kerasj: "), err);
      assertEquals(1, err.lines().count(), "exactly one line on stderr: " + err);
      assertFalse(err.contains("\tat "), "no stack trace: " + err);
      for (String p : parts) {
        assertTrue(err.contains(p), "stderr '" + err.strip() + "' lacks '" + p + "'");
      }
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpGoesToStdoutWithStatusZero() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {"predict", "--help"}}) {
      Result r = run(args);
      assertEquals(0, r.status);
      assertTrue(r.out.contains("kerasj predict MODEL [--weights W.h5] --input X.npy --output Y.npy"), r.out);
      assertTrue(r.out.contains("kerasj summary MODEL [--weights W.h5]"), r.out);
      assertEquals("", r.err);
    }
  }

  @Test
  void versionPrintsOneLine() {
    Result r = run("--version");
    assertEquals(0, r.status);
    assertTrue(r.out.startsWith("kerasj "), r.out);
    assertEquals(1, r.out.lines().count());
  }

  @Test
  void noArgumentsIsAUsageError() {
    run().assertOneLineError(2, "missing command", "usage");
  }

  @Test
  void unknownCommandIsAUsageError() {
    run("predcit", "m.h5").assertOneLineError(2, "unknown command 'predcit'");
    run("--frobnicate").assertOneLineError(2, "unknown option '--frobnicate'");
  }

  @Test
  void unknownOptionIsAUsageError() {
    run("summary", "m.h5", "--input", "x.npy").assertOneLineError(2, "unknown option '--input' for summary");
    run("predict", "m.h5", "--inptu", "x.npy", "--output", "y.npy").assertOneLineError(2, "'--inptu'");
    run("predict", "m.h5", "-i", "x.npy").assertOneLineError(2, "unknown option '-i'");
  }

  @Test
  void missingArgumentsAreUsageErrors() {
    run("summary").assertOneLineError(2, "missing MODEL");
    run("predict", "m.h5", "--output", "y.npy").assertOneLineError(2, "missing --input");
    run("predict", "m.h5", "--input", "x.npy").assertOneLineError(2, "missing --output");
    run("predict", "m.h5", "--input", "x.npy", "--output").assertOneLineError(2, "--output needs a value");
    run("predict", "m.h5", "--input", "--output", "y.npy").assertOneLineError(2, "--input needs a value");
    run("summary", "m.h5", "--weights=").assertOneLineError(2, "non-empty value");
  }

  @Test
  void jsonModelNeedsWeights() {
    run("summary", "model.json").assertOneLineError(2, ".json MODEL needs --weights");
    run("summary", "MODEL.JSON").assertOneLineError(2, "--weights");
  }

  @Test
  void repeatedOptionsAndExtraArgumentsAreUsageErrors() {
    run("summary", "m.h5", "--weights", "a.h5", "--weights", "b.h5").assertOneLineError(2, "given twice");
    run("summary", "a.h5", "b.h5").assertOneLineError(2, "unexpected argument 'b.h5'");
  }

  @Test
  void optionsParseInAnyOrderAndWithEquals() throws Exception {
    Main.Command c = Main.parse(java.util.List.of("predict", "--output=y.npy", "--input", "x.npy", "m.h5"));
    assertEquals("predict", c.name);
    assertEquals(Path.of("m.h5"), c.model);
    assertEquals(Path.of("x.npy"), c.input);
    assertEquals(Path.of("y.npy"), c.output);
    assertEquals(null, c.weights);
    Main.Command d = Main.parse(java.util.List.of("summary", "--", "--odd-name.h5"));
    assertEquals(Path.of("--odd-name.h5"), d.model);
  }

  @Test
  void missingFilesFailWithStatusOneAndNameTheFile() {
    Path missing = tmp.resolve("nope.h5");
    run("summary", missing.toString()).assertOneLineError(1, "model file not found", missing.toString());
    run("summary", tmp.toString()).assertOneLineError(1, "is a directory");
  }

  @Test
  void badModelFileFailsWithStatusOne() throws IOException {
    Path junk = tmp.resolve("junk.h5");
    Files.writeString(junk, "this is not a model\nsecond line\n");
    run("summary", junk.toString()).assertOneLineError(1, junk.toString());
  }

  @Test
  void debugAddsTheStackTrace() throws IOException {
    Path junk = tmp.resolve("junk.h5");
    Files.writeString(junk, "nope");
    Result r = run("summary", junk.toString(), "--debug");
    assertEquals(1, r.status);
    assertTrue(r.err.startsWith("kerasj: "), r.err);
    assertTrue(r.err.contains("\tat "), r.err);
  }

  @Test
  void multiLineMessagesAreJoined() {
    assertEquals("a b c", Main.oneLine("a\n  b\r\nc\n"));
  }

  @Test
  void kernelsAreChosenForAOneShotRunUnlessTheUserChose() {
    String saved = System.getProperty("kerasj.vector");
    try {
      System.clearProperty("kerasj.vector");
      Main.chooseKernels();
      boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
      // Without the module: the scalar kernels, chosen (no warning); with it: warm-up hidden.
      assertEquals(module ? "warmup" : "false", System.getProperty("kerasj.vector"));
      System.setProperty("kerasj.vector", "true");
      Main.chooseKernels();
      assertEquals("true", System.getProperty("kerasj.vector"), "an explicit -Dkerasj.vector wins");
    } finally {
      if (saved == null) {
        System.clearProperty("kerasj.vector");
      } else {
        System.setProperty("kerasj.vector", saved);
      }
    }
  }

  @Test
  void chunkThreadsShareTheCoresUnlessKerasjThreadsIsSet() {
    String before = System.getProperty("kerasj.threads");
    try {
      // {chunk threads, processors, kerasj workers per chunk}
      for (int[] c : new int[][] {{2, 2, 1}, {1, 8, 8}, {3, 8, 2}, {16, 2, 1}}) {
        System.clearProperty("kerasj.threads");
        Main.shareCores(c[0], c[1]);
        assertEquals(Integer.toString(c[2]), System.getProperty("kerasj.threads"),
            c[0] + " threads, " + c[1] + " cpus");
      }
      System.setProperty("kerasj.threads", "5");
      Main.shareCores(2, 2);
      assertEquals("5", System.getProperty("kerasj.threads"));
    } finally {
      if (before == null) {
        System.clearProperty("kerasj.threads");
      } else {
        System.setProperty("kerasj.threads", before);
      }
    }
  }
}
