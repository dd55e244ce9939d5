package io.kerasj.layers.activations;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Checks;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code PReLU}: {@code x ≥ 0 ? x : alpha·x}, with a learned {@code alpha} of the input's
 * shape without the batch axis, except that axes listed in {@code shared_axes} have size 1 and
 * share one value (broadcast).
 */
public final class PReLU extends Layer {
  private final int[] alphaShape; // without batch; 1 on shared axes
  private final float[] alpha;

  /**
   * @param alphaShape the weight's shape (the input's shape without batch, 1 on shared axes)
   * @param alpha the weight, row-major
   */
  public PReLU(String name, int[] alphaShape, float[] alpha) {
    super(name);
    for (int d : alphaShape) {
      Checks.positive(name, "alpha dimension", d);
    }
    this.alphaShape = alphaShape.clone();
    this.alpha = Checks.weight(name, "alpha", alpha, alphaShape).clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  // A per-step alpha (time axis not shared) ties values to absolute positions in the sequence,
  // which a chunk of a stream does not know.
  @Override
  public boolean isStreamable() {
    return alphaShape.length < 2 || alphaShape[0] == 1;
  }

  @Override
  public String kerasClass() {
    return "PReLU";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public long trainableParams() {
    return alpha.length;
  }

  @Override
  public Tensor call(Tensor x) {
    int rank = alphaShape.length;
    if (x.rank() != rank + 1) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": expected an input of rank " + (rank + 1)
          + ", got shape "
          + Arrays.toString(x.shape()));
    }
    // Offset step in alpha per input axis: 0 on broadcast (shared) axes.
    int[] step = new int[rank];
    int s = 1;
    for (int a = rank - 1; a >= 0; a--) {
      int d = x.dim(a + 1);
      if (alphaShape[a] == d) {
        step[a] = alphaShape[a] == 1 ? 0 : s;
      } else if (alphaShape[a] == 1) {
        step[a] = 0;
      } else {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": alpha of shape "
            + Arrays.toString(alphaShape) + " does not fit input " + Arrays.toString(x.shape()));
      }
      s *= alphaShape[a];
    }
    float[] in = x.data();
    float[] out = new float[in.length];
    int[] idx = new int[rank];
    int p = 0;
    for (int i = 0; i < in.length; i++) {
      float v = in[i];
      out[i] = v >= 0f ? v : alpha[p] * v;
      // Odometer over the non-batch axes; wraps at each sample.
      for (int a = rank - 1; a >= 0; a--) {
        idx[a]++;
        p += step[a];
        if (idx[a] < x.dim(a + 1)) {
          break;
        }
        p -= step[a] * idx[a];
        idx[a] = 0;
      }
    }
    return Tensor.of(out, x.shape());
  }
}
