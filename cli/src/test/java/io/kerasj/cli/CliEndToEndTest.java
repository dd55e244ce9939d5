package io.kerasj.cli;

import io.kerasj.loader.Npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The notebook's LSTM model through the CLI, against TensorFlow's outputs (copies of compat-tests
 * fixtures, see {@code e2e/README.md}).
 */
class CliEndToEndTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path tmp;

  static Path e2e(String name) {
    try {
      return Path.of(CliEndToEndTest.class.getResource("/e2e/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing test resource e2e/" + name, e);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "k2_full.h5, , expected_k2_len7_small.npy",
      "k3.keras, , expected_k3_len7_small.npy",
      "k2_model.json, k2_weights.h5, expected_k2_len7_small.npy"})
  void predictMatchesTensorFlow(String model, String weights, String expectedName) throws IOException {
    Path out = tmp.resolve("y.npy");
    String[] args = weights == null
        ? new String[] {"predict", e2e(model).toString(), "--input", e2e("len7_small.npy").toString(),
            "--output", out.toString()}
        : new String[] {"predict", e2e(model).toString(), "--weights", e2e(weights).toString(),
            "--input", e2e("len7_small.npy").toString(), "--output", out.toString()};
    MainTest.Result r = MainTest.run(args);
    assertEquals(0, r.status, r.err);
    assertEquals("", r.err);
    Tensor expected = Npy.read(e2e(expectedName));
    Tensor actual = Npy.read(out);
    assertArrayEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.data()[i], actual.data()[i], TOLERANCE, "element " + i);
    }
    try (Stream<Path> files = Files.list(tmp)) {
      List<String> left = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      assertEquals(List.of("y.npy"), left, "no temporary file is left behind");
    }
  }

  @Test
  void demoRunsTheShippedModelsAgainstTensorFlow() {
    MainTest.Result r = MainTest.run("demo");
    assertEquals(0, r.status, r.err);
    assertEquals("", r.err);
    assertEquals(3, r.out.lines().filter(l -> l.startsWith("max |kerasj - TensorFlow|")).count(), r.out);
    assertTrue(r.out.contains("rnn (RNN)"), "the custom-cell model is shown: " + r.out);
    MainTest.run("demo", "extra").assertOneLineError(2, "demo takes no arguments");
  }

  @Test
  void summaryPrintsTheLayerTable() {
    MainTest.Result r = MainTest.run("summary", e2e("k2_full.h5").toString());
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.startsWith("Model: \"sequential\"\n"), r.out);
    assertTrue(r.out.contains("lstm (LSTM)"), r.out);
    assertTrue(r.out.contains("Total params: 5,250"), r.out);
  }

  @Test
  void wrongInputShapeFailsWithStatusOne() throws IOException {
    Path x = tmp.resolve("x.npy");
    Npy.write(x, Tensor.zeros(2, 7, 3));
    MainTest.run("predict", e2e("k3.keras").toString(), "--input", x.toString(), "--output",
        tmp.resolve("y.npy").toString()).assertOneLineError(1, "input");
    assertTrue(Files.notExists(tmp.resolve("y.npy")), "no output on failure");
  }

  @Test
  void badInputArrayFailsWithStatusOneAndNamesTheFile() throws IOException {
    Path x = tmp.resolve("x.npy");
    Files.write(x, new byte[] {1, 2, 3});
    MainTest.run("predict", e2e("k3.keras").toString(), "--input", x.toString(), "--output",
        tmp.resolve("y.npy").toString()).assertOneLineError(1, x.toString(), "not a NumPy .npy file");
  }

  @Test
  void missingOutputDirectoryFailsBeforeLoading() {
    Path out = tmp.resolve("no/such/dir/y.npy");
    MainTest.run("predict", e2e("k3.keras").toString(), "--input", e2e("len7_small.npy").toString(), "--output",
        out.toString()).assertOneLineError(1, "output directory does not exist");
  }

  @Test
  void verboseSaysWhichKernelsRanAndHowLong() throws IOException {
    Path out = tmp.resolve("y.npy");
    MainTest.Result r = MainTest.run("predict", e2e("k3.keras").toString(), "--input",
        e2e("len7_small.npy").toString(), "--output", out.toString(), "--verbose");
    assertEquals(0, r.status, r.err);
    assertEquals(1, r.err.lines().count(), r.err);
    assertTrue(r.err.matches("kerasj: predict took [0-9]+\\.[0-9]{2} s; kernels: (scalar|panama-[0-9]+) \\(.+\\)\\R"), r.err);
    Tensor expected = Npy.read(e2e("expected_k3_len7_small.npy"));
    assertArrayEquals(expected.shape(), Npy.read(out).shape());
  }
}
