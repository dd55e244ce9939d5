package io.kerasj.compat;

import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.ConvWindow;
import io.kerasj.layers.normalization.BatchNormalization;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerFactory;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import io.kerasj.loader.spi.CustomObjectsProvider;
import java.util.Map;

/**
 * What a user writes for the custom layer of Hands-On ML's chapter 14 ResNet-34, public API only:
 *
 * <pre>{@code
 * class ResidualUnit(tf.keras.layers.Layer):
 *     def __init__(self, filters, strides=1, activation="relu", **kwargs):
 *         super().__init__(**kwargs)
 *         self.activation = tf.keras.activations.get(activation)
 *         self.main_layers = [
 *             DefaultConv2D(filters, strides=strides),    # 3×3, padding "same", use_bias=False
 *             tf.keras.layers.BatchNormalization(),
 *             self.activation,
 *             DefaultConv2D(filters),
 *             tf.keras.layers.BatchNormalization()]
 *         self.skip_layers = []
 *         if strides > 1:
 *             self.skip_layers = [
 *                 DefaultConv2D(filters, kernel_size=1, strides=strides),
 *                 tf.keras.layers.BatchNormalization()]
 *
 *     def call(self, inputs):
 *         ...
 *         return self.activation(Z + skip_Z)
 * }</pre>
 *
 * <p>Published as a plugin ({@code META-INF/services/io.kerasj.loader.spi.CustomObjectsProvider}
 * on the test class path, as a plugin jar would), so {@code KerasModels.load} with default options
 * reads the book's model; {@link #FACTORY} can also be registered by hand with {@code
 * CustomObjects.defaults().withLayer("ResidualUnit", FACTORY)}.
 */
public final class ResidualUnitPlugin implements CustomObjectsProvider {
  /** Builds a {@code ResidualUnit} from its config (filters, strides, activation) and weights. */
  public static final LayerFactory FACTORY = ResidualUnitPlugin::create;

  @Override
  public Map<String, LayerFactory> layers() {
    return Map.of("ResidualUnit", FACTORY);
  }

  static Layer create(LayerConfig config, LayerWeights weights, int[] inputShape, LoadContext context) {
    int filters = config.getInt("filters");
    int strides = config.getInt("strides", 1);
    Activation activation = config.activation("activation", "relu");
    int channels = inputShape[inputShape.length - 1];
    boolean skip = strides > 1;
    int units = skip ? 3 : 2;
    int[][] kernelShapes = {{3, 3, channels, filters}, {3, 3, filters, filters}, {1, 1, channels, filters}};
    float[][] kernel = new float[units][];
    float[][][] bn = new float[units][4][]; // gamma, beta, moving mean, moving variance
    if (weights.isLegacyLayout()) {
      // .h5 files list a custom layer's trainable weights first (each sublayer's in the order
      // the layer made them), then its non-trainable ones: the moving statistics.
      for (int u = 0; u < units; u++) {
        kernel[u] = weights.next("kernel", kernelShapes[u]);
        bn[u][0] = weights.next("gamma", filters);
        bn[u][1] = weights.next("beta", filters);
      }
      for (int u = 0; u < units; u++) {
        bn[u][2] = weights.next("moving_mean", filters);
        bn[u][3] = weights.next("moving_variance", filters);
      }
    } else {
      // Keras 3 files keep each sublayer's weights under the list attribute that holds it, the
      // sublayers named after their class: main_layers/conv2d, main_layers/batch_normalization_1...
      LayerWeights main = weights.scope("main_layers");
      String[][] groups = {{"conv2d", "batch_normalization"}, {"conv2d_1", "batch_normalization_1"}};
      for (int u = 0; u < units; u++) {
        LayerWeights list = u < 2 ? main : weights.scope("skip_layers");
        String[] names = u < 2 ? groups[u] : groups[0];
        kernel[u] = list.scope(names[0]).next("kernel", kernelShapes[u]);
        LayerWeights b = list.scope(names[1]);
        String[] vars = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (int v = 0; v < 4; v++) {
          bn[u][v] = b.next(vars[v], filters);
        }
      }
    }
    String name = config.name();
    Conv2D[] convs = new Conv2D[units];
    BatchNormalization[] norms = new BatchNormalization[units];
    for (int u = 0; u < units; u++) {
      int k = kernelShapes[u][0];
      int s = u == 1 ? 1 : strides;
      convs[u] = new Conv2D(name + "/conv2d_" + u, kernelShapes[u][2], filters,
          ConvWindow.of(Padding.SAME, new int[] {k, k}, new int[] {s, s}, new int[] {1, 1}), 1,
          DataFormat.CHANNELS_LAST, kernel[u], null, null);
      norms[u] = new BatchNormalization(name + "/batch_normalization_" + u, filters,
          BatchNormalization.DEFAULT_EPSILON, bn[u][0], bn[u][1], bn[u][2], bn[u][3]);
    }
    return new ResidualUnit(name, convs, norms, activation, filters);
  }

  /** The unit at inference: {@code act(bn(conv(act(bn(conv(x))))) + skip(x))}. */
  static final class ResidualUnit extends Layer {
    private final Conv2D[] convs;
    private final BatchNormalization[] norms;
    private final Activation activation;
    private final int filters;

    ResidualUnit(String name, Conv2D[] convs, BatchNormalization[] norms, Activation activation, int filters) {
      super(name);
      this.convs = convs;
      this.norms = norms;
      this.activation = activation;
      this.filters = filters;
    }

    @Override
    public String kerasClass() {
      return "ResidualUnit";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
      return convs[1].outputShape(convs[0].outputShape(inputShape));
    }

    @Override
    public long trainableParams() {
      long n = 0;
      for (int u = 0; u < convs.length; u++) {
        n += convs[u].trainableParams() + norms[u].trainableParams();
      }
      return n;
    }

    @Override
    public long nonTrainableParams() {
      long n = 0;
      for (BatchNormalization b : norms) {
        n += b.nonTrainableParams();
      }
      return n;
    }

    @Override
    public Tensor call(Tensor x) {
      Tensor z = norms[0].call(convs[0].call(x));
      float[] d = z.data();
      activation.apply(d, 0, d.length / filters, filters);
      z = norms[1].call(convs[1].call(z));
      Tensor skip = convs.length > 2 ? norms[2].call(convs[2].call(x)) : x;
      float[] out = z.data();
      float[] s = skip.data();
      for (int i = 0; i < out.length; i++) {
        out[i] += s[i];
      }
      activation.apply(out, 0, out.length / filters, filters);
      return z;
    }
  }
}
