package io.kerasj;

import java.util.Arrays;

/**
 * A Keras time-step mask: for each (batch item, time step), whether the step is real
 * ({@code true}) or padding. Produced by {@code Masking} and {@code Embedding(mask_zero=True)},
 * passed on by layers that support masking, and consumed by recurrent layers, which skip masked
 * steps. Immutable.
 */
public final class Mask {
  private final int batch;
  private final int steps;
  private final boolean[] keep;

  /** Wraps {@code keep} (row-major {@code batch × steps}, not copied). */
  public Mask(int batch, int steps, boolean[] keep) {
    if (batch < 0 || steps < 0 || keep == null || keep.length != (long) batch * steps) {
      throw new InvalidInputException("mask of shape (" + batch + ", " + steps + ") needs " + ((long) batch * steps)
          + " values, got " + (keep == null ? "null" : keep.length));
    }
    this.batch = batch;
    this.steps = steps;
    this.keep = keep;
  }

  /** Number of sequences. */
  public int batch() {
    return batch;
  }

  /** Number of time steps. */
  public int steps() {
    return steps;
  }

  /** Whether step {@code t} of sequence {@code b} is kept. */
  public boolean keep(int b, int t) {
    return keep[b * steps + t];
  }

  /** The combination tf-keras' merge layers use: kept where both are kept; {@code null} means all kept. */
  public static Mask and(Mask a, Mask b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return combine(a, b, true);
  }

  /**
   * The combination Keras 3's merge layers use ({@code base_merge.compute_mask}): kept where either
   * is kept; {@code null} (no mask) if either is {@code null}, so that one unmasked input drops the mask.
   */
  public static Mask or(Mask a, Mask b) {
    return a == null || b == null ? null : combine(a, b, false);
  }

  private static Mask combine(Mask a, Mask b, boolean and) {
    if (a.batch != b.batch || a.steps != b.steps) {
      throw new InvalidInputException("masks of shapes (" + a.batch + ", " + a.steps + ") and (" + b.batch + ", "
          + b.steps + ") cannot be combined");
    }
    boolean[] k = new boolean[a.keep.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = and ? a.keep[i] && b.keep[i] : a.keep[i] || b.keep[i];
    }
    return new Mask(a.batch, a.steps, k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask && ((Mask) o).batch == batch && Arrays.equals(((Mask) o).keep, keep);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keep);
  }
}
