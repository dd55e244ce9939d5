package io.kerasj.compat;

import static io.kerasj.junit.KerasjAssertions.assertMatchesTestVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.VerificationException;
import io.kerasj.loader.VerificationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The whole test-vector workflow with real TensorFlow: {@code tools/record_test_vector.py} records
 * vectors for fixture models, Java verifies them (passing), and a copy of a model with one weight
 * changed ({@code tools/perturb_weight.py}) fails with its worst element reported.
 *
 * <p>Tagged {@code e2e}: excluded from {@code mvn verify}, run with {@code mvn -B -Pe2e verify -pl
 * compat-tests -am}. Needs a Python with TensorFlow 2.21, tf-keras and Keras 3 ({@code
 * compat-tests/python/requirements.txt}): {@code $KERASJ_PYTHON}, or {@code .venv/bin/python} at
 * the repository root. It fails, never skips, when that Python is missing.
 */
@Tag("e2e")
class RecordVerifyE2ETest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path TOOLS = ROOT.resolve("tools");
  static Path python;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void findPython() throws Exception {
    String env = System.getenv("KERASJ_PYTHON");
    Path p = env != null && !env.isBlank() ? Path.of(env) : ROOT.resolve(".venv/bin/python");
    if (!Files.isExecutable(p)) {
      fail("the e2e test needs a Python with TensorFlow: set KERASJ_PYTHON or create " + ROOT.resolve(".venv")
          + " (python3 -m venv .venv && .venv/bin/pip install -r compat-tests/python/requirements.txt); not found: " + p);
    }
    python = p;
    String v = run(List.of(p.toString(), "-c", "import tensorflow, numpy, h5py; print(tensorflow.__version__)"));
    System.out.println("e2e: " + p + ", TensorFlow " + v.strip());
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    // TensorFlow logs to stderr even when asked not to; keep it apart, and show it on failure.
    Path errFile = Files.createTempFile(tmp, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    Process proc = pb.start();
    byte[] out = proc.getInputStream().readAllBytes();
    if (!proc.waitFor(300, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      fail("timed out: " + cmd);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (proc.exitValue() != 0) {
      fail("exit " + proc.exitValue() + " from " + cmd + ":\n" + text + Files.readString(errFile));
    }
    return text;
  }

  static String record(Path model, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(python.toString(), TOOLS.resolve("record_test_vector.py").toString(),
        model.toString()));
    cmd.addAll(List.of(args));
    String out = run(cmd);
    System.out.println(out.strip());
    return out;
  }

  static Path copy(String fixture, String name) throws IOException {
    Path dst = tmp.resolve(name);
    Files.copy(CompatTest.FIXTURES.resolve(fixture), dst);
    return dst;
  }

  /** Keras 3 .keras with the notebook's custom cell; random inputs along 1,000 steps; sidecar check at load. */
  @Test
  void keras3CustomCellRandomInputs() throws Exception {
    Path model = copy("ln_rnn/k3.keras", "ln_rnn.keras");
    record(model, "--custom-objects", ROOT.resolve("compat-tests/python/ln_simple_rnn_cell.py").toString(),
        "--batch", "3", "--seq-len", "1000", "--seed", "7");
    Path vector = TestVector.sidecarOf(model);
    TestVector v = TestVector.read(vector);
    assertEquals("2.21.0", v.versions().get("tensorflow"));
    assertTrue(v.inputsDrawn().contains("\"seed\":7"), v.inputsDrawn());
    VerificationResult r = assertMatchesTestVector(KerasModels.load(model), vector);
    System.out.print(r.table());
    assertEquals(3 * 1000 * 10, r.outputs().get(0).elements());
    // The same check at load time, from the sidecar file.
    KerasModels.load(model, LoadOptions.defaults().withSidecarTestVector());
  }

  /** tf-keras .h5 and JSON + weights, the user's own inputs; a perturbed weight fails. */
  @Test
  void keras2UserInputsAndPerturbedWeight() throws Exception {
    Path model = copy("lstm/k2_full.h5", "lstm.h5");
    Path inputs = copy("inputs/len100_small.npy", "x.npy");
    record(model, "--inputs", inputs.toString());
    Path vector = TestVector.sidecarOf(model);
    System.out.print(assertMatchesTestVector(KerasModels.load(model), vector).table());

    Path json = copy("lstm/k2_model.json", "lstm.json");
    Path weights = copy("lstm/k2_weights.h5", "lstm_weights.h5");
    record(json, "--weights", weights.toString(), "--batch", "2", "--seq-len", "50");
    assertMatchesTestVector(KerasModels.load(json, weights), TestVector.sidecarOf(json));

    Path bad = tmp.resolve("lstm_perturbed.h5");
    String dataset = run(List.of(python.toString(), TOOLS.resolve("perturb_weight.py").toString(), model.toString(),
        bad.toString(), "--delta", "0.05")).strip();
    System.out.println("perturbed " + dataset);
    Model perturbed = KerasModels.load(bad);
    VerificationResult r = TestVector.read(vector).verify(perturbed, 1e-5, 1e-5);
    System.out.print(r.table());
    assertFalse(r.passed());
    VerificationResult.OutputError o = r.outputs().get(0);
    assertTrue(o.outOfTolerance() > 0);
    assertTrue(o.batch() >= 0 && o.batch() < 4 && o.time() >= 0 && o.time() < 100 && o.feature() >= 0, o.toString());
    assertTrue(r.table().contains(o.worstLocation()) && r.table().contains("FAIL"), r.table());

    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertMatchesTestVector(perturbed, vector));
    assertTrue(e.getMessage().contains("at (batch, time, feature) " + o.worstLocation()), e.getMessage());

    VerificationException refused = assertThrows(VerificationException.class,
        () -> KerasModels.load(bad, LoadOptions.defaults().withTestVector(vector)));
    assertTrue(refused.getMessage().contains(o.worstLocation()), refused.getMessage());
  }
}
