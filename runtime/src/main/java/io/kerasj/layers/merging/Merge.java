package io.kerasj.layers.merging;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.vectorization.ParallelRows;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import io.kerasj.ops.BinaryFunction;
import java.util.Arrays;

/**
 * Keras' element-wise merge layers, {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Average}, {@code Maximum} and {@code Minimum}: inputs combined left to right as Keras
 * does, with Keras' broadcasting ({@code keras/src/layers/merging/base_merge.py}): an input of
 * lower rank first gets axes of size 1 inserted after the batch axis until the ranks agree, then
 * the shapes broadcast as NumPy's do, e.g. a squeeze-excite block's {@code Multiply()([x (b, h, w,
 * c), s (b, 1, 1, c)])}. The output mask, as the Keras that saved the model computes it: tf-keras
 * keeps a step where every input that has a mask keeps it; Keras 3 has no output mask unless every
 * input has one, and then keeps a step where any input keeps it.
 */
public final class Merge extends Layer {
  /** The element-wise operation, named as the Keras layer. */
  public enum Op {
    /** {@code Add}. */
    ADD("Add"),
    /** {@code Subtract}: exactly two inputs, first minus second. */
    SUBTRACT("Subtract"),
    /** {@code Multiply}. */
    MULTIPLY("Multiply"),
    /** {@code Average}: the sum divided by the input count. */
    AVERAGE("Average"),
    /** {@code Maximum}. */
    MAXIMUM("Maximum"),
    /** {@code Minimum}. */
    MINIMUM("Minimum");

    final String kerasClass;

    Op(String kerasClass) {
      this.kerasClass = kerasClass;
    }
  }

  private final Op op;
  private final boolean keras3Masks;
  private volatile Broadcast plan; // for two inputs of the last call's shapes

  /** A merge layer applying {@code op}, with tf-keras' output mask. */
  public Merge(String name, Op op) {
    this(name, op, false);
  }

  /** A merge layer applying {@code op}; {@code keras3Masks}: Keras 3's output mask (see the class comment). */
  public Merge(String name, Op op, boolean keras3Masks) {
    super(name);
    this.op = op;
    this.keras3Masks = keras3Masks;
  }

  @Override
  public String kerasClass() {
    return op.kerasClass;
  }

