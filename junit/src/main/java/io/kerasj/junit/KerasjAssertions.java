package io.kerasj.junit;

import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.VerificationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * JUnit 5 assertions that a kerasj model reproduces a TensorFlow test vector recorded by
 * {@code tools/record_test_vector.py}. Add {@code io.kerasj:kerasj-junit} with test scope, then:
 *
 * <pre>{@code
 * import static io.kerasj.junit.KerasjAssertions.assertMatchesTestVector;
 *
 * @Test
 * void modelMatchesTensorFlow() throws Exception {
 *   Model model = KerasModels.load(Path.of("src/main/resources/model.keras"));
 *   assertMatchesTestVector(model, Path.of("src/test/resources/model.keras.vectors.npz"));
 * }
 * }</pre>
 *
 * <p>A failure is an {@link AssertionFailedError} whose message is the per-output table (max
 * absolute, relative and ulp error, and the worst element's batch, time and feature), and whose
 * expected/actual values are the worst element's. A vector that does not fit the model (input or
 * output names, counts or shapes) fails with the loader's message.
 */
public final class KerasjAssertions {
  private KerasjAssertions() {}

  /** Asserts with the default tolerances, 1e-5 absolute and 1e-5 relative. */
  public static VerificationResult assertMatchesTestVector(Model model, Path vector) {
    return assertMatchesTestVector(model, vector, TestVector.DEFAULT_ATOL, TestVector.DEFAULT_RTOL);
  }

  /**
   * Asserts that every output element is within {@code atol + rtol·|expected|} of the vector's.
   *
   * @return the verification, for further checks (e.g. on {@code maxUlp})
   */
  public static VerificationResult assertMatchesTestVector(Model model, Path vector, double atol, double rtol) {
    TestVector v;
    try {
      v = TestVector.read(vector);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test vector " + vector, e);
    }
    VerificationResult r = v.verify(model, atol, rtol);
    if (!r.passed()) {
      VerificationResult.OutputError worst = r.outputs().stream().filter(o -> !o.passed()).findFirst().orElseThrow();
      throw new AssertionFailedError("model " + Messages.quote(model.name()) + " does not match test vector " + vector
          + " (recorded with " + Messages.snippet(v.versions()) + "); worst element of output "
          + Messages.quote(worst.name()) + " at (batch, time, feature) "
          + worst.worstLocation() + "\n" + r.table(), worst.expected(), worst.actual());
    }
    return r;
  }

  /** Loads {@code model} (a {@code .h5} or {@code .keras} file) and asserts it matches {@code vector}. */
  public static VerificationResult assertModelFileMatchesTestVector(Path model, Path vector) {
    try {
      return assertMatchesTestVector(KerasModels.load(model), vector);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model " + model, e);
    }
  }

  /** Loads {@code model} and asserts it matches its sidecar vector, {@code <model>.vectors.npz}. */
  public static VerificationResult assertMatchesSidecarTestVector(Path model) {
    return assertModelFileMatchesTestVector(model, TestVector.sidecarOf(model));
  }
}
