package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;

/** {@code ops.diff(a, n, axis)}: the {@code n}-th forward difference along one axis, which shortens it by {@code n}. */
public final class Diff extends Op {
  private final int order;
  private final int axis;

  public Diff(String name, String kerasClass, int order, int axis) {
    super(name, kerasClass, 1);
    if (order < 0) {
      throw new IllegalArgumentException("the order n should not be negative, got " + order);
    }
    this.order = order;
    this.axis = axis;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] r = in[0].clone();
    int a = axis(axis, r.length);
    if (r[a] >= 0) {
      r[a] = Math.max(0, r[a] - order);
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    if (s.length == 0) {
      throw new InvalidInputException(who() + ": diff needs an input of rank 1 or more");
    }
    int a = axis(axis, s.length);
    int inner = 1;
    for (int i = a + 1; i < s.length; i++) {
      inner *= s[i];
    }
    int n = s[a];
    int outer = n == 0 || inner == 0 ? 0 : x.size() / (n * inner);
    float[] cur = x.data();
    for (int k = 0; k < order && n > 0; k++) {
      float[] next = Buffers.floats(outer * (n - 1) * inner);
      for (int o = 0; o < outer; o++) {
        for (int j = 0; j < n - 1; j++) {
          int from = (o * n + j) * inner;
          int to = (o * (n - 1) + j) * inner;
          for (int i = 0; i < inner; i++) {
            next[to + i] = cur[from + inner + i] - cur[from + i];
          }
        }
      }
      if (k > 0) {
        Buffers.release(cur);
      }
      cur = next;
      n--;
    }
    if (order == 0) {
      float[] copy = Buffers.floats(cur.length);
      System.arraycopy(cur, 0, copy, 0, cur.length);
      cur = copy;
    }
    return Tensor.of(cur, shape(new int[][] {s}));
  }
}
