package io.kerasj.layers.rnn;

import java.util.Arrays;
import java.util.List;

/**
 * Keras {@code StackedRNNCells} (also what {@code RNN([cell, cell])} builds): the cells run one
 * after the other within each time step, each feeding the next; the states are the cells' states
 * in order, and the output is the last cell's.
 *
 * <p>Only the first cell's input projection can be done for all steps ahead of the loop; the
 * others project their input inside the step, from the previous cell's output.
 */
public final class StackedRNNCells extends RNNCell {
  private final RNNCell[] cells;
  private final int[] stateSizes;
  private final int[] firstState; // index of each cell's first state in the flat list
  // Each cell's view of the flat state list, built once per call (the driver hands the same states
  // array to every step of a call) and kept per thread, since one cell serves many threads.
  private final ThreadLocal<Views> views = ThreadLocal.withInitial(Views::new);

  private static final class Views {
    float[][] states;
    float[][][] sub;
  }

  /** Stacks {@code cells}; each cell's input size must equal the previous cell's output size. */
  public StackedRNNCells(List<RNNCell> cells) {
    if (cells.isEmpty()) {
      throw new io.kerasj.ShapeMismatchException("StackedRNNCells needs at least one cell");
    }
    this.cells = cells.toArray(new RNNCell[0]);
    int n = 0;
    firstState = new int[this.cells.length];
    for (int i = 0; i < this.cells.length; i++) {
      if (i > 0 && this.cells[i].inputSize() != this.cells[i - 1].outputSize()) {
        throw new io.kerasj.ShapeMismatchException("StackedRNNCells: cell " + i + " (" + this.cells[i].kerasClass()
            + ") takes " + this.cells[i].inputSize() + " inputs, cell " + (i - 1) + " gives "
            + this.cells[i - 1].outputSize());
      }
      firstState[i] = n;
      n += this.cells[i].stateSizes().length;
    }
    stateSizes = new int[n];
    for (int i = 0, k = 0; i < this.cells.length; i++) {
      for (int s : this.cells[i].stateSizes()) {
        stateSizes[k++] = s;
      }
    }
  }

  @Override
  public int inputSize() {
    return cells[0].inputSize();
  }

  @Override
  public int outputSize() {
    return cells[cells.length - 1].outputSize();
  }

  @Override
  public int[] stateSizes() {
    return stateSizes.clone();
  }

  @Override
  public long trainableParams() {
    long n = 0;
    for (RNNCell c : cells) {
      n += c.trainableParams();
    }
    return n;
  }

  @Override
  public int projectionSize() {
    return cells[0].projectionSize();
  }

  @Override
  public void projectInputs(float[] x, int xOff, int rows, float[] proj, int projOff) {
    cells[0].projectInputs(x, xOff, rows, proj, projOff);
  }

  // Scratch layout: for each cell, its own scratch; for each cell after the first, its projection
  // (batch × projectionSize) and the previous cell's output (batch × outputSize).
  @Override
  public int scratchSize(int batch) {
    int n = 0;
    for (int i = 0; i < cells.length; i++) {
      n += cells[i].scratchSize(batch) + batch * cells[i].outputSize();
      if (i > 0) {
        n += batch * cells[i].projectionSize();
      }
    }
    return n;
  }

  @Override
  public void step(float[] proj, int projOff, int projStride, float[][] states,
                   float[] out, int outOff, int outStride, int batch, float[] scratch, int scratchOff) {
    Views v = views.get();
    if (v.states != states) {
      v.sub = new float[cells.length][][];
      for (int i = 0; i < cells.length; i++) {
        int count = (i + 1 < cells.length ? firstState[i + 1] : stateSizes.length) - firstState[i];
        v.sub[i] = Arrays.copyOfRange(states, firstState[i], firstState[i] + count);
      }
      v.states = states;
    }
    int s = scratchOff;
    float[] p = proj;
    int pOff = projOff;
    int pStride = projStride;
    for (int i = 0; i < cells.length; i++) {
      RNNCell c = cells[i];
      int cellScratch = s;
      s += c.scratchSize(batch);
      int o = c.outputSize();
      boolean last = i == cells.length - 1;
      int cellOut = s;
      s += batch * o;
      float[][] sub = v.sub[i];
      if (last) {
        c.step(p, pOff, pStride, sub, out, outOff, outStride, batch, scratch, cellScratch);
      } else {
        c.step(p, pOff, pStride, sub, scratch, cellOut, o, batch, scratch, cellScratch);
        RNNCell next = cells[i + 1];
        int np = next.projectionSize();
        next.projectInputs(scratch, cellOut, batch, scratch, s);
        p = scratch;
        pOff = s;
        pStride = np;
        s += batch * np;
      }
    }
  }

  @Override
  public String kerasClass() {
    return "StackedRNNCells";
  }
}
