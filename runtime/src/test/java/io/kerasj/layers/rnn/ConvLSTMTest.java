package io.kerasj.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.Mask;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.ConvWindow;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ConvLSTM's shapes and refusals (its numbers are checked against TensorFlow by the compat suite). */
class ConvLSTMTest {
  private static ConvLSTM layer(DataFormat f, boolean sequences) {
    ConvWindow w = ConvWindow.of(Padding.VALID, new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 1});
    return new ConvLSTM("clstm", 2, 3, 4, w, f, new float[9 * 3 * 16], new float[9 * 4 * 16], new float[16],
        null, null, sequences, false);
  }

  @Test
  void outputShapesFollowKeras() {
    assertArrayEquals(new int[] {2, 4, 3, 4}, layer(DataFormat.CHANNELS_LAST, false).outputShape(new int[] {2, 6, 9, 5, 3}));
    assertArrayEquals(new int[] {-1, 6, 4, 3, 4},
        layer(DataFormat.CHANNELS_LAST, true).outputShape(new int[] {-1, 6, 9, 5, 3}));
    assertArrayEquals(new int[] {2, 6, 4, 4, 3},
        layer(DataFormat.CHANNELS_FIRST, true).outputShape(new int[] {2, 6, 3, 9, 5}));
    // Zero weights and bias: every gate is σ(0) = ½ and the candidate tanh(0) = 0, so h stays 0.
    Tensor y = layer(DataFormat.CHANNELS_FIRST, true).call(Tensor.zeros(2, 6, 3, 9, 5));
    assertArrayEquals(new int[] {2, 6, 4, 4, 3}, y.shape());
    for (float v : y.data()) {
      assertTrue(v == 0f);
    }
  }

  @Test
  void wrongInputsAreShapeMismatchesNamingTheLayer() {
    ConvLSTM l = layer(DataFormat.CHANNELS_LAST, false);
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 9, 5, 3)));
    assertTrue(e.getMessage().contains("'clstm' (ConvLSTM2D)")
        && e.getMessage().contains("(batch, time, rows, cols, 3)") && e.getMessage().contains("[2, 9, 5, 3]"),
        e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 6, 9, 5, 2)));
    assertTrue(e.getMessage().contains("'clstm'") && e.getMessage().contains("expected 3 channels")
        && e.getMessage().contains("[2, 6, 9, 5, 2]"), e.getMessage());
    // Keras' initial_state (more inputs of the node) is refused by name when the model is built.
    io.kerasj.UnsupportedFeatureException u = assertThrows(io.kerasj.UnsupportedFeatureException.class,
        () -> l.outputShapes(new int[][] {{2, 6, 9, 5, 3}, {2, 4, 3, 4}, {2, 4, 3, 4}}));
    assertTrue(u.getMessage().contains("'clstm' (ConvLSTM2D)") && u.getMessage().contains("initial_state"),
        u.getMessage());
    // Frames smaller than the valid window.
    e = assertThrows(ShapeMismatchException.class, () -> l.call(Tensor.zeros(2, 6, 2, 5, 3)));
    assertTrue(e.getMessage().contains("expected height of at least 3"), e.getMessage());
  }

  private static float[] random(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  private static ConvLSTM layer3d(int k, DataFormat f, boolean sequences, boolean states, float[] kernel,
                                  float[] recurrent, float[] bias) {
    ConvWindow w = ConvWindow.of(Padding.SAME, new int[] {k, k, k}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
    return new ConvLSTM("c3", 3, 3, 2, w, f, kernel, recurrent, bias, null, null, sequences, false, states, false);
  }

  @Test
  void convLstm3dWithOneVoxelKernelsIsAnLstmPerVoxel() {
    Random r = new Random(7);
    int batch = 2;
    int time = 4;
    int vox = 2 * 3 * 2;
    int ch = 3;
    int filters = 2;
    float[] x = random(r, batch * time * vox * ch, 1);
    float[] kernel = random(r, ch * 4 * filters, 0.5);
    float[] recurrent = random(r, filters * 4 * filters, 0.5);
    float[] bias = random(r, 4 * filters, 0.3);
    ConvLSTM l = layer3d(1, DataFormat.CHANNELS_LAST, true, false, kernel, recurrent, bias);
    assertEquals("ConvLSTM3D", l.kerasClass());
    Tensor y = l.call(Tensor.of(x, batch, time, 2, 3, 2, ch));
    assertArrayEquals(new int[] {batch, time, 2, 3, 2, filters}, y.shape());
    for (int b = 0; b < batch; b++) {
      for (int p = 0; p < vox; p++) {
        double[] h = new double[filters];
        double[] c = new double[filters];
        for (int t = 0; t < time; t++) {
          double[] z = new double[4 * filters];
          for (int g = 0; g < 4 * filters; g++) {
            z[g] = bias[g];
            for (int q = 0; q < ch; q++) {
              z[g] += x[((b * time + t) * vox + p) * ch + q] * kernel[q * 4 * filters + g];
            }
            for (int q = 0; q < filters; q++) {
              z[g] += h[q] * recurrent[q * 4 * filters + g];
            }
          }
          for (int k = 0; k < filters; k++) {
            double i = 1 / (1 + Math.exp(-z[k]));
            double fg = 1 / (1 + Math.exp(-z[filters + k]));
            double o = 1 / (1 + Math.exp(-z[3 * filters + k]));
            c[k] = fg * c[k] + i * Math.tanh(z[2 * filters + k]);
            h[k] = o * Math.tanh(c[k]);
            assertEquals(h[k], y.data()[((b * time + t) * vox + p) * filters + k], 1e-5);
          }
        }
      }
    }
  }

  @Test
  void returnStateGivesTheFinalHAndC() {
    Random r = new Random(8);
    float[] kernel = random(r, 27 * 3 * 8, 0.3);
    float[] recurrent = random(r, 27 * 2 * 8, 0.3);
    float[] bias = random(r, 8, 0.3);
    int[] in = {2, 3, 3, 4, 2, 3};
    Tensor x = Tensor.of(random(r, 2 * 3 * 3 * 4 * 2 * 3, 1), in);
    for (DataFormat f : DataFormat.values()) {
      Tensor xf = f == DataFormat.CHANNELS_LAST ? x : Tensor.of(x.data(), 2, 3, 3, 3, 4, 2);
      int[] inf = xf.shape();
      ConvLSTM seq = layer3d(3, f, true, true, kernel, recurrent, bias);
      ConvLSTM last = layer3d(3, f, false, true, kernel, recurrent, bias);
      int[][] shapes = seq.outputShapes(new int[][] {inf});
      int[] state = f == DataFormat.CHANNELS_LAST ? new int[] {2, 3, 4, 2, 2} : new int[] {2, 2, 3, 4, 2};
      assertEquals(3, shapes.length);
      assertArrayEquals(state, shapes[1]);
      assertArrayEquals(state, shapes[2]);
      for (boolean workspace : new boolean[] {false, true}) {
        if (workspace) {
          Buffers.enter();
        }
        try {
          Layer.Output a = seq.forward(new Tensor[] {xf}, new Mask[] {null}, null);
          Layer.Output b = last.forward(new Tensor[] {xf}, new Mask[] {null}, null);
          Tensor[] ta = a.tensors();
          Tensor[] tb = b.tensors();
          assertEquals(3, ta.length);
          assertArrayEquals(state, ta[1].shape());
          // The sequence's last frame, the single output and the h state are the same h.
          int frame = ta[1].size();
          float[] lastFrame = java.util.Arrays.copyOfRange(ta[0].data(), 0, ta[0].size());
          for (int bi = 0; bi < 2; bi++) {
            float[] want = java.util.Arrays.copyOfRange(ta[1].data(), bi * frame / 2, (bi + 1) * frame / 2);
            int off = (bi * 3 + 2) * (frame / 2);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(lastFrame, off, off + frame / 2));
          }
          assertArrayEquals(ta[1].data(), tb[0].data());
          assertArrayEquals(ta[1].data(), tb[1].data());
          assertArrayEquals(ta[2].data(), tb[2].data());
          assertTrue(tb[0].data() != tb[1].data(), "the output and the h state are distinct arrays");
          // c differs from h (h = o ⊙ tanh(c)).
          assertTrue(!java.util.Arrays.equals(ta[1].data(), ta[2].data()));
          // And the call without states gives the output alone, the same.
          assertArrayEquals(tb[0].data(), layer3d(3, f, false, false, kernel, recurrent, bias).call(xf).data());
        } finally {
          if (workspace) {
            Buffers.exit();
          }
        }
      }
    }
  }

  @Test
  void maskedStepsKeepTheStatesAndRepeatOrZeroTheOutput() {
    Random r = new Random(9);
    float[] kernel = random(r, 8 * 3 * 8, 0.3);
    float[] recurrent = random(r, 8 * 2 * 8, 0.3);
    float[] bias = random(r, 8, 0.3);
    Tensor x = Tensor.of(random(r, 2 * 4 * 2 * 3 * 2 * 3, 1), 2, 4, 2, 3, 2, 3);
    // Sample 0: steps 1 and 3 masked; sample 1: nothing masked.
    Mask mask = new Mask(2, 4, new boolean[] {true, false, true, false, true, true, true, true});
    for (boolean zero : new boolean[] {false, true}) {
      ConvWindow w = ConvWindow.of(Padding.SAME, new int[] {2, 2, 2}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
      ConvLSTM l = new ConvLSTM("c3", 3, 3, 2, w, null, kernel, recurrent, bias, null, null, true, false, true, zero);
      Layer.Output o = l.forward(new Tensor[] {x}, new Mask[] {mask}, null);
      float[] y = o.tensors()[0].data();
      int frame = 2 * 3 * 2 * 2;
      float[] step0 = java.util.Arrays.copyOfRange(y, 0, frame);
      float[] step1 = java.util.Arrays.copyOfRange(y, frame, 2 * frame);
      float[] step2 = java.util.Arrays.copyOfRange(y, 2 * frame, 3 * frame);
      float[] step3 = java.util.Arrays.copyOfRange(y, 3 * frame, 4 * frame);
      assertArrayEquals(zero ? new float[frame] : step0, step1);
      assertArrayEquals(zero ? new float[frame] : step2, step3);
      // The final h is step 2's (the masked step 3 kept it), whatever the output of step 3.
      assertArrayEquals(step2, java.util.Arrays.copyOfRange(o.tensors()[1].data(), 0, frame));
      // Sample 1 is the unmasked run's.
      Tensor plain = l.forward(new Tensor[] {x}, new Mask[] {null}, null).tensors()[0];
      assertArrayEquals(java.util.Arrays.copyOfRange(plain.data(), 4 * frame, 8 * frame),
          java.util.Arrays.copyOfRange(y, 4 * frame, 8 * frame));
      assertTrue(o.masks()[0] == mask && o.masks()[1] == null && o.masks()[2] == null);
    }
  }
}
