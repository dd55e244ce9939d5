package io.kerasj.layers;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' recurrent layer: runs an {@link RNNCell} over the time axis of a
 * {@code (batch, time, features)} input. {@code LSTM}, {@code GRU} and {@code SimpleRNN} are this
 * layer with the matching cell; {@link #kerasClass()} keeps the name Keras showed.
 *
 * <p>Semantics follow Keras: states start at zero unless given; with {@code go_backwards} the
 * input is read from the last step to the first and the output sequence is <em>not</em> flipped
 * back (output 0 belongs to the last input step).
 */
public final class RNN extends Layer {
  private final String kerasClass;
  private final RNNCell cell;
  private final boolean returnSequences;
  private final boolean returnState;
  private final boolean goBackwards;

  /** The output of {@link #run}: the layer output and the final states in the cell's order. */
  public static final class Result {
    private final Tensor output;
    private final List<Tensor> states;

    Result(Tensor output, List<Tensor> states) {
      this.output = output;
      this.states = states;
    }

    /** {@code (batch, time, units)} with return_sequences, else {@code (batch, units)}. */
    public Tensor output() {
      return output;
    }

    /** Final states, each {@code (batch, size)} (LSTM: h then c). */
    public List<Tensor> states() {
      return states;
    }
  }

  /**
   * @param kerasClass the Keras class shown by summaries: {@code "RNN"}, {@code "LSTM"}, …
   */
  public RNN(String name, String kerasClass, RNNCell cell, boolean returnSequences, boolean returnState,
             boolean goBackwards) {
    super(name);
    this.kerasClass = kerasClass;
    this.cell = cell;
    this.returnSequences = returnSequences;
    this.returnState = returnState;
    this.goBackwards = goBackwards;
  }

  /** An {@code RNN(cell)} layer. */
  public RNN(String name, RNNCell cell, boolean returnSequences) {
    this(name, "RNN", cell, returnSequences, false, false);
  }

  /** The cell this layer runs. */
  public RNNCell cell() {
    return cell;
  }

  /** Whether the output holds every step, not only the last. */
  public boolean returnSequences() {
    return returnSequences;
  }

  /** Whether Keras returns the final states beside the output (Functional models). */
  public boolean returnState() {
    return returnState;
  }

  /** Whether the input is read from the last step to the first. */
  public boolean goBackwards() {
    return goBackwards;
  }

  @Override
  public String kerasClass() {
    return kerasClass;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return returnSequences
        ? new int[] {inputShape[0], inputShape[1], cell.outputSize()}
        : new int[] {inputShape[0], cell.outputSize()};
  }

  @Override
  public long trainableParams() {
    return cell.trainableParams();
  }

  @Override
  public Tensor call(Tensor x) {
    return run(x).output();
  }

  /**
   * Runs the layer, returning the output and the final states.
   *
   * @param initialStates none (zeros), or one {@code (batch, size)} tensor per cell state
   * @throws InvalidInputException on a wrong input or state shape
   */
  public Result run(Tensor x, Tensor... initialStates) {
    if (x == null || x.rank() != 3) {
      throw new InvalidInputException("layer '" + name() + "': expected input (batch, time, "
          + cell.inputSize() + "), got " + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
    }
    Checks.lastDim(name(), x, 3, cell.inputSize());
    final int batch = x.dim(0);
    final int steps = x.dim(1);
    if (steps == 0) {
      throw new InvalidInputException("layer '" + name() + "': the input has 0 time steps");
    }
    final int[] sizes = cell.stateSizes();
    float[][] states = initialStates(batch, sizes, initialStates);
    final int p = cell.projectionSize();
    final int o = cell.outputSize();
    float[] proj = new float[Math.multiplyExact(Math.multiplyExact(batch, steps), p)];
    cell.projectInputs(x.data(), 0, batch * steps, proj, 0);
    float[] out = new float[Math.multiplyExact(returnSequences ? batch * steps : batch, o)];
    float[] scratch = new float[cell.scratchSize(batch)];
    final int outStride = returnSequences ? steps * o : o;
    for (int k = 0; k < steps; k++) {
      int t = goBackwards ? steps - 1 - k : k;
      cell.step(proj, t * p, steps * p, states, out, returnSequences ? k * o : 0, outStride, batch, scratch, 0);
    }
    Tensor[] finals = new Tensor[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      finals[i] = Tensor.of(states[i], batch, sizes[i]);
    }
    Tensor output = returnSequences ? Tensor.of(out, batch, steps, o) : Tensor.of(out, batch, o);
    return new Result(output, List.of(finals));
  }

  private float[][] initialStates(int batch, int[] sizes, Tensor[] given) {
    float[][] states = new float[sizes.length][];
    if (given == null || given.length == 0) {
      for (int i = 0; i < sizes.length; i++) {
        states[i] = new float[batch * sizes[i]];
      }
      return states;
    }
    if (given.length != sizes.length) {
      throw new InvalidInputException("layer '" + name() + "': the cell has " + sizes.length
          + " states, got " + given.length + " initial states");
    }
    for (int i = 0; i < sizes.length; i++) {
      Tensor s = given[i];
      if (s == null || s.rank() != 2 || s.dim(0) != batch || s.dim(1) != sizes[i]) {
        throw new InvalidInputException("layer '" + name() + "': initial state " + i + " must have shape ("
            + batch + ", " + sizes[i] + "), got " + (s == null ? "null" : Arrays.toString(s.shape())));
      }
      states[i] = s.data().clone();
    }
    return states;
  }
}
