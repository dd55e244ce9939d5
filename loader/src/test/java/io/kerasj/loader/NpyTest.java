package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.KerasjException;
import io.kerasj.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
  @TempDir
  Path tmp;

  static Path resource(String name) {
    try {
      return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing test resource npy/" + name, e);
    }
  }

  static float[] expected3d() throws IOException {
    String[] parts = Files.readString(resource("f4_3d.txt")).trim().split(" ");
    float[] v = new float[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Double.parseDouble(parts[i]);
    }
    return v;
  }

  private static void assertBitsEqual(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          "element " + i + ": expected " + expected[i] + ", got " + actual[i]);
    }
  }

  @Test
  void roundTripKeepsShapeAndBits() throws IOException {
    Random rnd = new Random(1);
    int[][] shapes = {{}, {1}, {5}, {3, 4}, {2, 3, 4}, {2, 1, 3, 2}, {0, 3}, {4, 0, 2}};
    for (int[] shape : shapes) {
      Tensor t = Tensor.zeros(shape);
      float[] d = t.data();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) rnd.nextGaussian();
      }
      if (d.length > 2) {
        d[0] = Float.NaN;
        d[1] = Float.NEGATIVE_INFINITY;
        d[2] = -0.0f;
      }
      Path f = tmp.resolve("rt.npy");
      Npy.write(f, t);
      Tensor back = Npy.read(f);
      assertArrayEquals(shape, back.shape(), "shape " + Arrays.toString(shape));
      assertBitsEqual(d, back.data());
      assertEquals(0, (Files.size(f) - 4L * d.length) % 64, "header is padded to a multiple of 64 bytes");
      assertArrayEquals(Files.readAllBytes(f), Npy.toBytes(t));
    }
  }

  @Test
  void writerMatchesNumPyByteForByte() throws IOException {
    Tensor t = Npy.read(resource("f4_3d.npy"));
    assertArrayEquals(Files.readAllBytes(resource("f4_3d.npy")), Npy.toBytes(t));
    for (String name : new String[] {"f4_1d.npy", "f4_scalar.npy", "f4_empty.npy"}) {
      assertArrayEquals(Files.readAllBytes(resource(name)), Npy.toBytes(Npy.read(resource(name))), name);
    }
  }

  @Test
  void headerFormatsShapesLikePython() {
    assertEquals("()", Npy.formatShape(new int[0]));
    assertEquals("(4,)", Npy.formatShape(new int[] {4}));
    assertEquals("(4, 7, 1)", Npy.formatShape(new int[] {4, 7, 1}));
    byte[] h = Npy.header(new int[] {4});
    assertEquals(0, h.length % 64);
    assertEquals('\n', h[h.length - 1]);
    String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
    assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"f4_3d.npy", "f4_v2.npy", "f4_v3.npy"})
  void readsNumPyFloat32InEveryVersion(String name) throws IOException {
    Tensor t = Npy.read(resource(name));
    assertArrayEquals(new int[] {2, 3, 4}, t.shape());
    assertBitsEqual(expected3d(), t.data());
    assertEquals(1e-40f, t.get(0, 0, 0)); // a subnormal survives
  }

  @Test
  void readsNumPyOneDimensionalScalarAndEmpty() throws IOException {
    Tensor v = Npy.read(resource("f4_1d.npy"));
    assertArrayEquals(new int[] {5}, v.shape());
    for (int i = 0; i < 5; i++) {
      assertEquals((float) i / 3f, v.data()[i], 0f);
    }
    Tensor s = Npy.read(resource("f4_scalar.npy"));
    assertEquals(0, s.rank());
    assertEquals(2.5f, s.data()[0]);
    Tensor e = Npy.read(resource("f4_empty.npy"));
    assertArrayEquals(new int[] {0, 3}, e.shape());
    assertEquals(0, e.size());
  }

  @Test
  void convertsFloat64ToNearestFloat32() throws IOException {
    Tensor t = Npy.read(resource("f8_2d.npy"));
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertBitsEqual(new float[] {0.1f, -2.5f, Float.POSITIVE_INFINITY, 0f, 3f, -0f}, t.data());
  }

  @Test
  void convertsFloat16Exactly() throws IOException {
    Tensor t = Npy.read(resource("f2_1d.npy"));
    // 6e-8 in float16 is the subnormal 2^-24.
    assertBitsEqual(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, t.data());
    assertEquals(Float.NaN, Npy.halfToFloat((short) 0x7e00));
    assertEquals(-0f, Npy.halfToFloat((short) 0x8000));
    assertEquals(0x1p-14f, Npy.halfToFloat((short) 0x0400));
  }

  private NpyFormatException bad(String name) {
    return assertThrows(NpyFormatException.class, () -> Npy.read(resource(name)));
  }

  private static NpyFormatException bad(byte[] bytes) {
    return assertThrows(NpyFormatException.class, () -> Npy.read("x.npy", bytes));
  }

  private static void assertMessage(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void rejectsFortranOrder() {
    assertMessage(bad("fortran.npy"), "fortran.npy", "Fortran order", "expected C order");
  }

  @Test
  void rejectsBigEndian() {
    assertMessage(bad("big_endian.npy"), "big_endian.npy", "'>f4'", "big-endian", "expected '<f4'");
  }

  @Test
  void rejectsObjectIntegerAndStructuredDtypes() {
    assertMessage(bad("object.npy"), "object.npy", "'|O'", "Python objects");
    assertMessage(bad("int32.npy"), "int32.npy", "'<i4'", "not a float dtype");
    assertMessage(bad("structured.npy"), "structured.npy", "structured");
  }

  @Test
  void failuresAreKerasjExceptions() {
    assertTrue(KerasjException.class.isInstance(bad("fortran.npy")));
  }

  @Test
  void rejectsBadMagicAndEmptyFile() throws IOException {
    byte[] h5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0};
    assertMessage(bad(h5), "x.npy", "not a NumPy .npy file", "\\x93NUMPY", "89 48 44 46 0d 0a");
    assertMessage(bad(new byte[0]), "x.npy", "an empty file");
    assertMessage(bad(new byte[] {(byte) 0x93, 'N', 'U'}), "not a NumPy .npy file");
  }

  @Test
  void rejectsTruncatedData() throws IOException {
    byte[] full = Files.readAllBytes(resource("f4_3d.npy"));
    byte[] cut = Arrays.copyOf(full, full.length - 3);
    assertMessage(bad(cut), "x.npy", "truncated", "(2, 3, 4)", "needs 96 data bytes", "has 93");
    Path f = tmp.resolve("cut.npy");
    Files.write(f, cut);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertMessage(e, f.toString(), "truncated");
  }

  @Test
  void rejectsTruncatedHeaderAndTrailingBytes() throws IOException {
    byte[] full = Files.readAllBytes(resource("f4_3d.npy"));
    assertMessage(bad(Arrays.copyOf(full, 9)), "truncated", "header length");
    assertMessage(bad(Arrays.copyOf(full, 60)), "truncated", "header");
    byte[] longer = Arrays.copyOf(full, full.length + 4);
    assertMessage(bad(longer), "trailing bytes", "needs 96", "has 100");
  }

  @Test
  void rejectsUnknownVersion() throws IOException {
    byte[] b = Files.readAllBytes(resource("f4_1d.npy"));
    b[6] = 4;
    assertMessage(bad(b), "version 4.0", "expected 1.0, 2.0 or 3.0");
  }

  /** A file with the given header text, wrapped as NumPy would, plus {@code dataBytes} zeros. */
  private static byte[] withHeader(int major, String dict, int dataBytes) {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    int lenBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    b.put(text);
    return b.array();
  }

  @Test
  void guardsAgainstAbsurdHeaderLengthBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(0x7fffffff);
    assertMessage(bad(b.array()), "header length 2147483647", "exceeds the limit");
  }

  @Test
  void guardsAgainstAbsurdShapesBeforeAllocating() {
    String h = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }";
    assertMessage(bad(withHeader(1, String.format(h, "100000, 100000, 100000"), 0)), "more than", "elements");
    assertMessage(bad(withHeader(1, String.format(h, "1099511627776,"), 0)), "dimension 1099511627776");
    assertMessage(bad(withHeader(1, String.format(h, "-1,"), 0)), "negative dimension");
    // Plausible size, but the file does not hold the data: rejected by size, not by a failed allocation.
    assertMessage(bad(withHeader(2, String.format(h, "1000000000,"), 16)), "truncated", "needs 4000000000");
  }

  @Test
  void rejectsMalformedHeaders() {
    assertMessage(bad(withHeader(1, "{'descr': '<f4', 'fortran_order': False}", 0)), "keys", "shape");
    assertMessage(bad(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4)),
        "keys");
    assertMessage(bad(withHeader(1, "[1, 2]", 0)), "not a dictionary");
    assertMessage(bad(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", 8)),
        "shape", "expected a tuple");
    assertMessage(bad(withHeader(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", 8)),
        "fortran_order", "expected True or False");
    assertMessage(bad(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", 8)),
        "cannot parse");
    assertMessage(bad(withHeader(1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}", 8)),
        "cannot parse");
  }

  /** Header text is the file's: cut and escaped in messages. */
  @Test
  void hostileHeaderTextIsQuotedHarmlessly() {
    String dtype = "\u001b[2J\nFORGED " + "d".repeat(5_000);
    NpyFormatException e = bad(withHeader(1, "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (2,)}", 8));
    assertMessage(e, "unsupported dtype '\\x1b[2J\\nFORGED ddd", "…' (" + dtype.length() + " chars)");
    assertTrue(e.getMessage().length() < 1_000, e.getMessage());
    NpyFormatException c = bad(withHeader(1, "{'descr': '<f4', \u0000: False, 'shape': (2,)}", 8));
    assertMessage(c, "unexpected character '\\x00'");
    assertFalse(c.getMessage().contains("\u0000"), c.getMessage());
  }

  @Test
  void acceptsHandWrittenHeaderVariants() {
    // Key order, double quotes, a Python 2 long suffix and no trailing comma are all valid headers.
    byte[] b = withHeader(1, "{\"shape\": (2L, 1), \"fortran_order\": False, \"descr\": \"<f4\"}", 8);
    ByteBuffer.wrap(b, b.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    Tensor t = Npy.read("x.npy", b);
    assertArrayEquals(new int[] {2, 1}, t.shape());
    assertArrayEquals(new float[] {1.5f, -2f}, t.data());
  }
}
