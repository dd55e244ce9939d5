package io.kerasj.layers.reshaping;

import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.layers.Layer;

/**
 * What {@link ZeroPadding1D} and {@link Cropping1D} share: a number of steps at each end of the time
 * axis, and the copy that moves each sequence's kept steps to their place in the output.
 */
abstract class StepMargins extends Layer {
  final int left;
  final int right;

  /** @param what the Keras argument, for messages: {@code "padding"} or {@code "cropping"} */
  StepMargins(String name, String what, int left, int right) {
    super(name);
    if (left < 0 || right < 0) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": " + what + " must be >= 0, got (" + left
          + ", " + right + ")");
    }
    this.left = left;
    this.right = right;
  }

  /**
   * Copies {@code count} steps of each sequence of {@code x}, from its step {@code from} to step
   * {@code to} of an output {@code outSteps} long; the output's other steps are 0.
   */
  static Tensor copySteps(Tensor x, int outSteps, int from, int to, int count) {
    int batch = x.dim(0);
    int steps = x.dim(1);
    int ch = x.dim(2);
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, outSteps), ch)];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x.data(), (b * steps + from) * ch, out, (b * outSteps + to) * ch, count * ch);
    }
    return Tensor.of(out, batch, outSteps, ch);
  }
}
