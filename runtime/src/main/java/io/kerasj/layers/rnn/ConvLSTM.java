package io.kerasj.layers.rnn;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.Conv3D;
import io.kerasj.layers.convolutional.ConvWindow;
import java.util.Arrays;

/**
 * Keras' {@code ConvLSTM1D}, {@code ConvLSTM2D} and {@code ConvLSTM3D}: an LSTM whose input and recurrent
 * transformations are convolutions. For each step, with gates in Keras' order {@code i, f, c, o}
 * ({@code 4·filters} channels):
 *
 * <pre>
 *   z = conv(x_t, kernel, window) + bias + conv(h, recurrent_kernel, 'same', stride 1)
 *   c = σ(z_f) ⊙ c + σ(z_i) ⊙ act(z_c);   h = σ(z_o) ⊙ act(c)
 * </pre>
 *
 * <p>The input convolution of every step is one call over all {@code batch·time} frames; the
 * recurrent one runs per step. Inputs are {@code (batch, time, [[depth,] rows,] cols, channels)}, or
 * with {@code channels_first} {@code (batch, time, channels, [[depth,] rows,] cols)}; the output is
 * the last {@code h}, or every step's with {@code returnSequences} (in the order processed: reversed
 * with {@code goBackwards}, as Keras returns them). With {@code returnState} the layer has three
 * outputs, as Keras' {@code return_state=True}: the output, then the final {@code h} and {@code c},
 * each {@code (batch, [[depth,] rows,] cols, filters)} (channels first: filters after the batch).
 */
public final class ConvLSTM extends Layer {
  private final int rank;
  private final int channels;
  private final int filters;
  private final DataFormat format;
  private final Activation activation;
  private final Activation recurrentActivation;
  private final boolean returnSequences;
  private final boolean goBackwards;
  private final boolean returnState;
  private final boolean zeroOutputForMask;
  private final Layer inputConv;     // channels → 4·filters, the layer's window, with the bias
  private final Layer recurrentConv; // filters → 4·filters, 'same', stride 1, no bias
  private final long params;

  /**
   * Creates the layer from Keras' weights.
   *
   * @param rank 1 ({@code ConvLSTM1D}), 2 ({@code ConvLSTM2D}) or 3 ({@code ConvLSTM3D})
   * @param window the input convolution's kernel size, strides, dilation and padding
   * @param kernel {@code (k..., channels, 4·filters)}, row-major
   * @param recurrentKernel {@code (k..., filters, 4·filters)}, row-major
   * @param bias {@code (4·filters)}, or null
   * @param format null for {@code channels_last}
   * @param activation null for tanh
   * @param recurrentActivation null for sigmoid
   */
  public ConvLSTM(String name, int rank, int channels, int filters, ConvWindow window, DataFormat format,
                  float[] kernel, float[] recurrentKernel, float[] bias, Activation activation,
                  Activation recurrentActivation, boolean returnSequences, boolean goBackwards) {
    this(name, rank, channels, filters, window, format, kernel, recurrentKernel, bias, activation,
        recurrentActivation, returnSequences, goBackwards, false, false);
  }

