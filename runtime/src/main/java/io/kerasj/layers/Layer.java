package io.kerasj.layers;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;

/**
 * A Keras layer at inference time: immutable once built, safe to call from many threads.
 *
 * <p>Shapes include the batch dimension; {@code -1} stands for a dimension Keras prints as
 * {@code None}.
 *
 * <p>Most layers take one tensor and give one, and implement {@link #call(Tensor)} and {@link
 * #outputShape(int[])}. Layers with several inputs or outputs (merge layers, recurrent layers
 * with {@code return_state}), layers that consume or create masks, and layers with state carried
 * between calls of a stream override {@link #forward} and {@link #outputShapes}.
 */
public abstract class Layer {
  private final String name;

  /** @param name the layer's Keras name, e.g. {@code "lstm_1"} */
  protected Layer(String name) {
    this.name = name;
  }

  /** The layer's name, as Keras gave it. */
  public final String name() {
    return name;
  }

  /** The Keras class name shown by {@code summary()}, e.g. {@code "LSTM"}. */
  public abstract String kerasClass();

  /** The output shape for an input of the given shape ({@code -1} = unknown). */
  public abstract int[] outputShape(int[] inputShape);

  /** Output shapes for the given input shapes; by default one input and one output. */
  public int[][] outputShapes(int[][] inputShapes) {
    requireInputs(inputShapes.length);
    return new int[][] {outputShape(inputShapes[0])};
  }

  /** Trainable parameter count, as Keras counts it. */
  public long trainableParams() {
    return 0;
  }

  /** Non-trainable parameter count (e.g. moving statistics), as Keras counts it. */
  public long nonTrainableParams() {
    return 0;
  }

  /**
   * Keras' {@code supports_masking}: the layer acts on each time step alone and passes its input
   * mask on unchanged. Layers that do not support masking drop the mask, as Keras 3 does.
   */
  public boolean supportsMasking() {
    return false;
  }

  /**
   * Whether running the layer takes the masks off its input tensors for the layers that run after
   * it in the model, as Keras 3's {@code MultiHeadAttention} does (it deletes {@code _keras_mask}
   * from its query, value and key): a residual {@code Add([x, mha(x, x)])} then sees no mask on
   * {@code x} and, in Keras 3, passes none on.
   */
  public boolean clearsInputMasks() {
    return false;
  }

  /**
   * Runs the layer on one input.
   *
   * @throws io.kerasj.InvalidInputException if the input's shape does not fit the layer
   */
  public abstract Tensor call(Tensor input);

  /**
   * The general entry point used by models: several inputs with their masks, several outputs with
   * theirs, and the layer's slot in a stream's state (see {@link #isStateful()}).
   *
   * @param masks one per input, each possibly {@code null}
   * @param state this layer's state in the calling stream, or {@code null} outside a stream
   */
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    Tensor y = call(inputs[0]);
    return new Output(new Tensor[] {y}, new Mask[] {supportsMasking() ? masks[0] : null});
  }

  /**
   * Keras' {@code compute_mask}: the masks of the outputs of a call that ran without masks
   * ({@code unmasked}, see {@link io.kerasj.Model.Builder#callWithoutMask}) on inputs that carried
   * {@code inputMasks}. By default the masks the unmasked call gave; layers whose output mask is
   * their input's (recurrent layers returning sequences) override it.
   */
  public Mask[] computeMask(Mask[] inputMasks, Output unmasked) {
    return unmasked.masks();
  }

  /**
   * The layer this one is a way of calling, for a layer Keras calls in more than one way (a
   * {@code ReversibleEmbedding} called with {@code reverse=True} runs as a view of the layer): a
   * model lists it, counts its parameters and numbers its calls as the owner's. By default the layer
   * itself.
   */
  public Layer owner() {
    return this;
  }

  /** Whether the layer carries state from one call of a stream to the next (recurrent layers). */
  public boolean isStateful() {
    return false;
  }

  /**
   * Whether the layer, or one inside it, was saved with Keras' {@code stateful=True}; not to be
   * confused with {@link #isStateful()}, which every recurrent layer is.
   */
  public boolean isKerasStateful() {
    return false;
  }

  /** Whether feeding a sequence in chunks through a stream gives the same result as feeding it whole. */
  public boolean isStreamable() {
    return supportsMasking() || isStateful();
  }

  /** Number of inputs the layer takes, or -1 for any number (merge layers). */
  public int inputCount() {
    return 1;
  }

  /** Throws {@link InvalidInputException} unless {@code n} inputs is what {@link #inputCount()} takes. */
  protected final void requireInputs(int n) {
    int want = inputCount();
    if (want >= 0 && n != want) {
      throw new InvalidInputException("layer " + Messages.quote(name) + " (" + kerasClass() + ") takes " + want
          + " input"
          + (want == 1 ? "" : "s") + ", got " + n);
    }
  }

  /** The tensors and masks a layer call produces. */
  public static final class Output {
    private final Tensor[] tensors;
    private final Mask[] masks;

    /** @param masks one per tensor, each possibly {@code null} */
    public Output(Tensor[] tensors, Mask[] masks) {
      this.tensors = tensors;
      this.masks = masks;
    }

    /** The output tensors. */
    public Tensor[] tensors() {
      return tensors;
    }

    /** The output masks, one per tensor ({@code null} = no mask). */
    public Mask[] masks() {
      return masks;
    }
  }
}
