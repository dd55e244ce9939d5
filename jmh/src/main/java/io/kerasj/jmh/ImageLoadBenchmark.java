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
 * Load time of a large image model (issue 12: ResNet50, 25.6 M weights) from bytes already in
 * memory, as {@link LoadBenchmark} does for the small ones, and from its path (the file is mapped,
 * not read into the heap; its pages are in the page cache after the first load): Keras 3's {@code .keras} and legacy
 * {@code .h5}, and tf-keras' full {@code .h5} of the same weights ({@code jmh/peers/images.py
 * export}). The peak heap while loading is measured apart, by {@link LoadHeap}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ImageLoadBenchmark {
  /** Model in {@code <kerasj.bench.work>/images/}. */
  @Param({"ResNet50"})
  public String model;

  /** {@code .keras}, {@code .h5} (Keras 3 legacy) or {@code _k2.h5} (tf-keras). */
  @Param({".keras", ".h5", "_k2.h5"})
  public String file;

  private byte[] bytes;
  private Path path;

  /** Reads the file into memory. */
  @Setup
  public void setup() throws IOException {
    path = Bench.work().resolve("images").resolve(model + file);
    bytes = Files.readAllBytes(path);
  }

  /** Parses the file and builds the model with its packed weights. */
  @Benchmark
  public Model load() {
    return KerasModels.load(bytes);
  }

  /** Loads from the path, as users call it. */
  @Benchmark
  public Model loadFromPath() throws IOException {
    return KerasModels.load(path);
  }
}
