package io.kerasj.loader.layers;

import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.layers.Layer;
import io.kerasj.layers.normalization.BatchNormalization;
import io.kerasj.layers.normalization.GroupNormalization;
import io.kerasj.layers.normalization.LayerNormalization;
import io.kerasj.layers.normalization.RMSNormalization;
import io.kerasj.layers.normalization.UnitNormalization;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerWeights;
import io.kerasj.loader.LoadContext;
import java.util.Arrays;

/**
 * Keras' normalization layers ({@code keras/src/layers/normalization}).
 *
 * <p>Keras 2 writes BatchNormalization's {@code axis} as a list of non-negative axes ({@code [2]})
 * and omits {@code renorm*} unless renorm is on; Keras 3 writes {@code -1} and always writes
 * {@code renorm}, {@code renorm_clipping}, {@code renorm_momentum}, {@code synchronized}.
 */
final class NormalizationLayers {
  private NormalizationLayers() {}

  static void register(Registry r) {
    r.layer("BatchNormalization", NormalizationLayers::batchNormalization);
    r.layer("LayerNormalization", NormalizationLayers::layerNormalization);
    r.layer("GroupNormalization", NormalizationLayers::groupNormalization);
    r.layer("UnitNormalization", NormalizationLayers::unitNormalization);
    r.layer("RMSNormalization", NormalizationLayers::rmsNormalization);
    r.layer("SpectralNormalization", NormalizationLayers::spectralNormalization);
  }

