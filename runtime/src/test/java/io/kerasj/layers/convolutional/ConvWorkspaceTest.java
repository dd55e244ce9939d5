package io.kerasj.layers.convolutional;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.layers.Allocations;
import io.kerasj.activations.Activation;
import io.kerasj.internal.vectorization.ParallelGemm;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a model of convolutions allocates per {@code predict(x, out)} call: the same small
 * bookkeeping whether the images are tiny (tiles run on the caller) or large (tiles run on every
 * thread), so handing tiles to the threads allocates nothing and nothing grows with the image.
 */
@Tag(Allocations.TAG)
class ConvWorkspaceTest {

  private static float[] rand(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * 0.2);
    }
    return a;
  }

  /** Per-call bytes of {@code m} on a 6×6 image (tiles on the caller) and on two 48×48 (on threads). */
  private static void sameAllocationSmallAndLarge(Model m, int c, boolean channelsFirst) {
    Random r = new Random(6);
    long[] bytes = new long[2];
    int[][] sizes = {{1, 6}, {2, 48}};
    for (int i = 0; i < 2; i++) {
      int b = sizes[i][0];
      int s = sizes[i][1];
      Tensor x = channelsFirst ? Tensor.of(rand(r, b * s * s * c), b, c, s, s) : Tensor.of(rand(r, b * s * s * c), b, s, s, c);
      Tensor out = Tensor.zeros(m.predict(x).shape());
      bytes[i] = Allocations.bytesPerCall(m, x, out, i == 0 ? 3000 : 5);
    }
    // Threads are used only when there are several.
    assertTrue(ParallelGemm.THREADS == 1 || bytes[1] <= bytes[0] + 32,
        m.name() + ": a large (threaded) call allocated " + bytes[1] + " B, a small one " + bytes[0] + " B");
    assertTrue(bytes[1] < 2048, m.name() + ": a call allocated " + bytes[1] + " B");
  }

  @Test
  void tilesOnThreadsAllocateNothingPerCall() {
    Random r = new Random(5);
    int c = 32;
    ConvWindow same3 = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    ConvWindow up = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
    // At 2 × 48×48 every layer's call is above the threshold for threads (≥ 8 MFLOP).
    List<Layer> layers = List.of(
        new Conv2D("conv", c, c, same3, 1, null, rand(r, 9 * c * c), rand(r, c), Activation.RELU),
        new Conv2D("grouped", c, c, same3, 4, null, rand(r, 9 * (c / 4) * c), rand(r, c), null),
        new DepthwiseConv2D("dw", c, 1, same3, null, rand(r, 9 * c), rand(r, c), Activation.RELU6),
        new SeparableConv2D("sep", c, c, 1, same3, null, rand(r, 9 * c), rand(r, c * c), rand(r, c), null),
        new Conv2DTranspose("up", c, 8, up, null, null, rand(r, 9 * 8 * c), rand(r, 8), null));
    sameAllocationSmallAndLarge(Model.sequential("channels_last", new int[] {-1, -1, -1, c}, layers), c, false);
    Layer first = new Conv2D("cf", c, c, same3, 1, DataFormat.CHANNELS_FIRST, rand(r, 9 * c * c), null, null);
    sameAllocationSmallAndLarge(Model.sequential("channels_first", new int[] {-1, c, -1, -1}, List.of(first)), c, true);
  }

  @Test
  void volumeTilesAndBandsOnThreadsAllocateNothingPerCall() {
    Random r = new Random(7);
    int c = 16;
    ConvWindow same3 = ConvWindow.of(Padding.SAME, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
    ConvWindow up = ConvWindow.of(Padding.SAME, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1});
    List<Layer> layers = List.of(
        new Conv3D("conv", c, c, same3, 1, null, rand(r, 27 * c * c), rand(r, c), Activation.RELU),
        new Conv3D("grouped", c, c, same3, 4, null, rand(r, 27 * (c / 4) * c), rand(r, c), null),
        new Conv3DTranspose("up", c, 4, up, null, null, rand(r, 27 * 4 * c), rand(r, 4), null));
    Model m = Model.sequential("volumes", new int[] {-1, -1, -1, -1, c}, layers);
    long[] bytes = new long[2];
    // 1 × 3×3×3 (tiles on the caller) and 2 × 12×16×16 (several MFLOP a layer: tiles on threads).
    int[][] sizes = {{1, 3, 3, 3}, {2, 12, 16, 16}};
    for (int i = 0; i < 2; i++) {
      int[] z = sizes[i];
      Tensor x = Tensor.of(rand(r, z[0] * z[1] * z[2] * z[3] * c), z[0], z[1], z[2], z[3], c);
      Tensor out = Tensor.zeros(m.predict(x).shape());
      bytes[i] = Allocations.bytesPerCall(m, x, out, i == 0 ? 3000 : 5);
    }
    assertTrue(ParallelGemm.THREADS == 1 || bytes[1] <= bytes[0] + 32,
        "a large (threaded) call allocated " + bytes[1] + " B, a small one " + bytes[0] + " B");
    assertTrue(bytes[1] < 2048, "a call allocated " + bytes[1] + " B");
  }
}
