package io.kerasj.layers.rnn;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.BatchSplit;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.ParallelGemm;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;
import java.util.List;

/**
 * Keras' recurrent layer: runs an {@link RNNCell} over the time axis of a
 * {@code (batch, time, features)} input. {@code LSTM}, {@code GRU} and {@code SimpleRNN} are this
 * layer with the matching cell; {@link #kerasClass()} keeps the name Keras showed.
 *
 * <p>Semantics follow Keras: states start at zero unless given; with {@code go_backwards} the
 * input is read from the last step to the first and the output sequence is <em>not</em> flipped
 * back (output 0 belongs to the last input step). At a masked step the states are carried over
 * unchanged and the output repeats the previous step's output (zeros with
 * {@code zero_output_for_mask}, and before the first kept step).
 */
public final class RNN extends Layer {
  /**
   * Most time steps projected at once. The input projection is a matrix product over many steps,
   * done in chunks so that memory stays bounded for long sequences.
   */
  static final int CHUNK = 256;

  /**
   * Floats of projection per chunk. Small chunks keep the projection rows a step reads in L1
   * beside the recurrent weights: for the notebook's LSTM(20) at batch 1, 16-step chunks ran
   * 18% faster than one 100-step product, while every chunk stays a product of at least
   * {@link #MIN_CHUNK} steps × batch rows for the matrix kernels.
   */
  static final int CHUNK_FLOATS = 2048;

  static final int MIN_CHUNK = 4;

  /**
   * Floats of projection per chunk when a step is large enough to be shared by threads: there
   * the projection is worth doing for all steps at once, one large product that keeps every
   * thread busy (32 MB; the workspace keeps buffers up to 64 MB).
   */
  static final int LARGE_CHUNK_FLOATS = 8 << 20;

  /**
   * Floats of projection per chunk when a step's recurrent product is large but the step is not
   * shared by threads: a chunk (2 MB) stays in L2/L3 until its steps read it, and is still one
   * product of many rows (LSTM(512) at batch 32: 8 steps, 256 rows). Projecting all steps at once
   * went through memory three times (bias fill, product, step) and measured no faster.
   */
  static final int PRODUCT_CHUNK_FLOATS = 1 << 19;

  /** Steps per projection chunk for this batch and projection width; {@code large}: see {@link #largeSteps}. */
  static int chunkSteps(int steps, int batch, int projection, boolean large) {
    long fit = (large ? LARGE_CHUNK_FLOATS : CHUNK_FLOATS) / Math.max(1L, (long) batch * projection);
    return (int) Math.min(steps, Math.max(MIN_CHUNK, Math.min(large ? steps : CHUNK, fit)));
  }

  // Steps per projection chunk of this layer for a batch of `batch` sequences; `alone`: a slice of
  // the batch (BatchSplit), whose products run on its own thread whatever their size.
  private int chunkSteps(int steps, int batch, boolean alone) {
    int p = cell.projectionSize();
    if (alone) {
      return chunkSteps(steps, batch, p, false);
    }
    if (largeSteps(batch)) {
      return chunkSteps(steps, batch, p, true);
    }
    if (largeProduct(batch)) {
      long fit = PRODUCT_CHUNK_FLOATS / Math.max(1L, (long) batch * p);
      return (int) Math.min(steps, Math.max(MIN_CHUNK, Math.min(CHUNK, fit)));
    }
    return chunkSteps(steps, batch, p, false);
  }

  /**
   * Whether a step of {@code batch} sequences is large enough for the threads to share it: the
   * cell can cut it into runs of units, and its recurrent product is above the threaded product's
   * threshold. Each step is then one hand-over of the runs (product and gates), no serial part.
   */
  private boolean largeSteps(int batch) {
    return cell.parallelRuns() >= 2 && ParallelGemm.THREADS > 1 && largeProduct(batch);
  }

  /**
   * Whether a step's recurrent product is one the threads share ({@link Kernels#worthSplitting}). Its weights then
   * do not stay in L1 between steps anyway, and the input projection is done in chunks of
   * {@link #PRODUCT_CHUNK_FLOATS}, on one thread too.
   */
  private boolean largeProduct(int batch) {
    return Kernels.worthSplitting(batch, cell.stateSizes()[0], cell.projectionSize());
  }

  /** A large step of {@link #cell}, cut into its runs of units for {@link ParallelGemm#tryRun(ParallelGemm.Task, int, long)}. */
  private static final class SharedStep implements ParallelGemm.Task {
    final RNNCell cell;
    float[] proj;
    int projOff;
    int projStride;
    float[][] prev;
    float[][] next;
    float[] out;
    int outOff;
    int outStride;
    int batch;

