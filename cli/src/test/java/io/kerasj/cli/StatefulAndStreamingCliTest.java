package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.rnn.RNN;
import io.kerasj.layers.rnn.SimpleRNNCell;
import io.kerasj.loader.Npy;
import io.kerasj.loader.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code predict} on models whose batch axis must not be split (stateful, time-major) and
 * {@code --chunk-steps}, against TensorFlow's outputs in the compat-tests fixtures: the stateful
 * fixtures record the model's output over the whole length-10 sequence from a fresh state, which
 * is also what Keras gives when the sequence is fed in chunks to the stateful model.
 */
class StatefulAndStreamingCliTest {
  static final Path SEM = MultiIoCliTest.SEM;
  static final Path FIX = Path.of("../compat-tests/src/test/resources/fixtures");
  static final Path STATEFUL_X = SEM.resolve("inputs/stateful_b3_len10.npy");

  @TempDir
  Path tmp;

  static MainTest.Result predict(Path model, Path input, Path output, String... opts) {
    List<String> args = new ArrayList<>(List.of("predict", model.toString(), "--input", input.toString(), "--output",
        output.toString()));
    args.addAll(Arrays.asList(opts));
    return MainTest.run(args.toArray(new String[0]));
  }

  static void assertMatches(Path expected, Tensor actual, String what) throws IOException {
    double err = MultiIoCliTest.maxAbs(actual, Npy.read(expected));
    assertTrue(err <= 1e-5, what + ": max |kerasj - TensorFlow| = " + err);
  }

