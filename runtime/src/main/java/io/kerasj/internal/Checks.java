package io.kerasj.internal;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.activations.Activation;
import java.util.Arrays;

/** Argument checks shared by layers and cells; every message names the layer. */
public final class Checks {
  private Checks() {}

  /** Checks that a weight array has {@code rows * cols} elements; returns it. */
  public static float[] weight(String layer, String weight, float[] w, int... shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (w == null) {
      throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": weight '" + weight
          + "' is missing, expected shape "
          + Arrays.toString(shape));
    }
    if (w.length != n) {
      throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": weight '" + weight + "' has " + w.length
          + " values, expected shape " + Arrays.toString(shape) + " (" + n + " values)");
    }
    return w;
  }

  public static void positive(String layer, String what, int v) {
    if (v <= 0) {
      throw new ShapeMismatchException("layer " + Messages.quote(layer) + ": " + what + " must be positive, got " + v);
    }
  }

  /** Checks rank and last dimension of a layer input. */
  public static void lastDim(String layer, Tensor x, int minRank, int features) {
    if (x == null) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": input is null");
    }
    if (x.rank() < minRank) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": expected an input of rank >= " + minRank
          + " with " + features + " features on the last axis, got shape " + Arrays.toString(x.shape()));
    }
    if (x.dim(-1) != features) {
      throw new InvalidInputException("layer " + Messages.quote(layer) + ": expected " + features
          + " features on the last axis, got shape " + Arrays.toString(x.shape()));
    }
  }

  /** Recurrent activations must keep the width: GLU, which halves it, cannot run inside a cell. */
  public static Activation sameWidth(String layer, String what, Activation a) {
    if (a == Activation.GLU) {
      throw new io.kerasj.UnsupportedFeatureException("layer " + Messages.quote(layer) + ": " + what
          + " 'glu' halves the width and cannot be used inside a recurrent cell");
    }
    return a;
  }

  /** Swaps the first two axes, {@code (a, b, rest…) → (b, a, rest…)} (time-major ↔ batch-major). */
  public static Tensor swapFirstAxes(Tensor x) {
    int[] s = x.shape();
    int a = s[0];
    int b = s[1];
    int inner = a == 0 || b == 0 ? 0 : x.size() / (a * b);
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(src, (i * b + j) * inner, dst, (j * a + i) * inner, inner);
      }
    }
    int[] r = s.clone();
    r[0] = b;
    r[1] = a;
    return Tensor.of(dst, r);
  }

  public static int[] withLast(int[] shape, int last) {
    int[] r = shape.clone();
    r[r.length - 1] = last;
    return r;
  }
}
