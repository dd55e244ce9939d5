package io.kerasj.internal;

import io.kerasj.layers.Layer;

/**
 * Internal: how {@link io.kerasj.Model} runs a chain such as {@code Conv2D → BatchNormalization →
 * ReLU} as one layer call. The convolution applies the per-channel steps of the layers that follow
 * it to each tile of its output while the tile is in cache, instead of each layer reading and
 * writing the whole tensor once more. Each step computes exactly what its layer computes (same
 * float32 operations, same order), so a fused chain gives bit for bit the chain's output. Not part
 * of kerasj's supported API.
 */
public final class Fusion {
  private Fusion() {}

  /** An in-place function of {@code rows} rows of {@code cols} channels starting at {@code off}. */
  public interface Step {
    void apply(float[] a, int off, int rows, int cols);
  }

  /** A layer that can run as a step after the layer before it. */
  public interface Follower {
    /**
     * This layer as a step on an input of rank {@code rank} whose last axis has {@code channels}
     * values, computing exactly what {@link Layer#call} computes on it; {@code null} if it cannot
     * (another axis normalized, a function that mixes a row or changes its width).
     */
    Step asStep(int rank, int channels);
  }

  /** A layer whose output can absorb the steps of the layers that follow it. */
  public interface Head {
    /**
     * A layer computing this layer followed by {@code steps} in order, or {@code null} if this
     * layer cannot take them (e.g. a {@code channels_first} convolution, whose channels are not
     * on the last axis). The result shares this layer's weights; {@code absorbed} names the layers
     * it stands for.
     */
    Layer fuse(Step[] steps, Layer[] absorbed);
  }
}
