package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.InvalidInputException;
import io.kerasj.Model;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.applications.LayerScale;
import io.kerasj.layers.pooling.AdaptiveAveragePooling1D;
import io.kerasj.layers.pooling.AdaptiveAveragePooling2D;
import io.kerasj.layers.pooling.AdaptiveAveragePooling3D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling1D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling2D;
import io.kerasj.layers.pooling.AdaptiveMaxPooling3D;
import io.kerasj.layers.pooling.AveragePooling2D;
import io.kerasj.layers.pooling.GlobalAveragePooling2D;
import io.kerasj.layers.pooling.GlobalMaxPooling2D;
import io.kerasj.layers.pooling.MaxPooling2D;
import io.kerasj.layers.pooling.MaxPooling3D;
import io.kerasj.layers.preprocessing.CenterCrop;
import io.kerasj.layers.preprocessing.Normalization;
import io.kerasj.layers.preprocessing.Rescaling;
import io.kerasj.layers.preprocessing.Resizing;
import io.kerasj.layers.reshaping.Cropping2D;
import io.kerasj.layers.reshaping.Flatten;
import io.kerasj.layers.reshaping.UpSampling2D;
import io.kerasj.layers.reshaping.ZeroPadding2D;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image layers on small inputs whose answers are known by hand, the properties that tie their
 * paths together (a {@code channels_first} call is the transposed {@code channels_last} call; a call
 * split across threads equals the same samples run one by one), the workspace, and the messages
 * for inputs of the wrong shape. Agreement with TensorFlow is {@code ImageLayersCompatTest}'s job.
 */
class ImageLayersTest {
  private static final DataFormat LAST = DataFormat.CHANNELS_LAST;
  private static final DataFormat FIRST = DataFormat.CHANNELS_FIRST;

  private static Tensor random(long seed, int... shape) {
    Random r = new Random(seed);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return Tensor.of(x, shape);
  }

  /** (b, h, w, c) ↔ (b, c, h, w) by index arithmetic. */
  private static Tensor toFirst(Tensor x) {
    int b = x.dim(0);
    int h = x.dim(1);
    int w = x.dim(2);
    int c = x.dim(3);
    float[] out = new float[x.size()];
    for (int n = 0; n < b; n++) {
      for (int y = 0; y < h; y++) {
        for (int z = 0; z < w; z++) {
          for (int q = 0; q < c; q++) {
            out[((n * c + q) * h + y) * w + z] = x.data()[((n * h + y) * w + z) * c + q];
          }
        }
      }
    }
    return Tensor.of(out, b, c, h, w);
  }