  void assertOnlyInputsLeft() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("x")).toList();
      assertEquals(List.of(), left, "no output or temporary file");
    }
  }

  @ParameterizedTest
  @CsvSource({"stateful_lstm/k3.keras, stateful_lstm/expected_k3_whole_len10_0.npy",
      "stateful_lstm/k2_full.h5, stateful_lstm/expected_k2_whole_len10_0.npy",
      "stateful_gru_last/k3_legacy.h5, stateful_gru_last/expected_k3_whole_len10_0.npy"})
  void aFixedBatchIsNeverSplitWhateverTheThreadCount(String model, String expected) throws IOException {
    Path out = tmp.resolve("y.npy");
    for (String threads : new String[] {"1", "2", "3", "4", "8"}) {
      for (String[] batch : new String[][] {{}, {"--batch-size", "3"}}) {
        List<String> opts = new ArrayList<>(List.of("--threads", threads));
        opts.addAll(Arrays.asList(batch));
        MainTest.Result r = predict(SEM.resolve(model), STATEFUL_X, out, opts.toArray(new String[0]));
        assertEquals(0, r.status, "--threads " + threads + " " + Arrays.toString(batch) + ": " + r.err);
        assertMatches(SEM.resolve(expected), Npy.read(out), model + " --threads " + threads);
      }
    }
  }

  @Test
  void aFixedBatchTakesExactlyThatManyItems() throws IOException {
    Path model = SEM.resolve("stateful_lstm/k3.keras");
    Tensor x = Npy.read(STATEFUL_X);
    Path two = tmp.resolve("x2.npy");
    Npy.write(two, Tensor.of(Arrays.copyOf(x.data(), 2 * 10 * 2), 2, 10, 2));
    predict(model, two, tmp.resolve("y.npy")).assertOneLineError(1, "fixed batch size of 3", "has 2 items");
    predict(model, STATEFUL_X, tmp.resolve("y.npy"), "--batch-size", "2")
        .assertOneLineError(2, "--batch-size 2", "fixed batch size of 3");
    assertOnlyInputsLeft();

    // A CSV is streamed without a count: three rows are the batch, a fourth is one too many.
    StringBuilder csv = new StringBuilder();
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < 20; i++) {
        csv.append(i == 0 ? "" : ",").append(x.data()[b * 20 + i]);
      }
      csv.append('\n');
    }
    Path rows = tmp.resolve("x3.csv");
    Files.writeString(rows, csv);
    Path out = tmp.resolve("y.npy");
    MainTest.Result r = predict(model, rows, out, "--threads", "2");
    assertEquals(0, r.status, r.err);
    assertMatches(SEM.resolve("stateful_lstm/expected_k3_whole_len10_0.npy"), Npy.read(out), "3 CSV rows");
    Files.delete(out);
    Path four = tmp.resolve("x4.csv");
    Files.writeString(four, csv + csv.substring(0, csv.indexOf("\n") + 1));
    predict(model, four, out).assertOneLineError(1, "fixed batch size of 3", "has more items");
    assertOnlyInputsLeft();
  }

  @ParameterizedTest
  @CsvSource({"--batch-size, 1", "--threads, 4", "--batch-size, 2"})
  void aTimeMajorModelsAxisZeroIsTimeAndNeverSplit(String opt, String value) throws IOException {
    // Keras 2's time_major=True: the array is (time, batch, features); splitting axis 0 cut the sequences.
    Path out = tmp.resolve("y.npy");
    for (String model : new String[] {"k2_full.h5", "k2_model.json"}) {
      List<String> args = new ArrayList<>(List.of(opt, value));
      if (model.endsWith(".json")) {
        args.addAll(List.of("--weights", SEM.resolve("time_major_lstm/k2_weights.h5").toString()));
      }
      MainTest.Result r = predict(SEM.resolve("time_major_lstm/" + model), SEM.resolve("inputs/tm_t7_b3_f2_small.npy"),
          out, args.toArray(new String[0]));
      assertEquals(0, r.status, r.err);
      assertMatches(SEM.resolve("time_major_lstm/expected_k2_small_t7_0.npy"), Npy.read(out), model + " " + opt);
    }
  }

  @ParameterizedTest
  @CsvSource({"1", "3", "4", "5", "9", "10", "64"})
  void chunkStepsCarryTheStateOfAStatefulModel(String steps) throws IOException {
    Path out = tmp.resolve("y.npy");
    for (String[] m : new String[][] {{"stateful_lstm/k3.keras", "stateful_lstm/expected_k3_whole_len10_0.npy"},
        {"stateful_lstm/k2_full.h5", "stateful_lstm/expected_k2_whole_len10_0.npy"},
        {"stateful_gru_last/k3.keras", "stateful_gru_last/expected_k3_whole_len10_0.npy"}}) {
      MainTest.Result r = predict(SEM.resolve(m[0]), STATEFUL_X, out, "--chunk-steps", steps);
      assertEquals(0, r.status, r.err);
      assertMatches(SEM.resolve(m[1]), Npy.read(out), m[0] + " --chunk-steps " + steps);
    }
  }

  @Test
  void chunkStepsOnAStatelessModelSplitAcrossThreads() throws IOException {
    Path out = tmp.resolve("y.npy");
    for (String[] opts : new String[][] {{"--chunk-steps", "7", "--batch-size", "1", "--threads", "2"},
        {"--chunk-steps", "1"}, {"--chunk-steps", "33", "--threads", "3"}}) {
      MainTest.Result r = predict(FIX.resolve("lstm/k3.keras"), FIX.resolve("inputs/len100_small.npy"), out, opts);
      assertEquals(0, r.status, r.err);
      assertMatches(FIX.resolve("lstm/expected_k3_len100_small.npy"), Npy.read(out), Arrays.toString(opts));
    }
  }

  @Test
  void chunkStepsJoinSequencesAndKeepTheLastStates() throws IOException {
    // return_state: outputs (sequence, h, c); the states of the last piece are the whole sequence's.
    Path out = tmp.resolve("y.npz");
    MainTest.Result r = predict(SEM.resolve("return_state_lstm/k3.keras"), SEM.resolve("inputs/seq2_b3_small_len7.npy"),
        out, "--chunk-steps", "3");
    assertEquals(0, r.status, r.err);
    Map<String, Tensor> y = Npz.read(out).arrays();
    assertEquals(List.of("output_0", "output_1", "output_2"), new ArrayList<>(y.keySet()));
    for (int i = 0; i < 3; i++) {
      assertMatches(SEM.resolve("return_state_lstm/expected_k3_small_len7_" + i + ".npy"), y.get("output_" + i),
          "output " + i);
    }
  }

  @Test
  void chunkStepsAreRefusedBeforeAnyWorkWhenTheResultWouldDiffer() throws IOException {
    Path out = tmp.resolve("y.npy");
    Path x = SEM.resolve("inputs/seq2_b3_small_len7.npy");
    predict(SEM.resolve("bidi_lstm_concat/k3.keras"), x, out, "--chunk-steps", "2")
        .assertOneLineError(2, "--chunk-steps", "layer 'bidirectional' (Bidirectional) needs the whole sequence");
    predict(SEM.resolve("time_major_lstm/k2_full.h5"), SEM.resolve("inputs/tm_t7_b3_f2_small.npy"), out,
        "--chunk-steps", "2").assertOneLineError(2, "--chunk-steps", "time-major");
    // Initial states given as inputs have no time axis: feeding them with every piece would restart the RNN.
    Path in = tmp.resolve("x.npz");
    Npz.of(Map.of("input_0", Npy.read(x), "input_1", Npy.read(SEM.resolve("inputs/h0_b3_u6.npy")),
        "input_2", Npy.read(SEM.resolve("inputs/c0_b3_u6.npy"))), Map.of()).write(in);
    predict(SEM.resolve("initial_state_inputs/k3.keras"), in, out, "--chunk-steps", "2")
        .assertOneLineError(2, "--chunk-steps", "axis 1 is fixed");
    MainTest.run("predict", "m.keras", "--input", "x.npy", "--output", "y.npy", "--chunk-steps", "0")
        .assertOneLineError(2, "--chunk-steps must be a positive integer");
    assertOnlyInputsLeft();
  }

  @Test
  void aFixedTimeAxisCannotBeCut() {
    SimpleRNNCell cell = new SimpleRNNCell("cell", 1, 2, new float[2], new float[4], null, Activation.TANH);
    Model fixedTime = Model.sequential("fixed", new int[] {-1, 5, 1}, List.of(new RNN("rnn", cell, true)));
    assertTrue(fixedTime.isStreamable());
    Main.UsageException e = assertThrows(Main.UsageException.class,
        () -> new BatchScorer(fixedTime, 1, 0, 2, null).checkRequest());
    assertTrue(e.getMessage().contains("shape (None, 5, 1): its axis 1 is fixed"), e.getMessage());
  }
}