  @Override
  public int inputCount() {
    return op == Op.SUBTRACT ? 2 : -1;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public int[][] outputShapes(int[][] inputShapes) {
    int rank = 0;
    for (int[] x : inputShapes) {
      rank = Math.max(rank, x.length);
    }
    int[][] aligned = new int[inputShapes.length][];
    for (int i = 0; i < aligned.length; i++) {
      aligned[i] = aligned(inputShapes[i], rank);
    }
    return new int[][] {Broadcast.shape(name(), aligned)};
  }

  /** Keras' reshape before merging inputs of different ranks: axes of size 1 inserted at axis 1. */
  private static int[] aligned(int[] s, int rank) {
    if (s.length == rank || s.length == 0) {
      return s;
    }
    int[] r = new int[rank];
    java.util.Arrays.fill(r, 1);
    r[0] = s[0];
    System.arraycopy(s, 1, r, rank - s.length + 1, s.length - 1);
    return r;
  }

  @Override
  public Tensor call(Tensor input) {
    throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass()
        + ") needs at least 2 inputs");
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    if (inputs.length < 2) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass()
          + ") needs at least 2 inputs, got "
          + inputs.length);
    }
    int rank = 0;
    boolean same = true;
    int[] first = inputs[0].shape();
    for (Tensor t : inputs) {
      rank = Math.max(rank, t.rank());
      same &= Broadcast.fits(first, t);
    }
    float[] r;
    int[] shape;
    if (keras3Masks && (op == Op.MAXIMUM || op == Op.MINIMUM) && anyMask(masks)) {
      shape = first;
      r = maskedExtremum(inputs, masks, same);
    } else if (same) {
      // The usual case: one loop per input over contiguous arrays.
      shape = first;
      r = Buffers.floatsToOverwrite(inputs[0].size());
      BinaryFunction f = function();
      if (!parallel(f, inputs, r)) {
        combineSame(f, inputs, r, 0, r.length);
      }
    } else {
      Tensor acc = inputs[0];
      for (int k = 1; k < inputs.length; k++) {
        acc = combine(acc, inputs[k], rank, k == 1);
      }
      r = acc.data();
      shape = acc.shape();
    }
    if (op == Op.AVERAGE) {
      float n = inputs.length;
      for (int i = 0; i < r.length; i++) {
        r[i] /= n;
      }
    }
    return new Output(new Tensor[] {Tensor.of(r, shape)}, new Mask[] {outputMask(masks)});
  }

  private static boolean anyMask(Mask[] masks) {
    for (int i = 0; masks != null && i < masks.length; i++) {
      if (masks[i] != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Keras 3's {@code Maximum} / {@code Minimum} of masked inputs ({@code
   * Merge._apply_merge_op_and_or_mask}): at a step one side masks out, that side takes the other
   * side's value, so padding never wins; the running mask is the OR of the masks while every input
   * so far has one.
   */
  private float[] maskedExtremum(Tensor[] inputs, Mask[] masks, boolean same) {
    Tensor x0 = inputs[0];
    if (!same || x0.rank() != 3) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name()) + " (" + kerasClass()
          + "): Keras 3 merges masked inputs only of one shape (batch, time, features); got "
          + Model.formatShape(x0.shape()) + " and others");
    }
    int batch = x0.dim(0);
    int steps = x0.dim(1);
    int per = x0.dim(2);
    BinaryFunction f = function();
    float[] r = Buffers.floats(x0.size());
    System.arraycopy(x0.data(), 0, r, 0, r.length);
    Mask kept = masks[0];
    for (int k = 1; k < inputs.length; k++) {
      Mask m = masks[k];
      float[] x = inputs[k].data();
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < steps; t++) {
          boolean xKept = m == null || m.keep(b, t);
          boolean rKept = kept == null || kept.keep(b, t);
          int base = (b * steps + t) * per;
          for (int j = base; j < base + per; j++) {
            float xv = xKept ? x[j] : r[j];
            float rv = rKept ? r[j] : xv;
            r[j] = f.apply(rv, xv);
          }
        }
      }
      kept = m != null && kept != null ? Mask.or(kept, m) : null;
    }
    return r;
  }

  private Mask outputMask(Mask[] masks) {
    Mask m = null;
    for (int i = 0; masks != null && i < masks.length; i++) {
      if (keras3Masks && masks[i] == null) {
        return null;
      }
      m = keras3Masks && m != null ? Mask.or(m, masks[i]) : Mask.and(m, masks[i]);
    }
    return m;
  }

  // Elements per part of a parallel merge: a few parts per thread, each a whole number of cache lines.
  private static final int BLOCK = 1024;

  // The same-shape merge on all threads when large enough (ParallelRows): each part combines its
  // elements of every input in input order, as the loop on one thread does.
  private static boolean parallel(BinaryFunction f, Tensor[] inputs, float[] r) {
    int parts = (r.length + BLOCK - 1) / BLOCK;
    // A copy and a pass per further input.
    if (!ParallelRows.worth(parts, (long) r.length * inputs.length)) {
      return false;
    }
    ParallelRows.Args g = ParallelRows.args();
    g.a = r;
    g.o1 = inputs;
    g.o2 = f;
    return ParallelRows.tryRun(parts, PARTS);
  }

  private static final ParallelRows.Body PARTS = (g, from, to) -> {
    int off = from * BLOCK;
    combineSame((BinaryFunction) g.o2, (Tensor[]) g.o1, g.a, off, Math.min(g.a.length, to * BLOCK) - off);
  };

  // r[off, off + len) = f(…f(f(in0, in1), in2)…, inN) element by element, inputs of one shape.
  private static void combineSame(BinaryFunction f, Tensor[] in, float[] r, int off, int len) {
    Broadcast.apply(f, in[0].data(), in[1].data(), r, off, len);
    for (int k = 2; k < in.length; k++) {
      Broadcast.apply(f, r, in[k].data(), r, off, len);
    }
  }

  private BinaryFunction function() {
    switch (op) {
      case ADD:
      case AVERAGE:
        return BinaryFunction.ADD;
      case SUBTRACT:
        return BinaryFunction.SUBTRACT;
      case MULTIPLY:
        return BinaryFunction.MULTIPLY;
      case MAXIMUM:
        return BinaryFunction.MAXIMUM;
      default:
        return BinaryFunction.MINIMUM;
    }
  }

  /** {@code f(a, b)} with Keras' rank alignment and broadcasting. */
  private Tensor combine(Tensor a, Tensor b, int rank, boolean first) {
    int[] sa = aligned(a.shape(), rank);
    int[] sb = aligned(b.shape(), rank);
    if (sa[0] != sb[0]) {
      throw new InvalidInputException("layer " + Messages.quote(name()) + " (" + kerasClass() + "): inputs of shapes "
          + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()) + " have different batch sizes");
    }
    Broadcast p = first ? plan : null;
    if (p == null || !p.fits(a, b)) {
      p = Broadcast.of(name(), sa, sb);
      if (first) {
        plan = p.forShapes(a.shape(), b.shape());
        p = plan;
      }
    }
    float[] out = Buffers.floats(p.size());
    p.apply(function(), a.data(), b.data(), out);
    if (!first) {
      Buffers.release(a.data());
    }
    return Tensor.of(out, p.outputShape());
  }
}
