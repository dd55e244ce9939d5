package io.kerasj.jmh;

import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Model load time per file format, from bytes already in memory (so the disk cache is not
 * measured): {@code k3.keras} (zip), {@code k2_full.h5} and {@code k3_legacy.h5} (legacy HDF5),
 * and config JSON + weights HDF5 ({@code k2_json}, {@code k3_json}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LoadBenchmark {
  /** Fixture model. */
  @Param({"lstm", "gru", "ln_rnn"})
  public String model;

  /** File format. */
  @Param({"k3.keras", "k2_full.h5", "k3_legacy.h5", "k2_json", "k3_json"})
  public String format;

  private byte[] a;
  private byte[] b;

  /** Reads the file(s) into memory. */
  @Setup
  public void setup() throws IOException {
    Path dir = Bench.fixtures().resolve(model);
    switch (format) {
      case "k2_json":
        a = Files.readAllBytes(dir.resolve("k2_model.json"));
        b = Files.readAllBytes(dir.resolve("k2_weights.h5"));
        break;
      case "k3_json":
        a = Files.readAllBytes(dir.resolve("k3_model.json"));
        b = Files.readAllBytes(dir.resolve("k3.weights.h5"));
        break;
      default:
        a = Files.readAllBytes(dir.resolve(format));
    }
  }

  /** Parses and builds the model. */
  @Benchmark
  public Model load() {
    return b == null ? KerasModels.load(a) : KerasModels.load(a, b, io.kerasj.loader.LoadOptions.defaults());
  }
}
