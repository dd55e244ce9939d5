package io.kerasj.layers.convolutional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.activations.ActivationLayer;
import io.kerasj.layers.activations.LeakyReLU;
import io.kerasj.layers.activations.ReLU;
import io.kerasj.layers.merging.Merge;
import io.kerasj.layers.normalization.BatchNormalization;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A model runs {@code conv → BatchNormalization → activation} chains as one call (Model's fusion
 * pass): its outputs must be, to the bit, those of calling the layers one after the other, and a
 * chain must not be fused where an intermediate is read elsewhere, is an output, or the layers
 * cannot take the step (channels_first, another normalized axis).
 */
class ConvFusionTest {
  private static float[] rand(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  private static BatchNormalization bn(Random r, String name, int c) {
    float[] var = rand(r, c, 1);
    for (int i = 0; i < c; i++) {
      var[i] = var[i] * var[i] + 0.1f;
    }
    return new BatchNormalization(name, c, 1e-3f, rand(r, c, 1), rand(r, c, 1), rand(r, c, 1), var);
  }

  private static Tensor chain(Tensor x, Layer... layers) {
    for (Layer l : layers) {
      x = l.call(x);
    }
    return x;
  }

  private static void assertBitwise(Tensor want, Tensor got) {
    assertArrayEquals(want.shape(), got.shape());
    float[] w = want.data();
    float[] g = got.data();
    for (int i = 0; i < w.length; i++) {
      assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits(g[i]), "element " + i + ": " + w[i] + " vs " + g[i]);
    }
  }

  @Test
  void fusedChainsGiveTheLayersOutputsToTheBit() {
    Random r = new Random(12);
    int c = 24;
    ConvWindow same3 = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    ConvWindow valid2 = ConvWindow.of(Padding.VALID, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
    ConvWindow point = ConvWindow.of(Padding.VALID, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
    Layer[][] chains = {
        {new Conv2D("c1", c, c, same3, 1, null, rand(r, 9 * c * c, 0.2), rand(r, c, 1), null), bn(r, "bn1", c),
            new ReLU("r1", 6f, 0f, 0f)},
        {new Conv2D("c2", c, 32, valid2, 1, null, rand(r, 9 * c * 32, 0.2), null, Activation.LINEAR), bn(r, "bn2", 32),
            new ActivationLayer("a2", Activation.RELU)},
        {new Conv2D("c3", c, 16, point, 1, null, rand(r, c * 16, 0.2), rand(r, 16, 1), Activation.TANH),
            bn(r, "bn3", 16), new LeakyReLU("l3", 0.3f), new ReLU("r3", null, 0.1f, 0.5f)},
        {new DepthwiseConv2D("d4", c, 1, same3, null, rand(r, 9 * c, 0.3), null, null), bn(r, "bn4", c),
            new ReLU("r4", 6f, 0f, 0f)},
        {new Conv2D("c5", c, c, same3, 4, null, rand(r, 9 * (c / 4) * c, 0.2), rand(r, c, 1), null), bn(r, "bn5", c),
            new ActivationLayer("a5", Activation.SOFTMAX)},
    };
    for (Layer[] ch : chains) {
      Model.Builder b = Model.builder("m");
      Model.Ref v = b.input("x", new int[] {-1, 9, 9, c});
      for (Layer l : ch) {
        v = b.call(l, v)[0];
      }
      Model m = b.build(v);
      // Twice: the second call reuses the workspace buffers of the first (not zero-filled again).
      for (int call = 0; call < 2; call++) {
        Tensor x = Tensor.of(rand(r, 2 * 9 * 9 * c, 1), 2, 9, 9, c);
        x.data()[5 + call] = Float.NaN;
        assertBitwise(chain(x, ch), m.predict(x));
      }
    }
  }

  @Test
  void chainsWhoseIntermediateIsReadElsewhereStillGiveTheLayersOutputs() {
    Random r = new Random(13);
    int c = 8;
    ConvWindow same3 = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    Conv2D conv = new Conv2D("c", c, c, same3, 1, null, rand(r, 9 * c * c, 0.2), rand(r, c, 1), null);
    BatchNormalization bn = bn(r, "bn", c);
    ReLU relu = new ReLU("r", null, 0f, 0f);
    // conv → bn → relu, and bn's output also feeds an Add with the relu: bn's output must exist.
    Model.Builder b = Model.builder("m");
    Model.Ref x0 = b.input("x", new int[] {-1, 6, 6, c});
    Model.Ref y = b.call(bn, b.call(conv, x0)[0])[0];
    Model.Ref z = b.call(relu, y)[0];
    Model.Ref sum = b.call(new Merge("add", Merge.Op.ADD), y, z)[0];
    Model m = b.build(sum, y);
    Tensor x = Tensor.of(rand(r, 6 * 6 * c, 1), 1, 6, 6, c);
    Tensor yy = chain(x, conv, bn);
    Tensor zz = relu.call(yy);
    float[] s = new float[yy.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = yy.data()[i] + zz.data()[i];
    }
    var out = m.predictAll(x);
    assertBitwise(Tensor.of(s, yy.shape()), out.get(0));
    assertBitwise(yy, out.get(1));
  }

  @Test
  void channelsFirstAndOtherAxesAreNotFusedAndStayRight() {
    Random r = new Random(14);
    int c = 6;
    ConvWindow same3 = ConvWindow.of(Padding.SAME, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
    Conv2D first = new Conv2D("cf", c, c, same3, 1, DataFormat.CHANNELS_FIRST, rand(r, 9 * c * c, 0.2), null, null);
    float[] var = rand(r, c, 1);
    for (int i = 0; i < c; i++) {
      var[i] = var[i] * var[i] + 0.1f;
    }
    BatchNormalization axis1 = new BatchNormalization("bn", 4, new int[] {1}, new int[] {c}, 1e-3f, rand(r, c, 1),
        rand(r, c, 1), rand(r, c, 1), var);
    ReLU relu = new ReLU("r", null, 0f, 0f);
    Model m = Model.sequential("m", new int[] {-1, c, 5, 5}, java.util.List.of(first, axis1, relu));
    Tensor x = Tensor.of(rand(r, 2 * c * 25, 1), 2, c, 5, 5);
    assertBitwise(chain(x, first, axis1, relu), m.predict(x));
  }
}
