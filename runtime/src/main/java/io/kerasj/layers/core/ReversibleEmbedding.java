package io.kerasj.layers.core;

import io.kerasj.InvalidInputException;
import io.kerasj.Mask;
import io.kerasj.Messages;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Checks;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.Arrays;

/**
 * Keras 3 {@code ReversibleEmbedding}: an {@link Embedding} (this layer, the lookup call, with its
 * {@code mask_zero} padding mask) that a model may also call with {@code reverse=True} to project
 * {@code (…, output_dim)} back to {@code (…, input_dim)} logits: {@code x · embeddingsᵀ} (tied
 * weights, the default) or {@code x · reverse_embeddings} ({@code tie_weights=False}), then with
 * {@code logit_soft_cap} {@code tanh(logits / cap) · cap}. The reverse call is {@link #reversed()},
 * a view of this layer; it passes no mask on.
 */
public final class ReversibleEmbedding extends Layer {
  private final Embedding lookup;
  private final int inputDim;
  private final int outputDim;
  private final boolean tied;
  private final float softCap; // NaN: none
  private final Reverse reverse;

  /**
   * @param embeddings {@code (inputDim, outputDim)} row-major
   * @param reverseEmbeddings {@code (outputDim, inputDim)} row-major, or {@code null} for tied
   *     weights (the reverse projection is {@code embeddingsᵀ})
   * @param logitSoftCap {@code logit_soft_cap}, or {@code NaN} for none
   */
  public ReversibleEmbedding(String name, int inputDim, int outputDim, float[] embeddings, boolean maskZero,
                             float[] reverseEmbeddings, float logitSoftCap) {
    super(name);
    this.lookup = new Embedding(name, inputDim, outputDim, embeddings, maskZero);
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.tied = reverseEmbeddings == null;
    if (!Float.isNaN(logitSoftCap) && !(logitSoftCap != 0f && Float.isFinite(logitSoftCap))) {
      throw new io.kerasj.ShapeMismatchException("layer " + Messages.quote(name) + ": logit_soft_cap " + logitSoftCap
          + " is not a finite non-zero number");
    }
    this.softCap = logitSoftCap;
    float[] w;
    if (tied) {
      w = new float[Math.multiplyExact(inputDim, outputDim)];
      for (int v = 0; v < inputDim; v++) {
        for (int d = 0; d < outputDim; d++) {
          w[d * inputDim + v] = embeddings[v * outputDim + d];
        }
      }
    } else {
      w = Checks.weight(name, "reverse_embeddings", reverseEmbeddings, outputDim, inputDim);
    }
    this.reverse = new Reverse(Kernels.packAffine(w, outputDim, inputDim, null));
  }

  @Override
  public String kerasClass() {
    return "ReversibleEmbedding";
  }

  /** The layer called with {@code reverse=True}. */
  public Layer reversed() {
    return reverse;
  }

  /** {@code tie_weights}. */
  public boolean tiedWeights() {
    return tied;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return lookup.outputShape(inputShape);
  }

  @Override
  public long trainableParams() {
    return (tied ? 1L : 2L) * inputDim * outputDim;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Tensor call(Tensor x) {
    return lookup.call(x);
  }

  @Override
  public Output forward(Tensor[] inputs, Mask[] masks, LayerState state) {
    requireInputs(inputs.length);
    return lookup.forward(inputs, masks, state);
  }

  /** The reverse call: {@code (…, output_dim) → (…, input_dim)} logits, no mask. */
  private final class Reverse extends Layer {
    private final Kernels.AffineWeights kernel; // (output_dim × input_dim)

    Reverse(Kernels.AffineWeights kernel) {
      super(ReversibleEmbedding.this.name());
      this.kernel = kernel;
    }

    @Override
    public String kerasClass() {
      return "ReversibleEmbedding";
    }

    @Override
    public Layer owner() {
      return ReversibleEmbedding.this;
    }

    // Each step is projected alone.
    @Override
    public boolean isStreamable() {
      return true;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
      if (inputShape.length < 2 || (inputShape[inputShape.length - 1] >= 0
          && inputShape[inputShape.length - 1] != outputDim)) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + " (reverse=True): expected an input "
            + "of shape (…, " + outputDim + "), got " + Arrays.toString(inputShape));
      }
      int[] r = inputShape.clone();
      r[r.length - 1] = inputDim;
      return r;
    }

    @Override
    public Tensor call(Tensor x) {
      int[] shape = outputShape(x.shape());
      int rows = x.size() / outputDim;
      float[] out = Buffers.floatsToOverwrite(Math.multiplyExact(rows, inputDim));
      Kernels.affine(x.data(), 0, rows, kernel, out, 0);
      if (!Float.isNaN(softCap)) {
        final float cap = softCap;
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) Math.tanh(out[i] / cap) * cap;
        }
      }
      return Tensor.of(out, shape);
    }
  }
}
