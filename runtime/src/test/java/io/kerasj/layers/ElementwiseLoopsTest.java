package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.activations.ELU;
import io.kerasj.layers.activations.LeakyReLU;
import io.kerasj.layers.activations.ReLU;
import io.kerasj.layers.activations.ThresholdedReLU;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The element-wise layers' whole-array loops and the activations' rewritten loops (branch-free
 * forms the JIT vectorizes) give, for every kind of float (NaN, ±0, ±Inf, subnormals, random
 * values), exactly the value of the one-element definition: the layer's {@code apply(float)}, or
 * for the activations the definition they had before.
 */
class ElementwiseLoopsTest {
  private static float[] values() {
    float[] special = {Float.NaN, -Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 6f, 6.0000005f, 0.5f, -0.5f,
        Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00001)};
    Random r = new Random(3);
    float[] v = new float[special.length + 4000];
    System.arraycopy(special, 0, v, 0, special.length);
    for (int i = special.length; i < v.length; i++) {
      v[i] = i % 2 == 0 ? (float) (r.nextGaussian() * 8) : Float.intBitsToFloat(r.nextInt());
    }
    return v;
  }

  private static void same(float want, float got, String what, float x) {
    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + " at " + x + ": " + want + " vs " + got);
  }

  private static final class Probe extends ElementwiseLayer {
    Probe() {
      super("probe");
    }

    @Override
    public String kerasClass() {
      return "Probe";
    }

    @Override
    protected float apply(float x) {
      return 0;
    }

    static float one(ElementwiseLayer l, float x) {
      return l.apply(x);
    }
  }

  @Test
  void layerLoopsMatchTheirOneElementFunction() {
    float[] v = values();
    ElementwiseLayer[] layers = {new ReLU("plain", null, 0f, 0f), new ReLU("six", 6f, 0f, 0f),
        new ReLU("neg-max", -1f, 0f, 0f), new ReLU("leaky", null, 0.2f, 0f), new ReLU("steep", null, 3f, 0f),
        new ReLU("thr", null, 0f, 0.5f), new ReLU("all", 6f, 0.1f, 0.5f), new LeakyReLU("lr", 0.3f),
        new LeakyReLU("lr1", 1f), new LeakyReLU("lrneg", -0.5f), new ThresholdedReLU("t", 1f), new ELU("e", 0.7f)};
    for (ElementwiseLayer l : layers) {
      float[] got = l.call(Tensor.of(v.clone(), v.length)).data();
      for (int i = 0; i < v.length; i++) {
        same(Probe.one(l, v[i]), got[i], l.name(), v[i]);
      }
    }
  }

  @Test
  void reluLayersKeepNaNAsTensorFlow() {
    // tf.keras.layers.ReLU() and ReLU(6.0) on NaN give NaN (TensorFlow 2.21, Keras 3 and tf-keras).
    float[] got = new ReLU("plain", null, 0f, 0f).call(Tensor.of(new float[] {Float.NaN, -0f, Float.NEGATIVE_INFINITY}, 3)).data();
    assertEquals(Float.NaN, got[0]);
    same(0f, got[1], "relu", -0f);
    same(0f, got[2], "relu", Float.NEGATIVE_INFINITY);
    got = new ReLU("six", 6f, 0f, 0f).call(Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2)).data();
    assertEquals(Float.NaN, got[0]);
    same(6f, got[1], "relu6", Float.POSITIVE_INFINITY);
  }

  @Test
  void activationLoopsMatchTheirDefinitions() {
    float[] v = values();
    float[] relu = v.clone();
    Activation.RELU.apply(relu, 0, 1, relu.length);
    float[] relu6 = v.clone();
    Activation.RELU6.apply(relu6, 0, 1, relu6.length);
    float[] leaky = v.clone();
    Activation.LEAKY_RELU.apply(leaky, 0, 1, leaky.length);
    for (int i = 0; i < v.length; i++) {
      float x = v[i];
      same(x > 0f ? x : (x != x ? x : 0f), relu[i], "relu", x);
      same(x != x ? x : Math.min(Math.max(x, 0f), 6f), relu6[i], "relu6", x);
      same(x > 0f ? x : 0.2f * x, leaky[i], "leaky_relu", x);
    }
  }
}
