package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Tensor;
import io.kerasj.loader.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code predict} on image models, against TensorFlow's outputs in the compat-tests fixtures
 * ({@code fixtures_image_models}): Hands-On ML's chapter 14 CNN on {@code (batch, 28, 28, 1)} images and
 * chapter 17's convolutional autoencoder, {@code (batch, 28, 28)} to {@code (batch, 28, 28)}.
 */
class ImageCliTest {
  static final Path FIX = Path.of("../compat-tests/src/test/resources/fixtures_image_models");

  /** Whole batch, one image per chunk on two threads (the batch axis split), and each file format. */
  @ParameterizedTest
  @CsvSource({"ch14_cnn, k3.keras, k3, 0", "ch14_cnn, k2_full.h5, k2, 1", "ch14_cnn, k3_legacy.h5, k3, 2",
      "ch17_conv_ae, k3.keras, k3, 1", "ch17_conv_ae, k2_full.h5, k2, 0"})
  void predictsImageBatchesAsTensorFlowDoes(String model, String file, String fw, int batchSize, @TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("y.npy");
    String[] args = {"predict", FIX.resolve(model).resolve(file).toString(), "--input",
        FIX.resolve("inputs/" + model + ".npy").toString(), "--output", out.toString(), "--threads", "2"};
    if (batchSize > 0) {
      args = java.util.Arrays.copyOf(args, args.length + 2);
      args[args.length - 2] = "--batch-size";
      args[args.length - 1] = Integer.toString(batchSize);
    }
    MainTest.Result r = MainTest.run(args);
    assertEquals(0, r.status, r.err);
    Tensor expected = Npy.read(FIX.resolve(model).resolve("expected_" + fw + "_x_b3.npy"));
    assertTrue(MultiIoCliTest.maxAbs(Npy.read(out), expected) <= 1e-5);
  }

  @Test
  void anImageOfTheWrongShapeIsRefusedWithBothShapes(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("rgb.npy");
    Npy.write(in, Tensor.zeros(2, 28, 28, 3));
    Path out = dir.resolve("y.npy");
    MainTest.Result r = MainTest.run("predict", FIX.resolve("ch14_cnn/k3.keras").toString(), "--input", in.toString(),
        "--output", out.toString());
    assertEquals(1, r.status);
    assertTrue(r.err.contains("(None, 28, 28, 1)") && r.err.contains("(2, 28, 28, 3)"), r.err);
    assertTrue(!Files.exists(out));
  }

  @Test
  void defaultChunksOfLargeImagesStaySmall() {
    // 224×224×3 images: 13 per chunk, not 256 (whose ResNet50 activations would be gigabytes).
    assertEquals(13, BatchScorer.defaultChunk(1000, 2, 224 * 224 * 3));
    // Small items keep the old rule: up to 256, split across the threads.
    assertEquals(256, BatchScorer.defaultChunk(100_000, 2, 100));
    assertEquals(50, BatchScorer.defaultChunk(100, 2, 28 * 28));
    // An item above the budget goes alone.
    assertEquals(1, BatchScorer.defaultChunk(10, 2, 4096 * 4096));
  }
}