    SharedStep(RNNCell cell) {
      this.cell = cell;
    }

    @Override
    public void run(int from, int to) {
      cell.stepRuns(from, to, proj, projOff, projStride, prev, next, out, outOff, outStride, batch);
    }
  }

  private final String kerasClass;
  private final RNNCell cell;
  private final boolean returnSequences;
  private final boolean returnState;
  private final boolean goBackwards;
  private final boolean zeroOutputForMask;
  private final boolean timeMajor;
  private final boolean stateful;

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

  /** The options of Keras' {@code RNN} layer; immutable, start from {@link #defaults()}. */
  public static final class Options {
    final boolean returnSequences;
    final boolean returnState;
    final boolean goBackwards;
    final boolean zeroOutputForMask;
    final boolean timeMajor;
    final boolean stateful;

    private Options(boolean rs, boolean rst, boolean gb, boolean z, boolean tm, boolean st) {
      returnSequences = rs;
      returnState = rst;
      goBackwards = gb;
      zeroOutputForMask = z;
      timeMajor = tm;
      stateful = st;
    }

    /** Keras' defaults: all options off. */
    public static Options defaults() {
      return new Options(false, false, false, false, false, false);
    }

    /** {@code return_sequences}. */
    public Options returnSequences(boolean v) {
      return new Options(v, returnState, goBackwards, zeroOutputForMask, timeMajor, stateful);
    }

    /** {@code return_state}. */
    public Options returnState(boolean v) {
      return new Options(returnSequences, v, goBackwards, zeroOutputForMask, timeMajor, stateful);
    }

    /** {@code go_backwards}. */
    public Options goBackwards(boolean v) {
      return new Options(returnSequences, returnState, v, zeroOutputForMask, timeMajor, stateful);
    }

    /** {@code zero_output_for_mask}. */
    public Options zeroOutputForMask(boolean v) {
      return new Options(returnSequences, returnState, goBackwards, v, timeMajor, stateful);
    }

    /** Keras 2's {@code time_major}: input and sequence output are {@code (time, batch, features)}. */
    public Options timeMajor(boolean v) {
      return new Options(returnSequences, returnState, goBackwards, zeroOutputForMask, v, stateful);
    }

    /** {@code stateful}: in a {@link io.kerasj.Session}, the final states of a call start the next. */
    public Options stateful(boolean v) {
      return new Options(returnSequences, returnState, goBackwards, zeroOutputForMask, timeMajor, v);
    }

  }

  /** A recurrent layer with the given options; {@code kerasClass} is what summaries show. */
  public RNN(String name, String kerasClass, RNNCell cell, Options options) {
    super(name);
    this.kerasClass = kerasClass;
    this.cell = cell;
    this.returnSequences = options.returnSequences;
    this.returnState = options.returnState;
    this.goBackwards = options.goBackwards;
    this.zeroOutputForMask = options.zeroOutputForMask;
    this.timeMajor = options.timeMajor;
    this.stateful = options.stateful;
  }

  /**
   * @param kerasClass the Keras class shown by summaries: {@code "RNN"}, {@code "LSTM"}, …
   */
  public RNN(String name, String kerasClass, RNNCell cell, boolean returnSequences, boolean returnState,
             boolean goBackwards) {
    this(name, kerasClass, cell, Options.defaults().returnSequences(returnSequences).returnState(returnState)
        .goBackwards(goBackwards));
  }

  /** An {@code RNN(cell)} layer. */
  public RNN(String name, RNNCell cell, boolean returnSequences) {
    this(name, "RNN", cell, returnSequences, false, false);
  }

  /** The same layer under another name and with other options, sharing the cell's weights. */
  public RNN withOptions(String newName, Options options) {
    return new RNN(newName, kerasClass, cell, options);
  }

  /** This layer's options. */
  public Options options() {
    return new Options(returnSequences, returnState, goBackwards, zeroOutputForMask, timeMajor, stateful);
  }

  /** The cell this layer runs. */
  public RNNCell cell() {
    return cell;
  }

  /** Whether the output holds every step, not only the last. */
  public boolean returnSequences() {
    return returnSequences;
  }

  /** Whether the layer also outputs its final states. */
  public boolean returnState() {
    return returnState;
  }

  /** Whether the input is read from the last step to the first. */
  public boolean goBackwards() {
    return goBackwards;
  }

  /** Whether the layer reads {@code (time, batch, features)} (Keras 2's {@code time_major}): axis 0 is then time. */
  public boolean timeMajor() {
    return timeMajor;
  }

