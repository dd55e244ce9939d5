package io.kerasj;

import io.kerasj.layers.LayerState;
import java.util.List;
import java.util.Map;

/**
 * A stream of calls to one model that carries the recurrent layers' states from each call to the
 * next: Keras' {@code stateful=True}, and streaming for any recurrent model — feed a sequence one
 * step or one chunk at a time, and (for a {@link Model#isStreamable() streamable} model) get the
 * outputs feeding it whole would give.
 *
 * <p>A session belongs to one caller at a time (it is not thread-safe); open one per stream. The
 * model itself stays immutable and shared.
 */
public final class Session {
  private final Model model;
  private LayerState states = new LayerState();

  Session(Model model) {
    this.model = model;
  }

  /** Feeds the next chunk of a single-input, single-output model: {@code (batch, steps, features)}. */
  public Tensor predict(Tensor x) {
    model.requireSingle();
    return model.run(new Tensor[] {x}, states).tensors()[0];
  }

  /**
   * Feeds the next chunk of a single-input, single-output model and writes its output into
   * {@code out}, a tensor the caller owns and may reuse; returns {@code out}. As {@link
   * Model#predict(Tensor, Tensor)}: with a reused {@code out}, what a call allocates does not grow
   * with the chunk's length. A wrong {@code out} shape is normally reported before anything runs,
   * leaving the carried states as they were (after the run only when the layers' shape functions
   * cannot tell a dimension in advance, e.g. inside a nested model).
   *
   * @throws InvalidInputException if {@code x} does not fit the model or {@code out}'s shape is not
   *     the output's (the message names both)
   */
  public Tensor predict(Tensor x, Tensor out) {
    model.requireSingle();
    return model.runInto(x, out, states);
  }

  /** Feeds the next chunk of each input, in input order; returns the outputs in order. */
  public List<Tensor> predictAll(Tensor... inputs) {
    return List.of(model.run(inputs, states).tensors());
  }

  /** Feeds the next chunk of inputs named as the model's {@code Input} layers. */
  public List<Tensor> predictAll(Map<String, Tensor> inputs) {
    return predictAll(model.byName(inputs));
  }

  /** Forgets the carried states: the next call starts from zeros (Keras' {@code reset_states()}). */
  public void reset() {
    states = new LayerState();
  }

  /** A copy of the carried states, to {@link #restore} later (e.g. to branch a stream). */
  public Snapshot snapshot() {
    return new Snapshot(model, states.copy());
  }

  /** Returns to a snapshot's states; the snapshot stays usable. */
  public void restore(Snapshot snapshot) {
    if (snapshot.model != model) {
      throw new InvalidInputException("snapshot belongs to model " + Messages.quote(snapshot.model.name())
          + ", not to this session's model " + Messages.quote(model.name()));
    }
    states = snapshot.states.copy();
  }

  /** The carried states of a session at one moment. Immutable. */
  public static final class Snapshot {
    private final Model model;
    private final LayerState states;

    Snapshot(Model model, LayerState states) {
      this.model = model;
      this.states = states;
    }
  }
}
