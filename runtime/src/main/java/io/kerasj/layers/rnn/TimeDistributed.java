package io.kerasj.layers.rnn;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code TimeDistributed}: applies the wrapped layer to every time slice with shared
 * weights, by folding time into the batch axis, {@code (B, T, ...) → (B·T, ...)}.
 */
public final class TimeDistributed extends Layer {
  private final Layer layer;
  private final boolean passesMask;

  /**
   * Wraps {@code layer}, which sees inputs of shape {@code (batch, ...)}; the mask passes on when
   * the wrapped layer supports masking (tf-keras, which refuses a mask for any other layer).
   */
  public TimeDistributed(String name, Layer layer) {
    this(name, layer, false);
  }

  /**
   * @param passesMask whether the input's time-step mask always passes on, whatever the wrapped
   *     layer is: Keras 3's {@code TimeDistributed} sets {@code supports_masking} and keeps the
   *     default {@code compute_mask}, so e.g. {@code TimeDistributed(Reshape(...))} after a {@code
   *     Masking} hands the mask to a following {@code ConvLSTM2D}
   */
  public TimeDistributed(String name, Layer layer, boolean passesMask) {
    super(name);
    this.layer = layer;
    this.passesMask = passesMask;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  @Override
  public boolean isKerasStateful() {
    return layer.isKerasStateful();
  }

  @Override
  public boolean supportsMasking() {
    return passesMask || layer.supportsMasking();
  }

  @Override
  public String kerasClass() {
    return "TimeDistributed";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int[] inner = new int[inputShape.length - 1];
    inner[0] = inputShape[0] < 0 || inputShape[1] < 0 ? -1 : inputShape[0] * inputShape[1];
    System.arraycopy(inputShape, 2, inner, 1, inputShape.length - 2);
    int[] o = layer.outputShape(inner);
    int[] r = new int[o.length + 1];
    r[0] = inputShape[0];
    r[1] = inputShape[1];
    System.arraycopy(o, 1, r, 2, o.length - 1);
    return r;
  }

  @Override
  public long trainableParams() {
    return layer.trainableParams();
  }

  @Override
  public long nonTrainableParams() {
    return layer.nonTrainableParams();
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.rank() < 3) {
      throw new InvalidInputException("layer " + Messages.quote(name())
          + ": TimeDistributed needs an input of rank >= 3, got shape "
          + Arrays.toString(x.shape()));
    }
    int[] s = x.shape();
    int[] folded = new int[s.length - 1];
    folded[0] = s[0] * s[1];
    System.arraycopy(s, 2, folded, 1, s.length - 2);
    Tensor y = layer.call(x.reshape(folded));
    int[] ys = y.shape();
    int[] r = new int[ys.length + 1];
    r[0] = s[0];
    r[1] = s[1];
    System.arraycopy(ys, 1, r, 2, ys.length - 1);
    return y.reshape(r);
  }
}
