package io.kerasj.loader.layers;

import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.loader.LayerConfig;
import java.util.Arrays;

/**
 * Axis options ({@code axis}, {@code axes}) as Keras resolves them against the rank of the input
 * the layer was built for: negative values count from the end, as Python indexing does, and the
 * batch axis is axis 0.
 */
final class Axes {
  private Axes() {}

  /** The axes in the order given, each made non-negative; refuses one outside the input's rank. */
  static int[] resolve(LayerConfig c, String key, int[] raw, int rank) {
    int[] r = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int a = raw[i] < 0 ? raw[i] + rank : raw[i];
      if (a < 0 || a >= rank) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' = " + Arrays.toString(raw) + ": axis "
            + raw[i] + " is out of range for an input of rank " + rank + " (Keras refuses it too)");
      }
      r[i] = a;
    }
    return r;
  }

  /** The resolved axes in ascending order; refuses an axis named twice (e.g. {@code [2, -1]} of a rank-3 input). */
  static int[] distinct(LayerConfig c, String key, int[] raw, int[] resolved) {
    int[] s = resolved.clone();
    Arrays.sort(s);
    for (int i = 1; i < s.length; i++) {
      if (s[i] == s[i - 1]) {
        throw new ModelFormatException(c.where() + ": option '" + key + "' = " + Arrays.toString(raw) + " names axis "
            + s[i] + " twice (Keras refuses it too)");
      }
    }
    return s;
  }

  /** The input's sizes on {@code axes}. */
  static int[] sizes(int[] inputShape, int[] axes) {
    int[] r = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = inputShape[axes[i]];
    }
    return r;
  }

  /** Whether {@code axes} is exactly the last axis. */
  static boolean isLast(int[] axes, int rank) {
    return axes.length == 1 && axes[0] == rank - 1;
  }

  /**
   * Requires the input's size on each axis a weight spans: Keras cannot create the weight without
   * it either.
   */
  static void requireKnown(LayerConfig c, String key, int[] inputShape, int[] axes) {
    for (int a : axes) {
      if (inputShape[a] < 0) {
        throw new ModelFormatException(c.where() + ": the input's axis " + a + " (option '" + key + "') has unknown "
            + "size in " + io.kerasj.Model.formatShape(inputShape) + "; Keras needs it to create the layer's weights");
      }
    }
  }

  /**
   * Refuses a statistic or per-position weight over the batch axis unless the batch size is fixed:
   * it ties samples of one batch together, and kerasj runs batches of any size.
   */
  static void batchAxis(LayerConfig c, String key, int[] inputShape, int[] axes) {
    if (axes.length > 0 && axes[0] == 0 && inputShape[0] < 0) {
      throw new UnsupportedFeatureException(c.where() + ": option '" + key + "' includes the batch axis, which kerasj "
          + "supports only for a model with a fixed batch size (batch_shape / batch_size on its Input)");
    }
  }
}