  @Override
  public String kerasClass() {
    return kerasClass;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return outputShapes(new int[][] {inputShape})[0];
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    int[] in = inputShapes[0];
    int batch = timeMajor ? in[1] : in[0];
    int steps = timeMajor ? in[0] : in[1];
    int[] out = !returnSequences ? new int[] {batch, cell.outputSize()}
        : timeMajor ? new int[] {steps, batch, cell.outputSize()} : new int[] {batch, steps, cell.outputSize()};
    if (!returnState) {
      return new int[][] {out};
    }
    int[] sizes = cell.stateSizes();
    int[][] r = new int[1 + sizes.length][];
    r[0] = out;
    for (int i = 0; i < sizes.length; i++) {
      r[1 + i] = new int[] {batch, sizes[i]};
    }
    return r;
  }

  @Override
  public long trainableParams() {
    return cell.trainableParams();
  }

  @Override
  public int inputCount() {
    return -1;
  }

  @Override
  public boolean isStateful() {
    return true;
  }

  @Override
  public boolean isKerasStateful() {
    return stateful;
  }

  @Override
  public Tensor call(Tensor x) {
    return run(x).output();
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    int nStates = cell.stateSizes().length;
    if (inputs.length != 1 && inputs.length != 1 + nStates) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " takes its input and, optionally, " + nStates
          + " initial state(s); got " + inputs.length + " tensors");
    }
    Tensor[] init = Arrays.copyOfRange(inputs, 1, inputs.length);
    Mask mask = masks == null ? null : masks[0];
    float[][] carried = init.length == 0 && state != null ? state.get() : null;
    RunResult r = runInternal(inputs[0], mask, init, carried);
    if (state != null) {
      state.set(r.states);
    }
    int batch = r.output.dim(timeMajor && returnSequences ? 1 : 0);
    int n = returnState ? 1 + nStates : 1;
    Tensor[] out = new Tensor[n];
    out[0] = r.output;
    for (int i = 1; i < n; i++) {
      out[i] = Tensor.of(r.states[i - 1].clone(), batch, cell.stateSizes()[i - 1]);
    }
    return new Output(out, outputMasks(mask, n));
  }

  @Override
  public Mask[] computeMask(Mask[] inputMasks, Output unmasked) {
    return outputMasks(inputMasks.length == 0 ? null : inputMasks[0], unmasked.tensors().length);
  }

  // Keras' RNN.compute_mask: the input's mask on the returned sequence, none on the states.
  private Mask[] outputMasks(Mask mask, int n) {
    Mask[] r = new Mask[n];
    r[0] = returnSequences && !timeMajor ? mask : null;
    return r;
  }

  /**
   * Runs the layer, returning the output and the final states.
   *
   * @param initialStates none (zeros), or one {@code (batch, size)} tensor per cell state
   * @throws InvalidInputException on a wrong input or state shape
   */
  public Result run(Tensor x, Tensor... initialStates) {
    return run(x, null, initialStates);
  }

  /** Runs the layer on a masked input ({@code mask} may be {@code null}). */
  public Result run(Tensor x, Mask mask, Tensor... initialStates) {
    RunResult r = runInternal(x, mask, initialStates, null);
    int batch = r.output.dim(timeMajor && returnSequences ? 1 : 0);
    int[] sizes = cell.stateSizes();
    Tensor[] finals = new Tensor[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      finals[i] = Tensor.of(r.states[i], batch, sizes[i]);
    }
    return new Result(r.output, List.of(finals));
  }

  private static final class RunResult {
    final Tensor output;
    final float[][] states;

    RunResult(Tensor output, float[][] states) {
      this.output = output;
      this.states = states;
    }
  }

  private RunResult runInternal(Tensor x, Mask mask, Tensor[] initialStates, float[][] carried) {
    if (x == null || x.rank() != 3) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": expected input (batch, time, "
          + cell.inputSize() + "), got " + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
    }
    Checks.lastDim(name(), x, 3, cell.inputSize());
    if (timeMajor) {
      x = Checks.swapFirstAxes(x);
    }
    final int batch = x.dim(0);
    final int steps = x.dim(1);
    if (steps == 0) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": the input has 0 time steps");
    }
    if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": mask of shape (" + mask.batch() + ", "
          + mask.steps() + ") does not fit the input (" + batch + ", " + steps + ")");
    }
    final int[] sizes = cell.stateSizes();
    float[][] states = initialStates(batch, sizes, initialStates, carried);
    final int p = cell.projectionSize();
    final int o = cell.outputSize();
    final int f = cell.inputSize();
    final int chunk = chunkSteps(steps, batch, false);
    long outSize = (long) (returnSequences ? (long) batch * steps : batch) * o;
    if ((long) batch * chunk * p > Integer.MAX_VALUE - 8 || outSize > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": an input of " + batch + " sequences × "
          + steps
          + " steps needs " + Math.max(outSize, (long) batch * chunk * p) + " floats, more than a Java array holds; "
          + "split the batch");
    }
    // Workspace buffer (Buffers): the output until the model's last reader is done with it. The
    // states are not: a stream keeps them.
    final float[] out = Buffers.floats((int) outSize);
    final int outStride = returnSequences ? steps * o : o;
    final float[] xd = x.data();
    int slices = BatchSplit.slices(batch, steps, sizes[0], p);
    if (slices <= 1) {
      timeLoop(xd, steps, mask, states, out, outStride, 0, batch, false);
    } else {
      final float[][] all = states;
      BatchSplit.run(slices, s -> {
        int b0 = batch * s / slices;
        int nb = batch * (s + 1) / slices - b0;
        // A slice steps its own copy of its rows' states (the cells index states from row 0).
        float[][] own = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
          own[i] = Arrays.copyOfRange(all[i], b0 * sizes[i], (b0 + nb) * sizes[i]);
        }
        timeLoop(xd, steps, mask, own, out, outStride, b0, nb, true);
        for (int i = 0; i < sizes.length; i++) {
          System.arraycopy(own[i], 0, all[i], b0 * sizes[i], nb * sizes[i]);
        }
      });
    }
    Tensor output = returnSequences ? Tensor.of(out, batch, steps, o) : Tensor.of(out, batch, o);
    if (timeMajor && returnSequences) {
      output = Checks.swapFirstAxes(output);
      Buffers.release(out);
    }
    return new RunResult(output, states);
  }

  // The time loop for sequences [b0, b0 + nb) of the batch; `states` holds only those rows.
  private void timeLoop(float[] xd, int steps, Mask mask, float[][] states, float[] out, int outStride,
                        int b0, int nb, boolean alone) {
    final int[] sizes = cell.stateSizes();
    final int p = cell.projectionSize();
    final int o = cell.outputSize();
    final int f = cell.inputSize();
    final boolean large = !alone && largeSteps(nb);
    final int chunk = chunkSteps(steps, nb, alone);
    // Workspace buffers, given back when the loop ends.
    float[] proj = Buffers.floats(nb * chunk * p);
    // A chunk's inputs of every sequence, gathered so that their projection is one product of
    // nb × len rows rather than nb products of len rows, each streaming the whole kernel.
    float[] gathered = nb > 1 && chunk < steps ? Buffers.floats(nb * chunk * f) : null;
    float[] scratch = Buffers.floats(cell.scratchSize(nb));
    // Shared steps read the states of the previous step while writing the next ones elsewhere.
    // (With a mask too: the rows a step skips take back their states from the previous set.)
    final SharedStep shared = large ? new SharedStep(cell) : null;
    final long stepFlops = 2L * nb * sizes[0] * p;
    float[][] spare = null;
    if (shared != null) {
      spare = new float[sizes.length][];
      for (int i = 0; i < sizes.length; i++) {
        spare[i] = Buffers.floats(nb * sizes[i]);
      }
    }
    final float[][] given = states;
    // Masked steps need the previous output and the states from before the step.
    float[] prevOut = mask == null ? null : Buffers.floats(nb * o);
    float[][] saved = mask == null || shared != null ? null : new float[sizes.length][];
    if (saved != null) {
      for (int i = 0; i < sizes.length; i++) {
        saved[i] = Buffers.floats(nb * sizes[i]);
      }
    }
    final int outBase = b0 * outStride;
    for (int done = 0; done < steps; done += chunk) {
      int len = Math.min(chunk, steps - done);
      // Chunk c covers processing steps [done, done+len); in time order that is [t0, t0+len).
      int t0 = goBackwards ? steps - done - len : done;
      if (len == steps) {
        // All steps of every sequence: one product over contiguous rows.
        cell.projectInputs(xd, b0 * steps * f, nb * len, proj, 0);
      } else if (gathered != null) {
        for (int b = 0; b < nb; b++) {
          System.arraycopy(xd, ((b0 + b) * steps + t0) * f, gathered, b * len * f, len * f);
        }
        cell.projectInputs(gathered, 0, nb * len, proj, 0);
      } else {
        for (int b = 0; b < nb; b++) {
          cell.projectInputs(xd, ((b0 + b) * steps + t0) * f, len, proj, b * len * p);
        }
      }
      for (int j = 0; j < len; j++) {
        int k = done + j;
        int t = goBackwards ? steps - 1 - k : k;
        int outOff = outBase + (returnSequences ? k * o : 0);
        if (mask != null && !anyKept(mask, b0, nb, t)) {
          // No sequence takes this step: Keras keeps every state and repeats each previous output
          // (or zeros), which is what computing the step and undoing it would leave. (A batch-1
          // sequence's padding then costs nothing.)
          for (int b = 0; b < nb; b++) {
            skippedOutput(out, outOff + b * outStride, prevOut, b * o, o);
          }
          continue;
        }
        if (saved != null) {
          for (int b = 0; b < nb; b++) {
            if (!mask.keep(b0 + b, t)) {
              for (int i = 0; i < sizes.length; i++) {
                System.arraycopy(states[i], b * sizes[i], saved[i], b * sizes[i], sizes[i]);
              }
            }
          }
        }
        if (shared != null) {
          shared.proj = proj;
          shared.projOff = (t - t0) * p;
          shared.projStride = len * p;
          shared.prev = states;
          shared.next = spare;
          shared.out = out;
          shared.outOff = outOff;
          shared.outStride = outStride;
          shared.batch = nb;
          if (!ParallelGemm.tryRun(shared, cell.parallelRuns(), stepFlops)) {
            shared.run(0, cell.parallelRuns());
          }
          spare = states;
          states = shared.next;
          shared.prev = null;
          shared.next = null;
        } else {
          cell.step(proj, (t - t0) * p, len * p, states, out, outOff, outStride, nb, scratch, 0);
        }
        if (mask != null) {
          for (int b = 0; b < nb; b++) {
            int ob = outOff + b * outStride;
            if (mask.keep(b0 + b, t)) {
              System.arraycopy(out, ob, prevOut, b * o, o);
            } else {
              // A shared step wrote its states apart from the previous ones (now `spare`).
              float[][] before = saved != null ? saved : spare;
              for (int i = 0; i < sizes.length; i++) {
                System.arraycopy(before[i], b * sizes[i], states[i], b * sizes[i], sizes[i]);
              }
              skippedOutput(out, ob, prevOut, b * o, o);
            }
          }
        }
      }
    }
    if (shared != null) {
      // The final states belong in the caller's arrays; the other set is workspace.
      float[][] work = states == given ? spare : states;
      if (states != given) {
        for (int i = 0; i < sizes.length; i++) {
          System.arraycopy(states[i], 0, given[i], 0, nb * sizes[i]);
        }
      }
      for (float[] a : work) {
        Buffers.release(a);
      }
    }
    Buffers.release(proj);
    Buffers.release(gathered);
    Buffers.release(scratch);
    Buffers.release(prevOut);
    if (saved != null) {
      for (float[] a : saved) {
        Buffers.release(a);
      }
    }
  }

  // The output of a step a sequence skips: its previous output (at prev in prevOut), or zeros.
  private void skippedOutput(float[] out, int ob, float[] prevOut, int prev, int o) {
    if (zeroOutputForMask) {
      Arrays.fill(out, ob, ob + o, 0f);
    } else {
      System.arraycopy(prevOut, prev, out, ob, o);
    }
  }

  // Whether any of sequences [b0, b0 + nb) takes step t.
  private static boolean anyKept(Mask mask, int b0, int nb, int t) {
    for (int b = 0; b < nb; b++) {
      if (mask.keep(b0 + b, t)) {
        return true;
      }
    }
    return false;
  }

  private float[][] initialStates(int batch, int[] sizes, Tensor[] given, float[][] carried) {
    float[][] states = new float[sizes.length][];
    if (given == null || given.length == 0) {
      for (int i = 0; i < sizes.length; i++) {
        if (carried != null && carried.length == sizes.length && carried[i].length == batch * sizes[i]) {
          states[i] = carried[i].clone();
        } else if (carried != null) {
          throw new InvalidInputException("layer " + Messages.quote(name())
              + ": the stream's carried state is for a batch of "
              + (carried[i].length / sizes[i]) + ", this call has a batch of " + batch + " (reset the stream first)");
        } else {
          states[i] = new float[batch * sizes[i]];
        }
      }
      return states;
    }
    if (given.length != sizes.length) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + ": the cell has " + sizes.length
          + " states, got " + given.length + " initial states");
    }
    for (int i = 0; i < sizes.length; i++) {
      Tensor s = given[i];
      if (s == null || s.rank() != 2 || s.dim(0) != batch || s.dim(1) != sizes[i]) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": initial state " + i
            + " must have shape ("
            + batch + ", " + sizes[i] + "), got " + (s == null ? "null" : Arrays.toString(s.shape())));
      }
      states[i] = s.data().clone();
    }
    return states;
  }
}