  /**
   * Creates the layer from Keras' weights, with Keras' {@code return_state} (three outputs, the
   * output then the final {@code h} and {@code c}) and Keras 3's {@code zero_output_for_mask} (a
   * masked step outputs zeros rather than the previous output; tf-keras' ConvLSTM never does). The
   * other parameters are those of {@link #ConvLSTM(String, int, int, int, ConvWindow, DataFormat,
   * float[], float[], float[], Activation, Activation, boolean, boolean)}.
   */
  public ConvLSTM(String name, int rank, int channels, int filters, ConvWindow window, DataFormat format,
                  float[] kernel, float[] recurrentKernel, float[] bias, Activation activation,
                  Activation recurrentActivation, boolean returnSequences, boolean goBackwards, boolean returnState,
                  boolean zeroOutputForMask) {
    super(name);
    if (rank < 1 || rank > 3) {
      throw new IllegalArgumentException("rank must be 1, 2 or 3, got " + rank);
    }
    Checks.positive(name, "input channels", channels);
    Checks.positive(name, "filters", filters);
    this.rank = rank;
    this.channels = channels;
    this.filters = filters;
    this.format = format == null ? DataFormat.CHANNELS_LAST : format;
    this.activation = activation == null ? Activation.TANH : activation;
    this.recurrentActivation = recurrentActivation == null ? Activation.SIGMOID : recurrentActivation;
    for (Activation a : new Activation[] {this.activation, this.recurrentActivation}) {
      if (a.outputSize(filters) != filters) {
        throw new IllegalArgumentException("layer " + Messages.quote(name) + ": activation " + a
            + " changes the width of a gate");
      }
    }
    this.returnSequences = returnSequences;
    this.goBackwards = goBackwards;
    this.returnState = returnState;
    this.zeroOutputForMask = zeroOutputForMask;
    int[] ones = new int[rank];
    Arrays.fill(ones, 1);
    ConvWindow same = ConvWindow.of(Padding.SAME, window.kernelSize(), ones, ones);
    if (rank == 1) {
      inputConv = new Conv1D(name, channels, 4 * filters, window, 1, null, kernel, bias, null);
      recurrentConv = new Conv1D(name, filters, 4 * filters, same, 1, null, recurrentKernel, null, null);
    } else if (rank == 2) {
      inputConv = new Conv2D(name, channels, 4 * filters, window, 1, null, kernel, bias, null);
      recurrentConv = new Conv2D(name, filters, 4 * filters, same, 1, null, recurrentKernel, null, null);
    } else {
      inputConv = new Conv3D(name, channels, 4 * filters, window, 1, null, kernel, bias, null);
      recurrentConv = new Conv3D(name, filters, 4 * filters, same, 1, null, recurrentKernel, null, null);
    }
    this.params = inputConv.trainableParams() + recurrentConv.trainableParams();
  }

  @Override
  public String kerasClass() {
    return "ConvLSTM" + rank + "D";
  }

  /** Whether the final {@code h} and {@code c} are outputs too (Keras' {@code return_state}). */
  public boolean returnState() {
    return returnState;
  }

  /** Number of filters (channels of the state and of the output). */
  public int filters() {
    return filters;
  }

  @Override
  public long trainableParams() {
    return params;
  }

  private String expectedShape() {
    String spatial = rank == 1 ? "steps" : rank == 2 ? "rows, cols" : "depth, rows, cols";
    return format == DataFormat.CHANNELS_LAST ? "(batch, time, " + spatial + ", " + channels + ")"
        : "(batch, time, " + channels + ", " + spatial + ")";
  }

