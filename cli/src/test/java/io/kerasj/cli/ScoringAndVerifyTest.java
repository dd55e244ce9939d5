package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import io.kerasj.loader.Npz;
import io.kerasj.loader.TestVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}, and {@code predict}'s streaming, parallel, .npz and CSV inputs. */
class ScoringAndVerifyTest {
  @TempDir
  Path tmp;

  static Path model() {
    return CliEndToEndTest.e2e("k3.keras");
  }

  static Tensor input(int batch, int time) {
    float[] d = new float[batch * time];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sin(i * 0.61) * 0.8f;
    }
    return Tensor.of(d, batch, time, 1);
  }

  Path vector(Tensor x, float perturb) throws IOException {
    Model m = KerasModels.load(model());
    Tensor y = m.predict(x);
    float[] d = y.data().clone();
    int flat = ((1 * x.dim(1)) + 4) * y.dim(2) + 7; // batch 1, time 4, feature 7
    d[flat] += perturb;
    Path v = tmp.resolve("v" + perturb + ".npz");
    TestVector.of(Map.of("lstm_input", x), Map.of("time_distributed", Tensor.of(d, y.shape())), "sin").write(v);
    return v;
  }

  @Test
  void verifyPasses() throws IOException {
    MainTest.Result r = MainTest.run("verify", model().toString(), "--vectors", vector(input(3, 9), 0).toString());
    assertEquals(0, r.status, r.err + r.out);
    assertEquals("", r.err);
    assertTrue(r.out.contains("time_distributed") && r.out.contains("PASSED"), r.out);
    assertTrue(r.out.contains("max ulp"), r.out);
  }

  @Test
  void verifyFailsWithTheWorstElement() throws IOException {
    Path v = vector(input(3, 9), 0.001f);
    MainTest.Result r = MainTest.run("verify", model().toString(), "--vectors", v.toString());
    assertEquals(1, r.status, r.err + r.out);
    assertTrue(r.out.contains("(1, 4, 7)") && r.out.contains("FAIL"), r.out);
    r.assertOneLineError(1, "1 of 270 elements out of tolerance");
    // A looser tolerance accepts it.
    assertEquals(0, MainTest.run("verify", model().toString(), "--vectors", v.toString(), "--atol", "0.01").status);
  }

  @Test
  void verifyUsageAndLoadErrorsAreStatusTwo() throws IOException {
    MainTest.run("verify", model().toString()).assertOneLineError(2, "missing --vectors");
    MainTest.run("verify", model().toString(), "--vectors", "v.npz", "--atol", "-1").assertOneLineError(2, "--atol");
    MainTest.run("verify", model().toString(), "--vectors", tmp.resolve("none.npz").toString())
        .assertOneLineError(2, "test vector file not found");
    Path junk = tmp.resolve("junk.keras");
    Files.writeString(junk, "junk");
    MainTest.run("verify", junk.toString(), "--vectors", vector(input(3, 9), 0).toString()).assertOneLineError(2);
    // Names and shapes that do not fit the model: the input and both shapes are named.
    Path bad = tmp.resolve("bad.npz");
    TestVector.of(Map.of("seq", Tensor.zeros(2, 5, 3)), Map.of("out", Tensor.zeros(2, 5, 10)), null).write(bad);
    MainTest.run("verify", model().toString(), "--vectors", bad.toString())
        .assertOneLineError(2, "input 'seq' has shape (2, 5, 3)", "(None, None, 1)");
  }

  @Test
  void predictStreamsInParallelChunksWithTheSameResult() throws IOException {
    Tensor x = input(23, 11);
    Path in = tmp.resolve("x.npy");
    Npy.write(in, x);
    Tensor whole = KerasModels.load(model()).predict(x);
    for (String[] opts : new String[][] {{"--batch-size", "3", "--threads", "2"}, {"--batch-size", "100"}, {}}) {
      Path out = tmp.resolve("y.npy");
      String[] base = {"predict", model().toString(), "--input", in.toString(), "--output", out.toString()};
      String[] args = new String[base.length + opts.length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(opts, 0, args, base.length, opts.length);
      MainTest.Result r = MainTest.run(args);
      assertEquals(0, r.status, r.err);
      assertEquals("", r.err, "no progress bar without a terminal");
      Tensor y = Npy.read(out);
      assertArrayEquals(whole.shape(), y.shape());
      assertArrayEquals(whole.data(), y.data());
    }
  }

  @Test
  void predictReadsNpzAndCsv() throws IOException {
    Tensor x = input(4, 6);
    Tensor whole = KerasModels.load(model()).predict(x);
    Path npz = tmp.resolve("x.npz");
    Npz.of(Map.of("input_lstm_input", x, "output_y", whole), Map.of()).write(npz);
    Path out = tmp.resolve("y.npy");
    assertEquals(0, MainTest.run("predict", model().toString(), "--input", npz.toString(), "--output",
        out.toString()).status);
    assertArrayEquals(whole.data(), Npy.read(out).data());

    StringBuilder rows = new StringBuilder("t0,t1,t2,t3,t4,t5\n");
    for (int b = 0; b < 4; b++) {
      for (int t = 0; t < 6; t++) {
        rows.append(t == 0 ? "" : ",").append(x.get(b, t, 0));
      }
      rows.append('\n');
    }
    Path csv = tmp.resolve("x.csv");
    Files.writeString(csv, rows);
    MainTest.Result r = MainTest.run("predict", model().toString(), "--input", csv.toString(), "--output",
        out.toString(), "--batch-size", "1");
    assertEquals(0, r.status, r.err);
    assertArrayEquals(whole.data(), Npy.read(out).data());

    StringBuilder cols = new StringBuilder("value\n");
    for (int t = 0; t < 6; t++) {
      cols.append(x.get(2, t, 0)).append('\n');
    }
    Path csv2 = tmp.resolve("series.csv");
    Files.writeString(csv2, cols);
    r = MainTest.run("predict", model().toString(), "--input", csv2.toString(), "--output", out.toString(),
        "--csv-layout", "columns");
    assertEquals(0, r.status, r.err);
    Tensor y = Npy.read(out);
    assertArrayEquals(new int[] {1, 6, 10}, y.shape());
    for (int i = 0; i < 60; i++) {
      assertEquals(whole.get(2, i / 10, i % 10), y.data()[i]);
    }
  }

  @Test
  void badCsvNamesRowAndColumn() throws IOException {
    Path out = tmp.resolve("y.npy");
    Path ragged = tmp.resolve("ragged.csv");
    Files.writeString(ragged, "0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8\n");
    MainTest.run("predict", model().toString(), "--input", ragged.toString(), "--output", out.toString())
        .assertOneLineError(1, "row 3, column 3", "ragged row, it has 2 values, row 1 has 3");
    Path nonNumeric = tmp.resolve("text.csv");
    Files.writeString(nonNumeric, "0.1,0.2,0.3\n0.4,abc,0.6\n");
    MainTest.run("predict", model().toString(), "--input", nonNumeric.toString(), "--output", out.toString())
        .assertOneLineError(1, "row 2, column 2: 'abc' is not a number");
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "1,2\n3,,4\n");
    MainTest.run("predict", model().toString(), "--input", empty.toString(), "--output", out.toString(),
        "--csv-layout", "columns").assertOneLineError(1, "row 2, column 2: empty cell");
    MainTest.run("predict", model().toString(), "--input", empty.toString(), "--output", out.toString(),
        "--csv-layout", "diagonal").assertOneLineError(2, "--csv-layout must be rows or columns");
    assertTrue(Files.notExists(out));
  }

  @Test
  void aBinaryFileGivenAsCsvIsNamedAsNotText() throws IOException {
    Path out = tmp.resolve("y.npy");
    // An .npy renamed .csv: its first byte 0x93 is not UTF-8 (a decoding reader said "Input length = 1").
    Path npy = tmp.resolve("array.csv");
    Files.copy(CliEndToEndTest.e2e("len7_small.npy"), npy);
    MainTest.Result r = MainTest.run("predict", model().toString(), "--input", npy.toString(), "--output",
        out.toString());
    r.assertOneLineError(1, npy.toString(), "row 1, byte offset 0: byte 0x93 is not UTF-8 text");
    assertTrue(!r.err.contains("Input length"), r.err);
    // Valid UTF-8 up to a bad byte on a later row: the offset counts from the start of the file.
    Path later = tmp.resolve("later.csv");
    Files.write(later, new byte[] {'1', ',', '2', '\n', '3', ',', (byte) 0xff, '\n'});
    MainTest.run("predict", model().toString(), "--input", later.toString(), "--output", out.toString(),
        "--csv-layout", "columns").assertOneLineError(1, "row 2, byte offset 6: byte 0xff is not UTF-8 text");
    // NUL bytes (UTF-16 text, binary data) are not CSV text either.
    Path utf16 = tmp.resolve("utf16.csv");
    Files.writeString(utf16, "1,2\n", java.nio.charset.StandardCharsets.UTF_16LE);
    MainTest.run("predict", model().toString(), "--input", utf16.toString(), "--output", out.toString())
        .assertOneLineError(1, "row 1, byte offset 1: byte 0x00 is not UTF-8 text");
    assertTrue(Files.notExists(out));
  }

  @Test
  void csvWithAByteOrderMarkAndAnyLineEndingIsRead() throws IOException {
    Tensor x = input(2, 3);
    Tensor whole = KerasModels.load(model()).predict(x);
    String[] rows = new String[2];
    for (int b = 0; b < 2; b++) {
      rows[b] = x.get(b, 0, 0) + "," + x.get(b, 1, 0) + "," + x.get(b, 2, 0);
    }
    Path out = tmp.resolve("y.npy");
    for (String sep : new String[] {"\n", "\r\n", "\r"}) {
      Path csv = tmp.resolve("bom.csv");
      // Excel's "CSV UTF-8" starts with a byte-order mark.
      Files.writeString(csv, "\uFEFF" + rows[0] + sep + rows[1] + sep, java.nio.charset.StandardCharsets.UTF_8);
      MainTest.Result r = MainTest.run("predict", model().toString(), "--input", csv.toString(), "--output",
          out.toString());
      assertEquals(0, r.status, r.err);
      assertArrayEquals(whole.data(), Npy.read(out).data());
    }
  }

  @Test
  void progressLine() {
    BatchScorer.Progress p = new BatchScorer.Progress(System.err, 200);
    String l = p.line(50, System.nanoTime() + 1_000_000_000L);
    assertTrue(l.startsWith("[#######.......................]  25%  50/200 items"), l);
  }
}
