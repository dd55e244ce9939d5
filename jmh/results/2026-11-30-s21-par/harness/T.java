package io.kerasj.jmh;
import io.kerasj.activations.Activation;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.internal.vectorization.VectorKernels;
import java.util.Arrays;
import java.util.Locale;
/** Serial vs split element-wise passes: per call wall ns, p10 / median, for rows x cols. args: cols rows... */
public class T {
  public static void main(String[] args) {
    int cols = Integer.parseInt(args[0]);
    for (int ai = 1; ai < args.length; ai++) {
      int rows = Integer.parseInt(args[ai]);
      int n = rows * cols;
      float[] a = new float[n];
      float[] g = new float[cols], b = new float[cols];
      java.util.Random r = new java.util.Random(1);
      for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
      Arrays.fill(g, 1f);
      float[] wd = new float[cols * cols];
      for (int i = 0; i < wd.length; i++) wd[i] = (float) r.nextGaussian();
      io.kerasj.internal.vectorization.PackedMatrix w = Kernels.pack(wd, cols, cols);
      float[] o = new float[n], bias = new float[cols];
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%dx%d=%d", rows, cols, n));
      for (int op = 0; op < 3; op++) {
        for (int par = 0; par < 2; par++) {
          long[] t = new long[op == 2 ? 1000 : 4000];
          for (int rep = 0; rep < 2; rep++) {
            for (int i = 0; i < t.length; i++) {
              long t0 = System.nanoTime();
              if (op == 0) {
                if (par == 0) Kernels.layerNormRows(a, 0, rows, cols, 1e-3f, g, b, VectorKernels.Norm.LAYER);
                else Kernels.layerNormRowsParallel(a, 0, rows, cols, 1e-3f, g, b, VectorKernels.Norm.LAYER);
              } else if (op == 2) {
                if (par == 0) { Kernels.fillRows(o, 0, rows, cols, bias); Kernels.IMPL.gemm(a, 0, cols, 0, rows, w, o, 0, cols); }
                else Kernels.affine(a, 0, rows, w, bias, o, 0);
              } else {
                if (par == 0) Activation.RELU.apply(a, 0, rows, cols);
                else Activation.RELU.applyParallel(a, 0, rows, cols);
              }
              t[i] = System.nanoTime() - t0;
            }
          }
          Arrays.sort(t);
          sb.append(String.format(Locale.ROOT, "\t%s%s p10 %.1f med %.1f", op == 0 ? "ln" : op == 1 ? "relu" : "affine", par == 0 ? "1" : "2",
              t[t.length / 10] / 1e3, t[t.length / 2] / 1e3));
        }
      }
      System.out.println(sb);
    }
  }
}