  // The per-frame shape (frames, spatial..., channels) the convolutions see, from an input shape.
  private int[] frameShape(int[] shape) {
    if (shape.length != rank + 3) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass()
          + "): expected an input of shape " + expectedShape() + " (" + format.kerasName() + "), got "
          + Arrays.toString(shape));
    }
    int frames = shape[0] < 0 || shape[1] < 0 ? -1 : Math.multiplyExact(shape[0], shape[1]);
    int[] f = new int[rank + 2];
    f[0] = frames;
    boolean last = format == DataFormat.CHANNELS_LAST;
    for (int i = 0; i < rank; i++) {
      f[1 + i] = shape[(last ? 2 : 3) + i];
    }
    f[rank + 1] = shape[last ? rank + 2 : 2];
    if (f[rank + 1] >= 0 && f[rank + 1] != channels) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass() + "): expected "
          + channels + " channels (" + format.kerasName() + "), got shape " + Arrays.toString(shape));
    }
    return f;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return shape(inputShape, returnSequences);
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    if (inputShapes.length > 1) {
      // Keras' initial_state arrives as more inputs of the layer's node.
      throw new io.kerasj.UnsupportedFeatureException("layer " + Messages.quote(name()) + " (" + kerasClass()
          + "): initial states (initial_state, " + (inputShapes.length - 1) + " more inputs) are not supported");
    }
    requireInputs(inputShapes.length);
    if (!returnState) {
      return new int[][] {outputShape(inputShapes[0])};
    }
    int[] state = shape(inputShapes[0], false);
    return new int[][] {outputShape(inputShapes[0]), state, state.clone()};
  }

  // The output's shape: with the time axis (every step) or without (one h).
  private int[] shape(int[] inputShape, boolean sequence) {
    int[] conv = inputConv.outputShape(frameShape(inputShape));
    int[] out = new int[sequence ? rank + 3 : rank + 2];
    int at = 0;
    out[at++] = inputShape[0];
    if (sequence) {
      out[at++] = inputShape[1];
    }
    boolean last = format == DataFormat.CHANNELS_LAST;
    if (!last) {
      out[at++] = filters;
    }
    for (int i = 0; i < rank; i++) {
      out[at++] = conv[1 + i];
    }
    if (last) {
      out[at] = filters;
    }
    return out;
  }

  @Override
  public Tensor call(Tensor x) {
    return run(x, null, false)[0];
  }

  /**
   * A (batch, time) mask as Keras' RNN honours it: a masked step leaves {@code h} and {@code c} as
   * they were and outputs the previous output (zeros with {@code zero_output_for_mask}); the output
   * sequence keeps the mask, the states have none.
   */
  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Mask mask = masks == null || masks.length == 0 ? null : masks[0];
    Tensor[] out = run(inputs[0], mask, returnState);
    return new Output(out, outputMasks(mask, out.length));
  }

  @Override
  public Mask[] computeMask(Mask[] inputMasks, Output unmasked) {
    return outputMasks(inputMasks.length == 0 ? null : inputMasks[0], unmasked.tensors().length);
  }

  // Keras' ConvLSTM.compute_mask: the input's mask on a returned sequence, none on the states.
  private Mask[] outputMasks(Mask mask, int n) {
    Mask[] r = new Mask[n];
    r[0] = returnSequences ? mask : null;
    return r;
  }

  // The output, then with states the final h and c.
  private Tensor[] run(Tensor x, Mask mask, boolean states) {
    if (x == null) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": input is null");
    }
    int[] shape = x.shape();
    int[] frame = frameShape(shape);
    int batch = shape[0];
    int time = shape[1];
    if (mask != null && (mask.batch() != batch || mask.steps() != time)) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": mask of shape (" + mask.batch() + ", "
          + mask.steps() + ") does not fit the input " + Arrays.toString(shape));
    }
    int inPixels = 1;
    for (int i = 0; i < rank; i++) {
      inPixels *= frame[1 + i];
    }
    float[] in = x.data();
    boolean first = format == DataFormat.CHANNELS_FIRST;
    if (first) {
      float[] t = Buffers.floats(in.length);
      Spatial.toChannelsLast(in, batch * time, channels, inPixels, t);
      in = t;
    }
    // Every step's input convolution (and bias) at once: (batch·time, out pixels, 4·filters).
    Tensor z = inputConv.call(Tensor.of(in, frame));
    if (first) {
      Buffers.release(in);
    }
    int[] zs = z.shape();
    int pixels = 1;
    for (int i = 0; i < rank; i++) {
      pixels *= zs[1 + i];
    }
    final int gates = 4 * filters;
    final int stepZ = pixels * gates;   // one frame of z
    final int stepH = pixels * filters; // one frame of h
    int[] stateShape = zs.clone();
    stateShape[0] = batch;
    stateShape[rank + 1] = filters;
    float[] h = Buffers.floats(batch * stepH);
    float[] c = Buffers.floats(batch * stepH);
    float[] seq = returnSequences ? Buffers.floats(Math.multiplyExact(batch * time, stepH)) : null;
    Tensor hState = Tensor.of(h, stateShape);
    float[] zd = z.data();
    for (int s = 0; s < time; s++) {
      int t = goBackwards ? time - 1 - s : s;
      Tensor r = recurrentConv.call(hState);
      float[] rd = r.data();
      for (int b = 0; b < batch; b++) {
        if (mask != null && !mask.keep(b, t)) {
          // A masked step: the states stay, the output repeats the previous one (h) or is zero.
          if (seq != null && !zeroOutputForMask) {
            System.arraycopy(h, b * stepH, seq, (b * time + s) * stepH, stepH);
          }
          continue;
        }
        int zo = (b * time + t) * stepZ;
        int ro = b * stepZ;
        for (int q = 0; q < stepZ; q++) {
          rd[ro + q] += zd[zo + q];
        }
        for (int p = 0; p < pixels; p++) {
          int g = ro + p * gates;
          recurrentActivation.apply(rd, g, 1, filters);                // i
          recurrentActivation.apply(rd, g + filters, 1, filters);      // f
          activation.apply(rd, g + 2 * filters, 1, filters);           // candidate
          recurrentActivation.apply(rd, g + 3 * filters, 1, filters);  // o
          int so = (b * pixels + p) * filters;
          for (int k = 0; k < filters; k++) {
            c[so + k] = rd[g + filters + k] * c[so + k] + rd[g + k] * rd[g + 2 * filters + k];
          }
          // h = o ⊙ act(c): act into h first (c must stay as it is).
          System.arraycopy(c, so, h, so, filters);
          activation.apply(h, so, 1, filters);
          for (int k = 0; k < filters; k++) {
            h[so + k] *= rd[g + 3 * filters + k];
          }
        }
        if (seq != null) {
          System.arraycopy(h, b * stepH, seq, (b * time + s) * stepH, stepH);
        }
      }
      Buffers.release(rd);
    }
    Buffers.release(zd);
    Tensor y;
    boolean hInY = false;
    if (seq != null) {
      y = Tensor.of(channelsAsFormat(seq, batch * time, pixels, true), outputShape(shape));
    } else {
      // The last step's output: h, or zeros where zero_output_for_mask met a masked last step.
      int tLast = goBackwards ? 0 : time - 1;
      float[] last = h;
      if (mask != null && zeroOutputForMask) {
        for (int b = 0; b < batch; b++) {
          if (!mask.keep(b, tLast)) {
            if (last == h) {
              last = Buffers.floatsToOverwrite(h.length);
              System.arraycopy(h, 0, last, 0, h.length);
            }
            Arrays.fill(last, b * stepH, (b + 1) * stepH, 0f);
          }
        }
      }
      hInY = last == h && !states;
      y = Tensor.of(channelsAsFormat(last, batch, pixels, last != h || !states), outputShape(shape));
    }
    if (!states) {
      if (!hInY) {
        Buffers.release(h);
      }
      Buffers.release(c);
      return new Tensor[] {y};
    }
    int[] stateOut = shape(shape, false);
    return new Tensor[] {y, Tensor.of(channelsAsFormat(h, batch, pixels, true), stateOut),
        Tensor.of(channelsAsFormat(c, batch, pixels, true), stateOut.clone())};
  }

  // (frames, pixels, filters) in the layer's format: the array itself when channels_last and
  // {@code owned} (else a copy, as another output uses it), transposed when channels_first.
  private float[] channelsAsFormat(float[] a, int frames, int pixels, boolean owned) {
    if (format == DataFormat.CHANNELS_FIRST) {
      float[] t = Buffers.floatsToOverwrite(a.length);
      Spatial.toChannelsFirst(a, frames, pixels, filters, t);
      if (owned) {
        Buffers.release(a);
      }
      return t;
    }
    if (owned) {
      return a;
    }
    float[] t = Buffers.floatsToOverwrite(a.length);
    System.arraycopy(a, 0, t, 0, a.length);
    return t;
  }
}
