package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.core.Dense;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestVectorTest {
  @TempDir
  Path tmp;

  /** (batch, time, 2) → (batch, time, 3), a Dense on the last axis. */
  static Model model() {
    float[] kernel = {0.5f, -1f, 0.25f, 2f, 0.125f, -0.75f};
    float[] bias = {0.1f, 0.2f, -0.3f};
    return new Model("dense_model", new int[] {-1, -1, 2},
        List.of(new Dense("dense", 2, 3, kernel, bias, Activation.TANH)));
  }

  static Tensor input(int batch, int time) {
    float[] d = new float[batch * time * 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sin(i * 0.37);
    }
    return Tensor.of(d, batch, time, 2);
  }

  static TestVector vector(Model m, Tensor x) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", x);
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("dense", m.predict(x));
    return TestVector.of(in, out, "sin(i*0.37)");
  }

  @Test
  void roundTripAndPass() throws IOException {
    Model m = model();
    Path f = tmp.resolve("v.npz");
    vector(m, input(3, 5)).write(f);
    TestVector v = TestVector.read(f);
    assertEquals(List.of("x"), List.copyOf(v.inputs().keySet()));
    assertEquals(List.of("dense"), List.copyOf(v.outputs().keySet()));
    assertTrue(v.inputsDrawn().contains("sin(i*0.37)"));
    VerificationResult r = v.verify(m);
    assertTrue(r.passed(), r.table());
    assertEquals(0, r.outputs().get(0).maxAbs());
    assertEquals(0, r.outputs().get(0).maxUlp());
    r.requirePassed();
    assertTrue(r.table().contains("PASSED"), r.table());
  }

  @Test
  void perturbedOutputReportsWorstElement() throws IOException {
    Model m = model();
    Tensor x = input(3, 5);
    Tensor y = m.predict(x);
    float[] bad = y.data().clone();
    int flat = (2 * 5 + 3) * 3 + 1; // batch 2, time 3, feature 1
    bad[flat] += 0.01f;
    bad[0] = Math.nextUp(bad[0]); // 1 ulp elsewhere: within tolerance
    Map<String, Tensor> in = Map.of("x", x);
    Map<String, Tensor> out = Map.of("dense", Tensor.of(bad, y.shape()));
    Path f = tmp.resolve("bad.npz");
    TestVector.of(in, out, null).write(f);
    VerificationResult r = TestVector.read(f).verify(m, 1e-5, 1e-5);
    assertFalse(r.passed());
    VerificationResult.OutputError o = r.outputs().get(0);
    assertEquals(2, o.batch());
    assertEquals(3, o.time());
    assertEquals(1, o.feature());
    assertEquals(1, o.outOfTolerance());
    assertEquals(0.01, o.maxAbs(), 1e-6);
    assertTrue(o.maxUlp() > 1000);
    assertTrue(r.table().contains("(2, 3, 1)"), r.table());
    VerificationException e = assertThrows(VerificationException.class, r::requirePassed);
    assertTrue(e.getMessage().contains("FAIL"), e.getMessage());
    assertTrue(e.result() == r);
  }

  @Test
  void ulpDistance() {
    assertEquals(1, VerificationResult.ordered(Math.nextUp(1f)) - VerificationResult.ordered(1f));
    assertEquals(0, VerificationResult.ordered(-0f) - VerificationResult.ordered(0f));
    assertEquals(2, VerificationResult.ordered(Float.MIN_VALUE) - VerificationResult.ordered(-Float.MIN_VALUE));
    assertArrayEquals(new int[] {2, 3, 1}, VerificationResult.unravel(40, new int[] {3, 5, 3}));
  }

  @Test
  void nanOnOneSideFails() {
    Tensor e = Tensor.of(new float[] {1f, Float.NaN, Float.NaN}, 1, 3);
    Tensor a = Tensor.of(new float[] {1f, Float.NaN, 2f}, 1, 3);
    VerificationResult.OutputError o = VerificationResult.compare("o", e, a, 1e-5, 1e-5);
    assertEquals(1, o.outOfTolerance());
    assertEquals(2, o.feature());
    assertEquals(-1, o.time());
    assertEquals(Long.MAX_VALUE, o.maxUlp());
  }

  @Test
  void inputShapeMismatchNamesInputAndBothShapes() throws IOException {
    Model m = model();
    Tensor x = Tensor.of(new float[12], 2, 2, 3);
    Path f = tmp.resolve("shape.npz");
    TestVector.of(Map.of("seq", x), Map.of("out", Tensor.of(new float[12], 2, 2, 3)), null).write(f);
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f).verify(m));
    assertTrue(e.getMessage().contains("input 'seq'"), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 2, 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("(None, None, 2)"), e.getMessage());
  }

  @Test
  void outputShapeMismatchNamesOutputAndBothShapes() throws IOException {
    Model m = model();
    Tensor x = input(2, 4);
    Path f = tmp.resolve("oshape.npz");
    TestVector.of(Map.of("x", x), Map.of("dense_9", Tensor.of(new float[16], 2, 4, 2)), null).write(f);
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f).verify(m));
    assertTrue(e.getMessage().contains("output 'dense_9'"), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 4, 2)") && e.getMessage().contains("(2, 4, 3)"), e.getMessage());
  }

  @Test
  void twoInputsForOneInputModel() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("a", input(1, 2));
    in.put("b", input(1, 2));
    Path f = tmp.resolve("two.npz");
    TestVector.of(in, Map.of("o", Tensor.of(new float[6], 1, 2, 3)), null).write(f);
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f).verify(model()));
    assertTrue(e.getMessage().contains("2 inputs ['a', 'b']"), e.getMessage());
  }

  @Test
  void metadataListingMissingArrayIsRefused() throws IOException {
    Path f = tmp.resolve("meta.npz");
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
      z.putNextEntry(new ZipEntry("input_x.npy"));
      z.write(Npy.toBytes(input(1, 2)));
      z.putNextEntry(new ZipEntry("output_y.npy"));
      z.write(Npy.toBytes(input(1, 2)));
      z.putNextEntry(new ZipEntry("metadata.json"));
      z.write("{\"inputs\": [\"x\"], \"outputs\": [\"z\"]}".getBytes(StandardCharsets.UTF_8));
    }
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f));
    assertTrue(e.getMessage().contains("'output_z'"), e.getMessage());
  }

  @Test
  void notAVector() throws IOException {
    Path f = tmp.resolve("plain.npz");
    Npz.of(Map.of("arr_0", input(1, 1)), Map.of()).write(f);
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f));
    assertTrue(e.getMessage().contains("not a test vector"), e.getMessage());
    Path g = tmp.resolve("junk.npz");
    Files.writeString(g, "hello");
    NpyFormatException e2 = assertThrows(NpyFormatException.class, () -> TestVector.read(g));
    assertTrue(e2.getMessage().contains("not an .npz archive"), e2.getMessage());
  }

  /** What the inflater found wrong is said in our words, not zlib's ("invalid literal/lengths set"). */
  @Test
  void damagedCompressedDataIsDescribedInOurWords() throws IOException {
    Path f = tmp.resolve("inflate.npz");
    float[] d = new float[4096];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sin(i);
    }
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
      z.putNextEntry(new ZipEntry("input_x.npy"));
      z.write(Npy.toBytes(Tensor.of(d, 1, 4096, 1)));
    }
    byte[] b = Files.readAllBytes(f);
    b[60] ^= 0x55; // inside the first deflate block
    Files.write(f, b);
    NpyFormatException c = assertThrows(NpyFormatException.class, () -> TestVector.read(f));
    assertEquals(f + "!input_x.npy: corrupt deflate data (compressed data cannot be inflated: the file is corrupt)",
        c.getMessage());
    Throwable root = c;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root instanceof java.util.zip.DataFormatException, "the inflater's exception stays the cause: " + root);
  }

  /** Entry names and metadata are the file's: cut and escaped in messages. */
  @Test
  void hostileNamesAreQuotedHarmlessly() throws IOException {
    // No NUL: zipfile (and kerasj) end an entry name at the first one.
    String hostile = "input_\u001b[2J\u202e\nFORGED " + "n".repeat(50_000);
    Path f = tmp.resolve("names.npz");
    Npz.of(Map.of("stray" + hostile, input(1, 2), "input_x", input(1, 2), "output_y", input(1, 2)), Map.of())
        .write(f);
    TestVectorException e = assertThrows(TestVectorException.class, () -> TestVector.read(f));
    assertTrue(e.getMessage().contains("array 'strayinput_\\x1b[2J\\u202e\\nFORGED nnn"), e.getMessage());
    assertTrue(e.getMessage().contains("…' (" + (5 + hostile.length()) + " chars)"), e.getMessage());
    assertTrue(e.getMessage().length() < 2_000, "message of " + e.getMessage().length() + " chars");
    Path m = tmp.resolve("meta.npz");
    Npz.of(Map.of("input_x", input(1, 2), "output_y", input(1, 2)),
        Map.of("metadata.json", ("{\"inputs\": [{\"no\": \"" + "q".repeat(50_000) + "\"}]}")
            .getBytes(StandardCharsets.UTF_8))).write(m);
    TestVectorException e2 = assertThrows(TestVectorException.class, () -> TestVector.read(m));
    assertTrue(e2.getMessage().contains("'inputs' should list names, got {\"no\":\"qqq"), e2.getMessage());
    assertTrue(e2.getMessage().length() < 2_000, "message of " + e2.getMessage().length() + " chars");
  }

  @Test
  void npzLimits() throws IOException {
    Path f = tmp.resolve("big.npz");
    Npz.of(Map.of("a", Tensor.of(new float[1000], 1000)), Map.of()).write(f);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f, 1000));
    assertTrue(e.getMessage().contains("limit of 1000"), e.getMessage());
    assertEquals(1000, Npz.read(f, 5000).arrays().get("a").size());
    // A deflated entry whose uncompressed size is huge is stopped by the byte limit while inflating.
    Path bomb = tmp.resolve("bomb.npz");
    try (OutputStream os = Files.newOutputStream(bomb); ZipOutputStream z = new ZipOutputStream(os)) {
      z.putNextEntry(new ZipEntry("x.npy"));
      z.write(Npy.header(new int[] {4_000_000}));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 16; i++) {
        z.write(zeros);
      }
    }
    assertTrue(Files.size(bomb) < 200_000);
    NpyFormatException e3 = assertThrows(NpyFormatException.class, () -> Npz.read(bomb, 1 << 20));
    assertTrue(e3.getMessage().contains("bomb.npz!x.npy"), e3.getMessage());
  }

  @Test
  void streamingReaderAndWriter() throws IOException {
    Path in = tmp.resolve("in.npy");
    Tensor x = input(7, 3);
    Npy.write(in, x);
    Path out = tmp.resolve("out.npy");
    try (NpyReader r = NpyReader.open(in); NpyWriter w = NpyWriter.create(out, 3, 2)) {
      assertEquals(7, r.count());
      assertArrayEquals(new int[] {3, 2}, r.itemShape());
      Tensor c;
      int chunks = 0;
      while ((c = r.next(3)) != null) {
        w.append(c);
        chunks++;
      }
      assertEquals(3, chunks);
    }
    assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out), "same bytes as np.save");
  }
}
