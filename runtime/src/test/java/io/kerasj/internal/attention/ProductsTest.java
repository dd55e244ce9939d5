package io.kerasj.internal.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.PackedMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar kernels' transposed head ({@link Products#transposed}) against the untransposed one
 * ({@link Products#scores}, {@link Kernels#softmax} row by row, {@link Products#combine}): the same
 * bits, on sizes with tails of 4 in both sequences and different key and value widths.
 */
class ProductsTest {
  @Test
  void transposedHeadGivesTheBitsOfScoresSoftmaxCombine() {
    assumeTrue(Kernels.rowLayout(), "the transposed head is for the scalar kernels");
    Random rnd = new Random(17);
    int[][] cases = {{128, 128, 32, 32}, {5, 7, 3, 9}, {50, 37, 16, 8}, {1, 130, 8, 24}, {67, 1, 4, 4}};
    for (int[] cs : cases) {
      int tq = cs[0];
      int tk = cs[1];
      int d = cs[2];
      int dv = cs[3];
      int ldq = d + 3;
      int ldk = d + 5;
      int ldv = dv + 2;
      int ldo = dv + 4;
      float[] q = rand(rnd, tq * ldq + 1, 3f);
      float[] k = rand(rnd, tk * ldk + 2, 3f);
      float[] v = rand(rnd, tk * ldv + 1, 1f);
      for (float scale : new float[] {1f, 0.17677669f}) {
        float[] s1 = new float[tq * tk + 3];
        float[] o1 = new float[tq * ldo + 2];
        Operands ops = Operands.get();
        Products.scores(q, 1, ldq, tq, k, 2, ldk, ops.get(d, tk), s1, 3);
        for (int i = 0; i < tq; i++) {
          Kernels.softmax(s1, 3 + i * tk, tk, scale);
        }
        PackedMatrix values = ops.get(tk, dv);
        Products.combine(s1, 3, tq, v, 1, ldv, values, o1, 2, ldo);
        float[] s2 = new float[tq * tk + 3];
        float[] o2 = new float[tq * ldo + 2];
        Products.transposed(q, 1, ldq, tq, k, 2, ldk, tk, d, scale, v, 1, ldv, dv, s2, 3, o2, 2, ldo, ops);
        for (int i = 0; i < o1.length; i++) {
          assertEquals(Float.floatToRawIntBits(o1[i]), Float.floatToRawIntBits(o2[i]),
              java.util.Arrays.toString(cs) + " scale " + scale + " at " + i + ": " + o1[i] + " vs " + o2[i]);
        }
      }
    }
  }

  private static float[] rand(Random rnd, int n, float range) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (rnd.nextFloat() * 2 - 1) * range;
    }
    return a;
  }
}
