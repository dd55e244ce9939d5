package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import io.kerasj.loader.Npz;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The output file's extension decides its format; one input may always be an {@code .npy}; output
 * files are created like any program's (umask), against TensorFlow's outputs in the fixtures.
 */
class OutputFormatTest {
  static final Path SEM = MultiIoCliTest.SEM;

  @TempDir
  Path tmp;

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSingleOutputWrittenToNpzIsAnNpzWithOutput0() throws IOException {
    Path out = tmp.resolve("y.npz");
    MainTest.Result r = MainTest.run("predict", CliEndToEndTest.e2e("k3.keras").toString(), "--input",
        CliEndToEndTest.e2e("len7_small.npy").toString(), "--output", out.toString());
    assertEquals(0, r.status, r.err);
    Map<String, Tensor> y = Npz.read(out).arrays();
    assertEquals(Set.of("output_0"), y.keySet());
    assertTrue(MultiIoCliTest.maxAbs(y.get("output_0"), Npy.read(CliEndToEndTest.e2e("expected_k3_len7_small.npy")))
        <= 1e-5);
    assertEquals(List.of("y.npz"), files(), "no temporary file is left behind");
  }

  @ParameterizedTest
  @CsvSource({"return_state_lstm/k3.keras, return_state_lstm/expected_k3_small_len7, 3",
      "return_state_lstm/k2_full.h5, return_state_lstm/expected_k2_small_len7, 3",
      "return_state_gru/k3_legacy.h5, return_state_gru/expected_k3_small_len7, 2",
      "bidi_lstm_none/k3.keras, bidi_lstm_none/expected_k3_small_len7, 2",
      "bidi_gru_none/k2_full.h5, bidi_gru_none/expected_k2_small_len7, 2"})
  void oneInputWithSeveralOutputsReadsAnNpyAndWritesAnNpz(String model, String expected, int outputs)
      throws IOException {
    Path out = tmp.resolve("y.npz");
    // --batch-size 1 also splits the items across chunks, so each output is written a chunk at a time.
    for (String[] opts : new String[][] {{}, {"--batch-size", "1", "--threads", "2"}}) {
      List<String> args = new ArrayList<>(List.of("predict", SEM.resolve(model).toString(), "--input",
          SEM.resolve("inputs/seq2_b3_small_len7.npy").toString(), "--output", out.toString()));
      args.addAll(List.of(opts));
      MainTest.Result r = MainTest.run(args.toArray(new String[0]));
      assertEquals(0, r.status, r.err);
      Map<String, Tensor> y = Npz.read(out).arrays();
      assertEquals(outputs, y.size(), y.keySet().toString());
      for (int i = 0; i < outputs; i++) {
        double err = MultiIoCliTest.maxAbs(y.get("output_" + i), Npy.read(SEM.resolve(expected + "_" + i + ".npy")));
        assertTrue(err <= 1e-5, model + " output " + i + ": " + err);
      }
    }
  }

  @Test
  void severalOutputsToAnNpyAreRefusedBeforeAnyWork() throws IOException {
    // The input is not even an array: the request is refused before the input is read.
    Path x = tmp.resolve("x.npy");
    Files.writeString(x, "not an array");
    MainTest.run("predict", SEM.resolve("return_state_lstm/k3.keras").toString(), "--input", x.toString(),
        "--output", tmp.resolve("y.npy").toString())
        .assertOneLineError(2, "has 3 outputs", "--output Y.npz");
    assertEquals(List.of("x.npy"), files());
  }

  @Test
  void anOutputThatIsNeitherNpyNorNpzIsAUsageError() {
    MainTest.run("predict", "m.keras", "--input", "x.npy", "--output", "y.out")
        .assertOneLineError(2, "--output must name a .npy or .npz file", "'y.out'");
    MainTest.run("predict", "m.keras", "--input", "x.npy", "--output", "Y.NPZ").assertOneLineError(1, "m.keras");
  }

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void outputsAreCreatedUnderTheUmaskLikeAnyProgramsFiles() throws IOException {
    assumeTrue(posix(), "POSIX permissions");
    // What this process' umask gives a new file.
    Path reference = tmp.resolve("reference");
    try (OutputStream o = Files.newOutputStream(reference)) {
      o.write(1);
    }
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
    assertTrue(expected.contains(PosixFilePermission.OWNER_READ), "owner-readable by any umask in use");
    for (String name : new String[] {"y.npy", "y.npz"}) {
      Path out = tmp.resolve(name);
      MainTest.Result r = MainTest.run("predict", CliEndToEndTest.e2e("k3.keras").toString(), "--input",
          CliEndToEndTest.e2e("len7_small.npy").toString(), "--output", out.toString());
      assertEquals(0, r.status, r.err);
      assertEquals(PosixFilePermissions.toString(expected),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), name);
    }
  }

  @Test
  void aReplacedOutputKeepsItsPermissions() throws IOException {
    assumeTrue(posix(), "POSIX permissions");
    for (String perms : new String[] {"rw-------", "rw-r-----", "rw-rw-r--"}) {
      Path out = tmp.resolve("y.npy");
      Files.write(out, new byte[] {1});
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(perms));
      MainTest.Result r = MainTest.run("predict", CliEndToEndTest.e2e("k3.keras").toString(), "--input",
          CliEndToEndTest.e2e("len7_small.npy").toString(), "--output", out.toString());
      assertEquals(0, r.status, r.err);
      assertEquals(perms, PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
      assertEquals(7, Npy.read(out).dim(1), "replaced");
    }
  }

  @Test
  void aFailureAfterSomeChunksLeavesNoFileBehind() throws IOException {
    // Good rows are scored and written (one per chunk) before the ragged fifth row fails the run.
    Path x = tmp.resolve("x.csv");
    Files.writeString(x, "0.1,0.2,0.3\n0.4,0.5,0.6\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8\n");
    for (String name : new String[] {"y.npy", "y.npz"}) {
      MainTest.run("predict", CliEndToEndTest.e2e("k3.keras").toString(), "--input", x.toString(), "--output",
          tmp.resolve(name).toString(), "--batch-size", "1", "--threads", "1")
          .assertOneLineError(1, "row 5", "ragged row");
      assertEquals(List.of("x.csv"), files(), name);
    }
    assertFalse(Files.exists(tmp.resolve("y.npy")));
  }
}