  @Test
  void maxPoolingTakesTheWindowMaximum() {
    // One channel, 4x4 = 0..15 row-major: each 2x2 window's max is its bottom-right value.
    float[] x = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i;
    }
    Tensor y = new MaxPooling2D("p", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID, LAST)
        .call(Tensor.of(x, 1, 4, 4, 1));
    assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
    assertArrayEquals(new float[] {5, 7, 13, 15}, y.data());
    // SAME, pool 3, stride 3 on 5x5 = 0..24: two windows per axis, rows/columns 0..2 and 3..4 (the
    // one padded position goes at the end).
    float[] x5 = new float[25];
    for (int i = 0; i < 25; i++) {
      x5[i] = i;
    }
    Tensor s = new MaxPooling2D("p", new int[] {3, 3}, new int[] {3, 3}, Padding.SAME, LAST)
        .call(Tensor.of(x5, 1, 5, 5, 1));
    assertArrayEquals(new float[] {12, 14, 22, 24}, s.data());
  }

  @Test
  void sameAveragePoolingDividesByTheRealPixelsOnly() {
    // On a constant image every window averages to the constant only if the padding is not counted.
    float[] x = new float[5 * 6 * 2];
    Arrays.fill(x, 3f);
    Tensor y = new AveragePooling2D("a", new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, LAST)
        .call(Tensor.of(x, 1, 5, 6, 2));
    assertArrayEquals(new int[] {1, 5, 6, 2}, y.shape());
    for (float v : y.data()) {
      assertEquals(3f, v);
    }
  }

  @Test
  void adaptivePoolingTakesKerasWindows() {
    // 0..6 on one axis into 3: windows [0,3) [2,5) [4,7) (they overlap where 7/3 is not whole).
    float[] x7 = {0, 1, 2, 3, 4, 5, 6};
    assertArrayEquals(new float[] {2, 4, 6},
        new AdaptiveMaxPooling1D("m", new int[] {3}, LAST).call(Tensor.of(x7, 1, 7, 1)).data());
    assertArrayEquals(new float[] {1, 3, 5},
        new AdaptiveAveragePooling1D("a", new int[] {3}, LAST).call(Tensor.of(x7, 1, 7, 1)).data());
    // 5 into 4: [0,2) [1,3) [2,4) [3,5); 3 into 5 (more outputs than inputs): [0,1) [0,2) [1,2) [1,3) [2,3).
    float[] x5 = {0, 10, 20, 30, 40};
    assertArrayEquals(new float[] {5, 15, 25, 35},
        new AdaptiveAveragePooling1D("a", new int[] {4}, LAST).call(Tensor.of(x5, 1, 5, 1)).data());
    float[] x3 = {0, 2, 8};
    assertArrayEquals(new float[] {0, 1, 2, 5, 8},
        new AdaptiveAveragePooling1D("a", new int[] {5}, LAST).call(Tensor.of(x3, 1, 3, 1)).data());
    assertArrayEquals(new float[] {0, 2, 2, 8, 8},
        new AdaptiveMaxPooling1D("m", new int[] {5}, LAST).call(Tensor.of(x3, 1, 3, 1)).data());
    // Axis by axis: (1, 4, 4, 1) of 0..15 into 2x2 is the mean of each 2x2 block.
    float[] x = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i;
    }
    Tensor y = new AdaptiveAveragePooling2D("a", new int[] {2, 2}, LAST).call(Tensor.of(x, 1, 4, 4, 1));
    assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y.data());
    // Keras' TensorFlow backend cannot pool into 1 (its window of n + 1 does not fit), nor an axis of 1.
    assertTrue(io.kerasj.layers.pooling.AdaptivePooling.fits(7, 3));
    assertTrue(!io.kerasj.layers.pooling.AdaptivePooling.fits(7, 1));
    assertTrue(!io.kerasj.layers.pooling.AdaptivePooling.fits(1, 3));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new AdaptiveMaxPooling2D("m", new int[] {1, 2}, LAST).call(Tensor.of(x, 1, 4, 4, 1)));
    assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("axis 1 of length 4"), e.getMessage());
  }

  @Test
  void adaptivePoolingChannelsFirstIsTheTransposedCall() {
    Tensor x = random(11, 2, 7, 5, 3);
    for (boolean average : new boolean[] {true, false}) {
      int[] out = {3, 4};
      Layer last = average ? new AdaptiveAveragePooling2D("a", out, LAST) : new AdaptiveMaxPooling2D("a", out, LAST);
      Layer first = average ? new AdaptiveAveragePooling2D("a", out, FIRST) : new AdaptiveMaxPooling2D("a", out, FIRST);
      assertArrayEquals(toFirst(last.call(x)).data(), first.call(toFirst(x)).data());
      assertArrayEquals(new int[] {-1, 3, 3, 4}, first.outputShape(new int[] {-1, 3, 7, 5}));
    }
    // 3-D: pooling the depth into its own length changes nothing there, so it is the 2-D result per plane.
    Tensor v = random(12, 1, 2, 6, 5, 2);
    Tensor plane = Tensor.of(Arrays.copyOfRange(v.data(), 0, 60), 1, 6, 5, 2);
    float[] want = new AdaptiveAveragePooling2D("a", new int[] {4, 3}, LAST).call(plane).data();
    float[] got = new AdaptiveAveragePooling3D("a", new int[] {2, 4, 3}, LAST).call(v).data();
    assertArrayEquals(want, Arrays.copyOfRange(got, 0, want.length));
    float[] wantMax = new AdaptiveMaxPooling2D("a", new int[] {4, 3}, LAST).call(plane).data();
    float[] gotMax = new AdaptiveMaxPooling3D("a", new int[] {2, 4, 3}, LAST).call(v).data();
    assertArrayEquals(wantMax, Arrays.copyOfRange(gotMax, 0, wantMax.length));
  }

  @Test
  void globalPoolingReducesOverThePixels() {
    float[] x = {1, 10, 2, 20, 3, 30, 6, 60}; // (1, 2, 2, 2)
    Tensor in = Tensor.of(x, 1, 2, 2, 2);
    assertArrayEquals(new float[] {3, 30}, new GlobalAveragePooling2D("g", LAST, false).call(in).data());
    assertArrayEquals(new float[] {6, 60}, new GlobalMaxPooling2D("g", LAST, false).call(in).data());
    assertArrayEquals(new int[] {1, 1, 1, 2}, new GlobalAveragePooling2D("g", LAST, true).call(in).shape());
    assertArrayEquals(new int[] {1, 2, 1, 1}, new GlobalMaxPooling2D("g", FIRST, true).call(toFirst(in)).shape());
  }

  @Test
  void globalAverageOfManyPixelsKeepsFloatPrecision() {
    // 2^20 copies of 0.1f: a plain float sum drifts far from 0.1 (it stalls once the sum is large);
    // the compensated sum gives 0.1f to the last bit or so.
    int n = 1 << 20;
    float[] x = new float[n];
    Arrays.fill(x, 0.1f);
    float mean = new GlobalAveragePooling2D("g", LAST, false).call(Tensor.of(x, 1, 1024, 1024, 1)).data()[0];
    assertEquals(0.1f, mean, Math.ulp(0.1f));
  }

  @Test
  void paddingCroppingAndUpSamplingMoveKnownPixels() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
    Tensor p = new ZeroPadding2D("z", new int[] {1, 0}, new int[] {0, 1}, LAST).call(x);
    assertArrayEquals(new int[] {1, 3, 3, 1}, p.shape());
    assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0}, p.data());
    Tensor c = new Cropping2D("c", new int[] {1, 0}, new int[] {0, 1}, LAST).call(p);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c.data());
    Tensor u = new UpSampling2D("u", new int[] {2, 1}, LAST, Interpolation.NEAREST).call(x);
    assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, u.data());
  }

  @Test
  void bilinearResizeInterpolatesBetweenPixelCentres() {
    // 1x2 -> 1x4 with half-pixel centres: sources at -0.25, 0.25, 0.75, 1.25, clamped at the edges.
    Tensor x = Tensor.of(new float[] {0, 8}, 1, 1, 2, 1);
    Tensor y = new Resizing("r", 1, 4, Interpolation.BILINEAR, Resizing.Fit.STRETCH, 0f, LAST).call(x);
    assertArrayEquals(new float[] {0, 2, 6, 8}, y.data());
    Tensor n = new Resizing("r", 1, 4, Interpolation.NEAREST, Resizing.Fit.STRETCH, 0f, LAST).call(x);
    assertArrayEquals(new float[] {0, 0, 8, 8}, n.data());
  }

  @Test
  void centerCropCutsTheMiddle() {
    float[] x = new float[25];
    for (int i = 0; i < 25; i++) {
      x[i] = i;
    }
    Tensor y = new CenterCrop("c", 3, 2, LAST, false).call(Tensor.of(x, 1, 5, 5, 1));
    // rows 1..3, columns 1..2 of 0..24 row-major
    assertArrayEquals(new float[] {6, 7, 11, 12, 16, 17}, y.data());
  }

  @Test
  void rescalingAndNormalizationArePerChannel() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
    Tensor r = new Rescaling("r", new float[] {1, 10, 100}, new int[] {3}, new float[] {0.5f}, new int[0]).call(x);
    assertArrayEquals(new float[] {1.5f, 20.5f, 300.5f, 4.5f, 50.5f, 600.5f}, r.data());
    Normalization norm = new Normalization("n", 4, new int[] {3}, new int[] {3}, new float[] {1, 2, 3},
        new float[] {4, 1, 0}, false, true);
    Tensor y = norm.call(x);
    // (x - mean) / max(sqrt(var), 1e-7): the zero variance divides by 1e-7.
    assertArrayEquals(new float[] {0, 0, 0, 1.5f, 3, 3 / 1e-7f}, y.data());
    assertEquals(7, norm.nonTrainableParams());
  }

  @Test
  void channelsFirstIsTheTransposedChannelsLastCall() {
    Tensor x = random(1, 2, 7, 6, 3);
    List<Layer[]> pairs = List.of(
        new Layer[] {new MaxPooling2D("m", new int[] {3, 2}, new int[] {2, 1}, Padding.SAME, LAST),
            new MaxPooling2D("m", new int[] {3, 2}, new int[] {2, 1}, Padding.SAME, FIRST)},
        new Layer[] {new AveragePooling2D("a", new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, LAST),
            new AveragePooling2D("a", new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, FIRST)},
        new Layer[] {new ZeroPadding2D("z", new int[] {1, 2}, new int[] {0, 3}, LAST),
            new ZeroPadding2D("z", new int[] {1, 2}, new int[] {0, 3}, FIRST)},
        new Layer[] {new Cropping2D("c", new int[] {1, 2}, new int[] {2, 0}, LAST),
            new Cropping2D("c", new int[] {1, 2}, new int[] {2, 0}, FIRST)},
        new Layer[] {new UpSampling2D("u", new int[] {2, 3}, LAST, Interpolation.BILINEAR),
            new UpSampling2D("u", new int[] {2, 3}, FIRST, Interpolation.BILINEAR)},
        new Layer[] {new Resizing("r", 5, 9, Interpolation.BILINEAR, Resizing.Fit.PAD, 0.5f, LAST),
            new Resizing("r", 5, 9, Interpolation.BILINEAR, Resizing.Fit.PAD, 0.5f, FIRST)},
        new Layer[] {new CenterCrop("c", 9, 4, LAST, false), new CenterCrop("c", 9, 4, FIRST, false)});
    for (Layer[] p : pairs) {
      Tensor want = toFirst(p[0].call(x));
      Tensor got = p[1].call(toFirst(x));
      assertArrayEquals(want.shape(), got.shape(), p[0].kerasClass());
      assertArrayEquals(want.data(), got.data(), p[0].kerasClass());
    }
    // Flatten channels_first flattens in the channels_last order.
    assertArrayEquals(new Flatten("f").call(x).data(), new Flatten("f", FIRST).call(toFirst(x)).data());
  }

  @Test
  void aCallSplitAcrossThreadsEqualsTheSamplesOneByOne() {
    // 8 samples of 64x64x16: the batch is above the threading threshold, one sample below it.
    Tensor x = random(2, 8, 64, 64, 16);
    assertTrue((long) x.size() * 2 >= Spatial.PARALLEL_MIN_ELEMENTS);
    List<Layer> layers = List.of(
        new MaxPooling2D("m", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID, LAST),
        new AveragePooling2D("a", new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, LAST),
        new Resizing("r", 97, 45, Interpolation.BILINEAR, Resizing.Fit.STRETCH, 0f, LAST),
        new Resizing("r", 97, 45, Interpolation.NEAREST, Resizing.Fit.STRETCH, 0f, LAST));
    int per = x.size() / 8;
    for (Layer layer : layers) {
      Tensor all = layer.call(x);
      int outPer = all.size() / 8;
      for (int b = 0; b < 8; b++) {
        float[] one = Arrays.copyOfRange(x.data(), b * per, (b + 1) * per);
        Tensor y = layer.call(Tensor.of(one, 1, 64, 64, 16));
        assertArrayEquals(y.data(), Arrays.copyOfRange(all.data(), b * outPer, (b + 1) * outPer),
            layer.kerasClass() + " sample " + b);
      }
    }
  }

  @Test
  @Tag(Allocations.TAG)
  void predictIntoACallerTensorAllocatesNothingPerCall() {
    Model model = Model.sequential("m", new int[] {-1, 32, 32, 8}, List.of(
        new ZeroPadding2D("z", new int[] {1, 1}, new int[] {1, 1}, LAST),
        new MaxPooling2D("m", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID, LAST),
        new Resizing("r", 24, 20, Interpolation.BILINEAR, Resizing.Fit.CROP, 0f, LAST),
        new Normalization("n", 4, new int[] {3}, new int[] {8}, new float[8], filled(8, 2f), false, true),
        new GlobalAveragePooling2D("g", LAST, false)));
    long perCall = bytesPerCall(model, random(3, 2, 32, 32, 8), Tensor.zeros(2, 8));
    // Shapes and small index arrays only; the input alone is 64 KB and every layer's output is
    // taken from the workspace.
    assertTrue(perCall < 4096, "allocated " + perCall + " B per call");
  }

  @Test
  @Tag(Allocations.TAG)
  void normalizationOverTheChannelsOfChannelsFirstImagesAllocatesNothingPerCall() {
    // axis=1 of (batch, channels, h, w): strided groups, whose offset tables are as long as the
    // image; they are built once per input shape, not per call.
    int[] one = {1};
    int[] c8 = {8};
    Model model = Model.sequential("m", new int[] {-1, 8, 32, 32}, List.of(
        new io.kerasj.layers.normalization.BatchNormalization("bn", 4, one, c8, 1e-3f, filled(8, 2f), filled(8, 1f),
            filled(8, 0.5f), filled(8, 3f)),
        new io.kerasj.layers.normalization.LayerNormalization("ln", 4, one, c8, 1e-3f, filled(8, 1.5f),
            filled(8, -1f), false),
        new Normalization("n", 4, one, c8, filled(8, 0.25f), filled(8, 2f), false, true),
        new GlobalAveragePooling2D("g", FIRST, false)));
    long perCall = bytesPerCall(model, random(9, 2, 8, 32, 32), Tensor.zeros(2, 8));
    assertTrue(perCall < 4096, "allocated " + perCall + " B per call");
  }

  @Test
  void batchNormalizationOnOneAxisEqualsTheSameStatisticsOverTwoAxesOfSizeOne() {
    // The single-axis path (channel runs) against the general path (offset tables), on axis 1 of
    // a (2, 3, 4, 5) input: the second layer normalizes axes {1, 2} with statistics repeated over
    // axis 2, i.e. the same per-channel factors.
    Tensor x = random(10, 2, 3, 4, 5);
    float[] gamma = {0.5f, -2f, 1.25f};
    float[] beta = {0.1f, 0f, -3f};
    float[] mean = {0.3f, -0.2f, 1f};
    float[] var = {2f, 0.5f, 1.5f};
    Layer one = new io.kerasj.layers.normalization.BatchNormalization("a", 4, new int[] {1}, new int[] {3}, 1e-3f,
        gamma, beta, mean, var);
    Layer two = new io.kerasj.layers.normalization.BatchNormalization("b", 4, new int[] {1, 2}, new int[] {3, 4},
        1e-3f, repeat(gamma, 4), repeat(beta, 4), repeat(mean, 4), repeat(var, 4));
    assertArrayEquals(two.call(x).data(), one.call(x).data());
    // By hand, one element: x[1, 2, 3, 4] on channel 2.
    int i = ((1 * 3 + 2) * 4 + 3) * 5 + 4;
    double want = (x.data()[i] - 1.0) / Math.sqrt(1.5 + 1e-3f) * 1.25 - 3.0;
    assertEquals(want, one.call(x).data()[i], 1e-5);
  }

  private static float[] repeat(float[] v, int times) {
    float[] r = new float[v.length * times];
    for (int c = 0; c < v.length; c++) {
      Arrays.fill(r, c * times, (c + 1) * times, v[c]);
    }
    return r;
  }

  /** Bytes this thread allocates per {@code model.predict(x, out)}, after a warm-up. */
  private static long bytesPerCall(Model model, Tensor x, Tensor out) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 50; i++) {
      model.predict(x, out);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      model.predict(x, out);
    }
    return (threads.getCurrentThreadAllocatedBytes() - before) / 100;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }

  @Test
  void inputsOfTheWrongShapeNameTheLayerAndBothShapes() {
    MaxPooling2D pool = new MaxPooling2D("pool_1", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID, LAST);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> pool.call(random(4, 2, 6, 6)));
    assertTrue(e.getMessage().contains("'pool_1'") && e.getMessage().contains("(batch, height, width, channels)")
        && e.getMessage().contains("[2, 6, 6]"), e.getMessage());
    MaxPooling3D pool3 = new MaxPooling3D("p3", new int[] {2, 2, 2}, new int[] {2, 2, 2}, Padding.VALID, FIRST);
    e = assertThrows(InvalidInputException.class, () -> pool3.call(random(4, 2, 6, 6, 3)));
    assertTrue(e.getMessage().contains("(batch, channels, depth, height, width) (channels_first)"), e.getMessage());
    Normalization norm = new Normalization("norm", 4, new int[] {3}, new int[] {3}, new float[3], filled(3, 1f),
        false, true);
    e = assertThrows(InvalidInputException.class, () -> norm.call(random(5, 1, 4, 4, 5)));
    assertTrue(e.getMessage().contains("'norm'") && e.getMessage().contains("(None, None, None, 3)")
        && e.getMessage().contains("[1, 4, 4, 5]"), e.getMessage());
    LayerScale scale = new LayerScale("ls", filled(3, 1f));
    e = assertThrows(InvalidInputException.class, () -> scale.call(random(6, 1, 2, 2, 4)));
    assertTrue(e.getMessage().contains("'ls'") && e.getMessage().contains("expected 3 features"), e.getMessage());
    Rescaling rescale = new Rescaling("rs", filled(3, 2f), new int[] {3}, new float[] {0}, new int[0]);
    e = assertThrows(InvalidInputException.class, () -> rescale.call(random(7, 1, 2, 2, 4)));
    assertTrue(e.getMessage().contains("'rs'") && e.getMessage().contains("[3]")
        && e.getMessage().contains("(1, 2, 2, 4)"), e.getMessage());
    Cropping2D crop = new Cropping2D("crop", new int[] {3, 0}, new int[] {3, 0}, LAST);
    e = assertThrows(InvalidInputException.class, () -> crop.call(random(8, 1, 5, 5, 1)));
    assertTrue(e.getMessage().contains("'crop'") && e.getMessage().contains("cannot crop 6"), e.getMessage());
    assertThrows(ShapeMismatchException.class,
        () -> new MaxPooling2D("p", new int[] {2}, new int[] {2, 2}, Padding.VALID, LAST));
    assertThrows(ShapeMismatchException.class,
        () -> new ZeroPadding2D("z", new int[] {-1, 0}, new int[] {0, 0}, LAST));
  }
}
