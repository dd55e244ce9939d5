package io.kerasj.layers.rnn;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;
import java.util.Locale;

/**
 * Keras {@code Bidirectional}: a forward recurrent layer and a backward one (reading the sequence
 * from the end) over the same input. With {@code return_sequences} the backward output is flipped
 * back to time order before the two are merged; merge modes are {@code concat} (forward features
 * first), {@code sum}, {@code mul}, {@code ave}, or none (two outputs).
 *
 * <p>Outputs: the merged output (or both), then with {@code return_state} the forward layer's
 * states and the backward layer's. Initial states: the first half go to the forward layer.
 */
public final class Bidirectional extends Layer {
  /** How the two directions' outputs are combined. */
  public enum MergeMode {
    /** Concatenate on the last axis, forward first. */
    CONCAT,
    /** Element-wise sum. */
    SUM,
    /** Element-wise product. */
    MUL,
    /** Element-wise mean. */
    AVE,
    /** No merge: two outputs. */
    NONE;

    /** The mode Keras names ({@code null} for none). */
    public static MergeMode forKerasName(String name) {
      if (name == null) {
        return NONE;
      }
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new io.kerasj.UnsupportedFeatureException("Bidirectional merge_mode " + Messages.quote(name)
            + " is not supported (concat, sum, mul, ave, None)");
      }
    }
  }

  private final RNN forward;
  private final RNN backward;
  private final MergeMode mode;
  private final boolean returnSequences;
  private final boolean returnState;

  /**
   * @param forward the forward layer
   * @param backward the backward layer (normally the same configuration with {@code go_backwards})
   */
  public Bidirectional(String name, RNN forward, RNN backward, MergeMode mode) {
    super(name);
    if (forward.returnSequences() != backward.returnSequences()) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name)
          + ": forward and backward layers disagree on "
          + "return_sequences");
    }
    // Keras forces zero outputs at masked steps on both directions when sequences are returned.
    this.forward = forward.withOptions(forward.name(), forward.options().zeroOutputForMask(forward.returnSequences()));
    this.backward = backward.withOptions(backward.name(),
        backward.options().zeroOutputForMask(backward.returnSequences()));
    this.mode = mode;
    this.returnSequences = forward.returnSequences();
    this.returnState = forward.returnState();
  }

  @Override
  public String kerasClass() {
    return "Bidirectional";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return outputShapes(new int[][] {inputShape})[0];
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    int[][] f = forward.outputShapes(new int[][] {inputShapes[0]});
    int[][] b = backward.outputShapes(new int[][] {inputShapes[0]});
    int heads = mode == MergeMode.NONE ? 2 : 1;
    int states = returnState ? f.length - 1 + b.length - 1 : 0;
    int[][] r = new int[heads + states][];
    if (mode == MergeMode.NONE) {
      r[0] = f[0];
      r[1] = b[0];
    } else {
      r[0] = f[0].clone();
      if (mode == MergeMode.CONCAT) {
        r[0][r[0].length - 1] = f[0][f[0].length - 1] + b[0][b[0].length - 1];
      }
    }
    int k = heads;
    for (int i = 1; returnState && i < f.length; i++) {
      r[k++] = f[i];
    }
    for (int i = 1; returnState && i < b.length; i++) {
      r[k++] = b[i];
    }
    return r;
  }

  @Override
  public long trainableParams() {
    return forward.trainableParams() + backward.trainableParams();
  }

  @Override
  public int inputCount() {
    return -1;
  }

  /** Whether the wrapped layers read {@code (time, batch, features)} (Keras 2's {@code time_major}). */
  public boolean timeMajor() {
    return forward.timeMajor();
  }

  @Override
  public boolean isStateful() {
    return true;
  }

  @Override
  public boolean isKerasStateful() {
    return forward.isKerasStateful() || backward.isKerasStateful();
  }

  @Override
  public boolean isStreamable() {
    // The backward direction needs the whole sequence.
    return false;
  }

  @Override
  public Tensor call(Tensor x) {
    return forward(new Tensor[] {x}, new Mask[] {null}, null).tensors()[0];
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    int nf = forward.cell().stateSizes().length;
    int nb = backward.cell().stateSizes().length;
    if (inputs.length != 1 && inputs.length != 1 + nf + nb) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " takes its input and, optionally, " + (nf
          + nb) + " initial states (forward then backward); got " + inputs.length + " tensors");
    }
    Mask mask = masks == null ? null : masks[0];
    Tensor[] fIn = new Tensor[inputs.length == 1 ? 1 : 1 + nf];
    Tensor[] bIn = new Tensor[inputs.length == 1 ? 1 : 1 + nb];
    fIn[0] = inputs[0];
    bIn[0] = inputs[0];
    if (inputs.length > 1) {
      System.arraycopy(inputs, 1, fIn, 1, nf);
      System.arraycopy(inputs, 1 + nf, bIn, 1, nb);
    }
    LayerState fs = null;
    LayerState bs = null;
    if (state != null) {
      fs = new LayerState();
      bs = new LayerState();
      float[][] carried = state.get();
      if (carried != null) {
        fs.set(Arrays.copyOfRange(carried, 0, nf));
        bs.set(Arrays.copyOfRange(carried, nf, nf + nb));
      }
    }
    Output f = forward.forward(fIn, new Mask[] {mask}, fs);
    Output b = backward.forward(bIn, new Mask[] {mask}, bs);
    if (state != null) {
      float[][] both = new float[nf + nb][];
      System.arraycopy(fs.get(), 0, both, 0, nf);
      System.arraycopy(bs.get(), 0, both, nf, nb);
      state.set(both);
    }
    Tensor yf = f.tensors()[0];
    Tensor yb = b.tensors()[0];
    if (returnSequences) {
      Tensor reversed = reverseTime(yb);
      Buffers.release(yb.data());
      yb = reversed;
    }
    int heads = mode == MergeMode.NONE ? 2 : 1;
    int states = returnState ? nf + nb : 0;
    Tensor[] out = new Tensor[heads + states];
    if (mode == MergeMode.NONE) {
      out[0] = yf;
      out[1] = yb;
    } else {
      out[0] = merge(yf, yb);
      Buffers.release(yf.data());
      Buffers.release(yb.data());
    }
    for (int i = 0; i < states; i++) {
      out[heads + i] = i < nf ? f.tensors()[1 + i] : b.tensors()[1 + i - nf];
    }
    return new Output(out, outputMasks(mask, out.length));
  }

  @Override
  public Mask[] computeMask(Mask[] inputMasks, Output unmasked) {
    return outputMasks(inputMasks.length == 0 ? null : inputMasks[0], unmasked.tensors().length);
  }

  // Keras' Bidirectional.compute_mask: the input's mask on each returned sequence, none on the states.
  private Mask[] outputMasks(Mask mask, int n) {
    Mask[] r = new Mask[n];
    int heads = mode == MergeMode.NONE ? 2 : 1;
    for (int i = 0; i < heads && returnSequences; i++) {
      r[i] = mask;
    }
    return r;
  }

  private Tensor merge(Tensor a, Tensor b) {
    float[] x = a.data();
    float[] y = b.data();
    if (mode == MergeMode.CONCAT) {
      int fa = a.dim(-1);
      int fb = b.dim(-1);
      int rows = x.length / fa;
      float[] r = Buffers.floats(rows * (fa + fb));
      for (int i = 0; i < rows; i++) {
        System.arraycopy(x, i * fa, r, i * (fa + fb), fa);
        System.arraycopy(y, i * fb, r, i * (fa + fb) + fa, fb);
      }
      int[] s = a.shape();
      s[s.length - 1] = fa + fb;
      return Tensor.of(r, s);
    }
    float[] r = Buffers.floats(x.length);
    for (int i = 0; i < r.length; i++) {
      switch (mode) {
        case SUM:
          r[i] = x[i] + y[i];
          break;
        case MUL:
          r[i] = x[i] * y[i];
          break;
        default:
          r[i] = (x[i] + y[i]) / 2f;
          break;
      }
    }
    return Tensor.of(r, a.shape());
  }

  static Tensor reverseTime(Tensor y) {
    int b = y.dim(0);
    int t = y.dim(1);
    int f = y.size() / Math.max(1, b * t);
    float[] src = y.data();
    float[] dst = Buffers.floats(src.length);
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        System.arraycopy(src, (i * t + j) * f, dst, (i * t + (t - 1 - j)) * f, f);
      }
    }
    return Tensor.of(dst, y.shape());
  }
}