  /**
   * Keras 3 RMSNormalization: {@code axis} an int or a list (written sorted once built, {@code [-1]}
   * by default), {@code epsilon} (1e-6), one weight {@code scale} with the input's sizes on the
   * sorted axes, which the call multiplies as broadcast against the input's trailing axes.
   */
  static Layer rmsNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (Keras creates a scale over the axes)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    Axes.batchAxis(c, "axis", inputShape, axes);
    Axes.requireKnown(c, "axis", inputShape, axes);
    float eps = c.getFloat("epsilon", RMSNormalization.DEFAULT_EPSILON);
    int[] created = raw.clone(); // Keras: sorted(axis), as written (a negative axis sorts first)
    Arrays.sort(created);
    int[] scaleShape = Axes.sizes(inputShape, Axes.resolve(c, "axis", created, rank));
    int m = scaleShape.length;
    int[] trailing = Arrays.copyOfRange(inputShape, rank - m, rank);
    for (int i = 0; i < m; i++) {
      if (trailing[i] <= 0 || (scaleShape[i] != trailing[i] && scaleShape[i] != 1)) {
        throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + Arrays.toString(raw)
            + " gives weight 'scale' the shape " + Arrays.toString(scaleShape) + ", which Keras multiplies as "
            + "broadcast against the input's trailing sizes " + io.kerasj.Model.formatShape(trailing)
            + "; kerasj supports a scale that broadcasts onto known trailing sizes");
      }
    }
    float[] scale = w.next("scale", scaleShape);
    return new RMSNormalization(c.name(), rank, axes, Axes.sizes(inputShape, axes), eps, scale, scaleShape, trailing);
  }

  /**
   * GroupNormalization: {@code groups} ({@code -1}: one per channel; Keras writes the resolved
   * count once built) over one {@code axis}, gamma and beta of the channel count.
   */
  static Layer groupNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length != 1) {
      throw new ModelFormatException(c.where() + ": option 'axis' = " + Arrays.toString(raw)
          + " (GroupNormalization takes one axis)");
    }
    int axis = Axes.resolve(c, "axis", raw, rank)[0];
    if (axis == 0) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + raw[0] + " is the batch axis");
    }
    Axes.requireKnown(c, "axis", inputShape, new int[] {axis});
    int channels = inputShape[axis];
    int groups = c.getInt("groups", 32);
    if (groups == -1) {
      groups = channels;
    }
    if (groups <= 0 || groups > channels || channels % groups != 0) {
      throw new ModelFormatException(c.where() + ": option 'groups' = " + groups + " does not split " + channels
          + " channels evenly (Keras refuses it too)");
    }
    float eps = c.getFloat("epsilon", GroupNormalization.DEFAULT_EPSILON);
    float[] gamma = c.getBoolean("scale", true) ? w.next("gamma", channels) : null;
    float[] beta = c.getBoolean("center", true) ? w.next("beta", channels) : null;
    return new GroupNormalization(c.name(), groups, axis - rank, channels, eps, gamma, beta, c.kerasMajor() >= 3);
  }

  /** UnitNormalization: an int or a list of axes ({@code -1} by default), not the batch axis. */
  static Layer unitNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (a norm over no axis)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    if (axes[0] == 0) {
      throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + Arrays.toString(raw)
          + " includes the batch axis, which ties the samples of a batch together");
    }
    int[] fromEnd = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      fromEnd[i] = axes[i] - rank;
    }
    return new UnitNormalization(c.name(), fromEnd, c.kerasMajor() >= 3);
  }

  /**
   * Keras 3 writes {@code axis} as a list ({@code [-1]} by default) and creates gamma over the axes
   * as written, sorted ({@code [-1, 1]} gives gamma of shape {@code (d2, d1)}); tf-keras writes
   * non-negative axes and keeps their order. Either way the call reshapes gamma and beta to the
   * broadcast shape, i.e. reads them row-major over the axes in ascending order, which is what
   * the runtime layer takes. Gamma exists when {@code scale} or {@code rms_scaling} is on, beta
   * when {@code center} is on and {@code rms_scaling} off (Keras 3 keeps {@code center: true} in
   * the config of an RMS layer that has no beta).
   */
  static Layer layerNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    boolean keras3 = c.kerasMajor() >= 3;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0 && !keras3) {
      throw new ModelFormatException(c.where() + ": option 'axis' = [] (tf-keras cannot build a layer over no axes)");
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    float eps = c.getFloat("epsilon", LayerNormalization.DEFAULT_EPSILON);
    boolean rms = c.getBoolean("rms_scaling", false);
    if (rms && !keras3) {
      throw new UnsupportedFeatureException(c.where() + ": option 'rms_scaling' = true in a Keras " + c.kerasMajor()
          + " file (only Keras 3 has it)");
    }
    boolean hasGamma = c.getBoolean("scale", true) || rms;
    boolean hasBeta = c.getBoolean("center", true) && !rms;
    int[] created = raw.clone(); // the axes in the order of gamma's dimensions
    if (keras3) {
      Arrays.sort(created);
    }
    created = Axes.resolve(c, "axis", created, rank);
    if (hasGamma || hasBeta) {
      Axes.requireKnown(c, "axis", inputShape, axes);
      if (created.length == rank && !Arrays.equals(created, axes)) {
        // Keras does not reshape a weight of the input's rank: it broadcasts it as created.
        throw new UnsupportedFeatureException(c.where() + ": option 'axis' = " + Arrays.toString(raw)
            + " lists every axis out of order; Keras broadcasts gamma unreshaped then, which kerasj does not reproduce");
      }
    }
    Axes.batchAxis(c, "axis", inputShape, axes);
    int[] paramShape = Axes.sizes(inputShape, created);
    float[] gamma = hasGamma ? w.next("gamma", paramShape) : null;
    float[] beta = hasBeta ? w.next("beta", paramShape) : null;
    int[] sizes = Axes.sizes(inputShape, axes);
    if (Axes.isLast(axes, rank) && sizes[0] > 0) {
      return new LayerNormalization(c.name(), sizes[0], eps, gamma, beta, rms);
    }
    return new LayerNormalization(c.name(), rank, axes, sizes, eps, gamma, beta, rms);
  }

  /**
   * {@code axis}: Keras 3 writes an int ({@code -1}), tf-keras a list of non-negative axes ({@code
   * [2]}), several for a multi-axis layer, whose weights then have the input's rank with 1 on the
   * other axes. With {@code renorm} both create {@code moving_stddev}, {@code renorm_mean} and
   * {@code renorm_stddev} after the moving statistics; inference uses the moving mean and variance
   * only.
   */
  static Layer batchNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int rank = inputShape.length;
    int[] raw = c.getInts("axis");
    if (raw == null) {
      raw = new int[] {-1};
    }
    if (raw.length == 0 || (raw.length > 1 && c.kerasMajor() >= 3)) {
      throw new ModelFormatException(c.where() + ": option 'axis' = " + c.getJson("axis") + " (Keras "
          + c.kerasMajor() + " refuses it too: " + (raw.length == 0 ? "no axis)" : "Keras 3 takes one axis)"));
    }
    int[] axes = Axes.distinct(c, "axis", raw, Axes.resolve(c, "axis", raw, rank));
    Axes.requireKnown(c, "axis", inputShape, axes);
    float eps = c.getFloat("epsilon", BatchNormalization.DEFAULT_EPSILON);
    boolean center = c.getBoolean("center", true);
    boolean scale = c.getBoolean("scale", true);
    boolean renorm = c.getBoolean("renorm", false);
    c.expect("virtual_batch_size", "none"); // only reached when present and non-null
    // Training-time settings: the moving statistics are used as saved.
    c.ignore("momentum", "renorm_clipping", "renorm_momentum", "synchronized", "fused");
    int[] sizes = Axes.sizes(inputShape, axes);
    int[] param = sizes;
    if (axes.length > 1) {
      param = new int[rank];
      java.util.Arrays.fill(param, 1);
      for (int a : axes) {
        param[a] = inputShape[a];
      }
    }
    float[] gamma = scale ? w.next("gamma", param) : null;
    float[] beta = center ? w.next("beta", param) : null;
    float[] mean = w.next("moving_mean", param);
    float[] var = w.next("moving_variance", param);
    if (renorm) {
      for (String unused : new String[] {"moving_stddev", "renorm_mean", "renorm_stddev"}) {
        w.next(unused, param);
      }
    }
    if (Axes.isLast(axes, rank)) {
      return new BatchNormalization(c.name(), sizes[0], eps, gamma, beta, mean, var);
    }
    return new BatchNormalization(c.name(), rank, axes, sizes, eps, gamma, beta, mean, var);
  }

  /**
   * {@code SpectralNormalization(layer, power_iterations)}: at inference the wrapped layer with its
   * stored kernel (see the runtime class). Keras tracks the wrapped layer's kernel (or an
   * Embedding's embeddings) and adds {@code vector_u} of shape {@code (1, kernel_shape[-1])}; a
   * legacy HDF5 file lists the wrapped layer's weights, then {@code vector_u}; a Keras 3 file holds
   * the wrapper's own variables, the kernel again and {@code vector_u}, and the wrapped layer's
   * under {@code layer}. Keras 3 casts the output to the input's dtype, which turns an Embedding's
   * vectors into integers when it is fed integer ids, so a wrapped Embedding is refused for Keras 3.
   */
  static Layer spectralNormalization(LayerConfig c, LayerWeights w, int[] inputShape, LoadContext ctx) {
    int iterations = c.getInt("power_iterations", 1);
    if (iterations < 1) {
      throw new io.kerasj.ModelFormatException(c.where() + ": option 'power_iterations' must be at least 1, got "
          + iterations);
    }
    LayerConfig inner = c.nested("layer");
    if (c.kerasMajor() >= 3 && "Embedding".equals(inner.className())) {
      throw new io.kerasj.UnsupportedFeatureException(c.where() + ": SpectralNormalization over an Embedding is not "
          + "supported for Keras 3, which casts the embeddings to the dtype of the ids fed in (integers for int ids)");
    }
    LayerWeights sub = w.scope("layer");
    String kernelName = "Embedding".equals(inner.className()) ? "embeddings" : "kernel";
    int[] kernel = sub.peekShape(kernelName);
    if (kernel.length < 1) {
      throw new io.kerasj.ShapeMismatchException(c.where() + ": the wrapped layer's first weight, its " + kernelName
          + ", is a scalar; SpectralNormalization needs a kernel with at least one axis");
    }
    if (!w.isLegacyLayout()) {
      // Keras 3 saves the wrapped layer's kernel once more as the wrapper's own first variable, and
      // loads the wrapped layer's copy last: that one is used; this one is only checked.
      int[] copy = w.peekShape(kernelName);
      if (!java.util.Arrays.equals(copy, kernel)) {
        throw new io.kerasj.ShapeMismatchException(c.where() + ": weight '" + kernelName + "' (the wrapper's copy of "
            + "the wrapped layer's) has shape " + java.util.Arrays.toString(copy) + ", expected "
            + java.util.Arrays.toString(kernel));
      }
      w.skip(kernelName);
    }
    Layer layer = ctx.layer(inner, sub, inputShape);
    int units = kernel[kernel.length - 1];
    w.next("vector_u", 1, units);
    return new io.kerasj.layers.normalization.SpectralNormalization(c.name(), layer, iterations, units);
  }
}
