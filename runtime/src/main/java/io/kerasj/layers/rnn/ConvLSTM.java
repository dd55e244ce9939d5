package io.kerasj.layers.rnn;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.DataFormat;
import io.kerasj.layers.Layer;
import io.kerasj.layers.Padding;
import io.kerasj.layers.convolutional.Conv1D;
import io.kerasj.layers.convolutional.Conv2D;
import io.kerasj.layers.convolutional.ConvWindow;
import java.util.Arrays;

/**
 * Keras' {@code ConvLSTM1D} and {@code ConvLSTM2D}: an LSTM whose input and recurrent
 * transformations are convolutions. For each step, with gates in Keras' order {@code i, f, c, o}
 * ({@code 4·filters} channels):
 *
 * <pre>
 *   z = conv(x_t, kernel, window) + bias + conv(h, recurrent_kernel, 'same', stride 1)
 *   c = σ(z_f) ⊙ c + σ(z_i) ⊙ act(z_c);   h = σ(z_o) ⊙ act(c)
 * </pre>
 *
 * <p>The input convolution of every step is one call over all {@code batch·time} frames; the
 * recurrent one runs per step. Inputs are {@code (batch, time, [rows,] cols, channels)}, or with
 * {@code channels_first} {@code (batch, time, channels, [rows,] cols)}; the output is the last
 * {@code h}, or every step's with {@code returnSequences} (in the order processed: reversed with
 * {@code goBackwards}, as Keras returns them).
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
  private final Layer inputConv;     // channels → 4·filters, the layer's window, with the bias
  private final Layer recurrentConv; // filters → 4·filters, 'same', stride 1, no bias
  private final long params;

  /**
   * Creates the layer from Keras' weights.
   *
   * @param rank 1 ({@code ConvLSTM1D}) or 2 ({@code ConvLSTM2D})
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
    super(name);
    if (rank != 1 && rank != 2) {
      throw new IllegalArgumentException("rank must be 1 or 2, got " + rank);
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
    int[] ones = new int[rank];
    Arrays.fill(ones, 1);
    ConvWindow same = ConvWindow.of(Padding.SAME, window.kernelSize(), ones, ones);
    if (rank == 1) {
      inputConv = new Conv1D(name, channels, 4 * filters, window, 1, null, kernel, bias, null);
      recurrentConv = new Conv1D(name, filters, 4 * filters, same, 1, null, recurrentKernel, null, null);
    } else {
      inputConv = new Conv2D(name, channels, 4 * filters, window, 1, null, kernel, bias, null);
      recurrentConv = new Conv2D(name, filters, 4 * filters, same, 1, null, recurrentKernel, null, null);
    }
    this.params = inputConv.trainableParams() + recurrentConv.trainableParams();
  }

  @Override
  public String kerasClass() {
    return rank == 1 ? "ConvLSTM1D" : "ConvLSTM2D";
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
    String spatial = rank == 1 ? "steps" : "rows, cols";
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
    int[] conv = inputConv.outputShape(frameShape(inputShape));
    int[] out = new int[returnSequences ? rank + 3 : rank + 2];
    int at = 0;
    out[at++] = inputShape[0];
    if (returnSequences) {
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
    if (x == null) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": input is null");
    }
    int[] shape = x.shape();
    int[] frame = frameShape(shape);
    int batch = shape[0];
    int time = shape[1];
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
    Buffers.release(c);
    float[] out;
    int frames;
    if (seq != null) {
      Buffers.release(h);
      out = seq;
      frames = batch * time;
    } else {
      out = h;
      frames = batch;
    }
    if (first) {
      float[] t = Buffers.floats(out.length);
      Spatial.toChannelsFirst(out, frames, pixels, filters, t);
      Buffers.release(out);
      out = t;
    }
    return Tensor.of(out, outputShape(shape));
  }
}
