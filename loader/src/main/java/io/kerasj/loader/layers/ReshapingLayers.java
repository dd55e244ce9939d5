package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Interpolation;
import io.kerasj.layers.Layer;
import io.kerasj.layers.reshaping.Cropping1D;
import io.kerasj.layers.reshaping.Cropping2D;
import io.kerasj.layers.reshaping.Cropping3D;
import io.kerasj.layers.reshaping.Flatten;
import io.kerasj.layers.reshaping.Permute;
import io.kerasj.layers.reshaping.RepeatVector;
import io.kerasj.layers.reshaping.Reshape;
import io.kerasj.layers.reshaping.UpSampling1D;
import io.kerasj.layers.reshaping.UpSampling2D;
import io.kerasj.layers.reshaping.UpSampling3D;
import io.kerasj.layers.reshaping.ZeroPadding1D;
import io.kerasj.layers.reshaping.ZeroPadding2D;
import io.kerasj.layers.reshaping.ZeroPadding3D;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' reshaping layers ({@code keras/src/layers/reshaping}).
 *
 * <p>Keras 3 writes {@code data_format} for ZeroPadding1D; Keras 2 does not. Both write it for the
 * 2-D and 3-D padding, cropping and up-sampling layers and for Flatten. Cropping1D and UpSampling1D
 * have none.
 */
final class ReshapingLayers {
  private ReshapingLayers() {}

  static void register(Registry r) {
    for (int d = 1; d <= 3; d++) {
      final int dims = d;
      r.layer("ZeroPadding" + d + "D", (c, w, s, ctx) -> margins(c, s, dims, true));
      r.layer("Cropping" + d + "D", (c, w, s, ctx) -> margins(c, s, dims, false));
    }
    r.layer("UpSampling1D", ReshapingLayers::upSampling1d);
    r.layer("UpSampling2D", ReshapingLayers::upSampling2d);
    r.layer("UpSampling3D", ReshapingLayers::upSampling3d);
    r.layer("Flatten", ReshapingLayers::flatten);
    r.layer("Reshape", ReshapingLayers::reshape);
    r.layer("RepeatVector", ReshapingLayers::repeatVector);
    r.layer("Permute", ReshapingLayers::permute);
  }

  static Layer margins(LayerConfig c, int[] inputShape, int dims, boolean pad) {
    Options.rank(c, inputShape, dims + 2);
    DataFormat format = dims == 1 && !pad ? DataFormat.CHANNELS_LAST : Options.dataFormat(c);
    String key = pad ? "padding" : "cropping";
    int[][] m = Options.margins(c, key, dims, pad ? 1 : 0);
    Layer layer;
    switch (dims) {
      case 1:
        layer = pad ? new ZeroPadding1D(c.name(), m[0][0], m[1][0], format)
            : new Cropping1D(c.name(), m[0][0], m[1][0], format);
        break;
      case 2:
        layer = pad ? new ZeroPadding2D(c.name(), m[0], m[1], format) : new Cropping2D(c.name(), m[0], m[1], format);
        break;
      default:
        layer = pad ? new ZeroPadding3D(c.name(), m[0], m[1], format) : new Cropping3D(c.name(), m[0], m[1], format);
        break;
    }
    layer.outputShape(inputShape); // a crop larger than the input fails at load, as in Keras
    return layer;
  }

  static Layer upSampling1d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 3);
    return new UpSampling1D(c.name(), Options.single(c, "size", 2));
  }

  /**
   * {@code interpolation}: Keras 3 takes those of {@code ops.image.resize}, tf-keras those of
   * {@code tf.image.resize}; kerasj implements {@code nearest} and {@code bilinear}.
   */
  static Layer upSampling2d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 4);
    DataFormat format = Options.dataFormat(c);
    int[] size = Options.tuple(c, "size", 2, 2, 1);
    return new UpSampling2D(c.name(), size, format, interpolation(c, "nearest"));
  }

  static Layer upSampling3d(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 5);
    DataFormat format = Options.dataFormat(c);
    return new UpSampling3D(c.name(), Options.tuple(c, "size", 3, 2, 1), format);
  }

  /** {@code interpolation} as an {@link Interpolation}; the ones kerasj does not implement are refused by name. */
  static Interpolation interpolation(LayerConfig c, String def) {
    String s = c.getString("interpolation", def);
    Interpolation i = Interpolation.forKerasName(s);
    if (i == null) {
      throw new UnsupportedFeatureException(c.where() + ": option 'interpolation' = " + Messages.quote(s)
          + " is not supported (kerasj implements \"bilinear\" and \"nearest\")");
    }
    return i;
  }

  static Layer flatten(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    return new Flatten(c.name(), Options.dataFormat(c));
  }

  static Layer reshape(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("target_shape");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'target_shape' should be a list, got "
          + Messages.snippet(e));
    }
    int[] target = Options.ints(c, "target_shape", e.getAsJsonArray(), true);
    Reshape r = new Reshape(c.name(), target);
    r.outputShape(inputShape); // fails at load if the sizes cannot match
    return r;
  }

  static Layer repeatVector(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    Options.rank(c, inputShape, 2);
    return new RepeatVector(c.name(), c.getInt("n"));
  }

  static Layer permute(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    JsonElement e = c.getJson("dims");
    if (e == null || !e.isJsonArray()) {
      throw new ModelFormatException(c.where() + ": option 'dims' should be a list, got " + Messages.snippet(e));
    }
    int[] dims = Options.ints(c, "dims", e.getAsJsonArray(), false);
    Options.rank(c, inputShape, dims.length + 1);
    return new Permute(c.name(), dims);
  }
}
