package io.kerasj.layers.merging;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Broadcast;
import io.kerasj.internal.Buffers;
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
 * c), s (b, 1, 1, c)])}. The output mask is tf-keras' (kept where every input mask that exists
 * keeps) or Keras 3's (none if an input has none, else kept where any input mask keeps), by the
 * file's Keras version.
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

  /**
   * A merge layer applying {@code op}.
   *
   * @param keras3Masks Keras 3's output mask ({@link Mask#or}) rather than tf-keras' ({@link Mask#and})
   */
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
    if (same) {
      // The usual case: one loop per input over contiguous arrays.
      shape = first;
      r = Buffers.floats(inputs[0].size());
      System.arraycopy(inputs[0].data(), 0, r, 0, r.length);
      BinaryFunction f = function();
      for (int k = 1; k < inputs.length; k++) {
        Broadcast.accumulate(f, r, inputs[k].data());
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
    Mask m = masks[0];
    for (int k = 1; k < masks.length; k++) {
      m = keras3Masks ? Mask.or(m, masks[k]) : Mask.and(m, masks[k]);
    }
    return new Output(new Tensor[] {Tensor.of(r, shape)}, new Mask[] {m});
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
