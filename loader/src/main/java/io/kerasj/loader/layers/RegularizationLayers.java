package io.kerasj.loader.layers;

import io.kerasj.layers.Layer;
import io.kerasj.layers.regularization.Dropout;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;

/**
 * Keras' regularization layers ({@code keras/src/layers/regularization}): identities at inference,
 * since randomness and regularization act only in training. Keras 3 drops {@code noise_shape} and
 * {@code trainable} from the SpatialDropout layers' configs.
 */
final class RegularizationLayers {
  private RegularizationLayers() {}

  static void register(Registry r) {
    r.layer("Dropout", RegularizationLayers::dropout);
    r.layer("SpatialDropout1D", (c, w, s, ctx) -> noOp(c, "SpatialDropout1D", "rate", "noise_shape", "seed"));
    r.layer("SpatialDropout2D", (c, w, s, ctx) -> spatialDropout(c, s, "SpatialDropout2D", 4));
    r.layer("SpatialDropout3D", (c, w, s, ctx) -> spatialDropout(c, s, "SpatialDropout3D", 5));
    r.layer("GaussianNoise", (c, w, s, ctx) -> noOp(c, "GaussianNoise", "stddev", "seed"));
    r.layer("GaussianDropout", (c, w, s, ctx) -> noOp(c, "GaussianDropout", "rate", "seed"));
    r.layer("AlphaDropout", (c, w, s, ctx) -> noOp(c, "AlphaDropout", "rate", "noise_shape", "seed"));
    r.layer("ActivityRegularization", (c, w, s, ctx) -> noOp(c, "ActivityRegularization", "l1", "l2"));
  }

  static Layer dropout(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    c.ignore("rate", "noise_shape", "seed");
    return new Dropout(c.name());
  }

  /**
   * SpatialDropout2D / 3D drop whole feature maps in training only ({@code BaseSpatialDropout.call}:
   * {@code if training and self.rate > 0}). Both Kerases require the rank ({@code InputSpec(ndim=4)}
   * / {@code 5}); {@code data_format} only picks the noise shape (tf-keras does not write it).
   */
  static Layer spatialDropout(LayerConfig c, int[] inputShape, String kerasClass, int rank) {
    Options.rank(c, inputShape, rank);
    return noOp(c, kerasClass, "rate", "noise_shape", "seed", "data_format");
  }

  static Layer noOp(LayerConfig c, String kerasClass, String... neutral) {
    c.ignore(neutral);
    return new Dropout(c.name(), kerasClass);
  }
}
