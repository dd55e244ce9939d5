package io.kerasj.layers.reshaping;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Sequences;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;

/**
 * Keras {@code Flatten}: {@code (batch, d1, …, dn) → (batch, d1·…·dn)}, row-major. With {@code
 * channels_first} Keras first moves axis 1 last ({@code (batch, c, d2, …) → (batch, d2, …, c)}), so
 * that the flattened order is the one the same model has in {@code channels_last}.
 */
public final class Flatten extends Layer {
  private final DataFormat format;

  /** A {@code channels_last} flatten layer. */
  public Flatten(String name) {
    this(name, DataFormat.CHANNELS_LAST);
  }

  /** A flatten layer; {@code channels_first} reorders inputs of rank 3 and more before flattening. */
  public Flatten(String name, DataFormat format) {
    super(name);
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
  }

  @Override
  public String kerasClass() {
    return "Flatten";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int n = 1;
    for (int i = 1; i < inputShape.length; i++) {
      n = Sequences.times(n, inputShape[i]);
    }
    return new int[] {inputShape[0], n};
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.rank() < 1) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": needs a batch axis, got a scalar");
    }
    int batch = x.dim(0);
    int n = 1;
    for (int i = 1; i < x.rank(); i++) {
      n *= x.dim(i);
    }
    if (format == DataFormat.CHANNELS_FIRST && x.rank() >= 3) {
      return Tensor.of(Spatial.toChannelsLast(x.data(), batch, x.dim(1), n / Math.max(1, x.dim(1))), batch, n);
    }
    // Data are row-major already, so flattening only relabels; the copy keeps the caller's input
    // array from becoming the model's output array.
    float[] out = Buffers.floats(x.size());
    System.arraycopy(x.data(), 0, out, 0, out.length);
    return Tensor.of(out, batch, n);
  }
}
