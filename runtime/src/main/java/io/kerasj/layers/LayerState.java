package io.kerasj.layers;

/**
 * One layer's memory inside a stream: what a recurrent layer carries from one call to the next.
 * Owned by a single stream (and so by a single thread at a time); layers themselves stay
 * immutable.
 */
public final class LayerState {
  private float[][] states;
  private LayerState[] children;

  /** The carried states, or {@code null} before the first call or after a reset. */
  public float[][] get() {
    return states;
  }

  /** Replaces the carried states. */
  public void set(float[][] states) {
    this.states = states;
  }

  /** The states of the nodes of a nested model, created on first use. */
  public LayerState[] children(int count) {
    if (children == null || children.length != count) {
      children = new LayerState[count];
      for (int i = 0; i < count; i++) {
        children[i] = new LayerState();
      }
    }
    return children;
  }

  /** A deep copy, for snapshots. */
  public LayerState copy() {
    LayerState c = new LayerState();
    if (children != null) {
      c.children = new LayerState[children.length];
      for (int i = 0; i < children.length; i++) {
        c.children[i] = children[i].copy();
      }
    }
    if (states != null) {
      float[][] s = new float[states.length][];
      for (int i = 0; i < s.length; i++) {
        s[i] = states[i].clone();
      }
      c.states = s;
    }
    return c;
  }
}
