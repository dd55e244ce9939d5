import java.lang.management.*;
// Shapes of the scalar row kernel on JDK 17 (jmh/results/2026-11-30-i13-scalar): java K.java VARIANT N... (GFLOP/s, one thread)
public class K {
  static float f(float x, float y, float a) { return Math.fma(x, y, a); }
  // 2 rows x 4 k
  static void r24(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3],x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2],b3=rows[p+3];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j],v2=b2[j],v3=b3[j];
        c0[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c0[j]))));
        c1[j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c1[j]))));
      }
    }
  }
  // 2 rows x 2 k
  static void r22(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 2 <= kc; p += 2) {
      float x00=a[a0+p],x01=a[a0+p+1],x10=a[a1+p],x11=a[a1+p+1];
      float[] b0=rows[p],b1=rows[p+1];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j];
        c0[j] = f(x01, v1, f(x00, v0, c0[j]));
        c1[j] = f(x11, v1, f(x10, v0, c1[j]));
      }
    }
  }
  // 4 rows x 2 k (rows4)
  static void r42(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    for (int p = 0; p + 2 <= kc; p += 2) {
      float x00=a[a0+p],x01=a[a0+p+1],x10=a[a1+p],x11=a[a1+p+1],x20=a[a2+p],x21=a[a2+p+1],x30=a[a3+p],x31=a[a3+p+1];
      float[] b0=rows[p],b1=rows[p+1];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j];
        c0[j] = f(x01, v1, f(x00, v0, c0[j]));
        c1[j] = f(x11, v1, f(x10, v0, c1[j]));
        c2[j] = f(x21, v1, f(x20, v0, c2[j]));
        c3[j] = f(x31, v1, f(x30, v0, c3[j]));
      }
    }
  }
  // 4 rows x 4 k
  static void r44(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3];
      float x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float x20=a[a2+p],x21=a[a2+p+1],x22=a[a2+p+2],x23=a[a2+p+3];
      float x30=a[a3+p],x31=a[a3+p+1],x32=a[a3+p+2],x33=a[a3+p+3];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2],b3=rows[p+3];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j],v2=b2[j],v3=b3[j];
        c0[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c0[j]))));
        c1[j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c1[j]))));
        c2[j] = f(x23, v3, f(x22, v2, f(x21, v1, f(x20, v0, c2[j]))));
        c3[j] = f(x33, v3, f(x32, v2, f(x31, v1, f(x30, v0, c3[j]))));
      }
    }
  }
  // 2 rows x 3 k
  static void r23(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 3 <= kc; p += 3) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j],v2=b2[j];
        c0[j] = f(x02, v2, f(x01, v1, f(x00, v0, c0[j])));
        c1[j] = f(x12, v2, f(x11, v1, f(x10, v0, c1[j])));
      }
    }
  }
  // 3 rows x 4 k
  static void r34(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, float[] c2, int lo, int hi) {
    int a1 = a0 + lda, a2 = a1 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3];
      float x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float x20=a[a2+p],x21=a[a2+p+1],x22=a[a2+p+2],x23=a[a2+p+3];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2],b3=rows[p+3];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j],v2=b2[j],v3=b3[j];
        c0[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c0[j]))));
        c1[j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c1[j]))));
        c2[j] = f(x23, v3, f(x22, v2, f(x21, v1, f(x20, v0, c2[j]))));
      }
    }
  }
  // 2 rows x 4 k, b rows in one array (row p at p*w)
  static void r24b(float[] a, int a0, int lda, float[] bb, int w, int kc, float[] c0, float[] c1, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3],x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      final int o0 = p * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
      for (int j = lo; j < hi; j++) {
        float v0=bb[o0 + j],v1=bb[o1 + j],v2=bb[o2 + j],v3=bb[o3 + j];
        c0[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c0[j]))));
        c1[j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c1[j]))));
      }
    }
  }
  // 4 rows x 4 k, b in one array
  static void r44b(float[] a, int a0, int lda, float[] bb, int w, int kc, float[] c0, float[] c1, float[] c2, float[] c3, int lo, int hi) {
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3];
      float x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float x20=a[a2+p],x21=a[a2+p+1],x22=a[a2+p+2],x23=a[a2+p+3];
      float x30=a[a3+p],x31=a[a3+p+1],x32=a[a3+p+2],x33=a[a3+p+3];
      final int o0 = p * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
      for (int j = lo; j < hi; j++) {
        float v0=bb[o0 + j],v1=bb[o1 + j],v2=bb[o2 + j],v3=bb[o3 + j];
        c0[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c0[j]))));
        c1[j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c1[j]))));
        c2[j] = f(x23, v3, f(x22, v2, f(x21, v1, f(x20, v0, c2[j]))));
        c3[j] = f(x33, v3, f(x32, v2, f(x31, v1, f(x30, v0, c3[j]))));
      }
    }
  }
  static void r24s(float[] a, int a0, int lda, float[][] rows, int kc, float[] c0, float[] c1, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3],x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2],b3=rows[p+3];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j];
        float t0 = f(x01, v1, f(x00, v0, c0[j]));
        float t1 = f(x11, v1, f(x10, v0, c1[j]));
        float v2=b2[j],v3=b3[j];
        c1[j] = f(x13, v3, f(x12, v2, t1));
        c0[j] = f(x03, v3, f(x02, v2, t0));
      }
    }
  }
  // 2 rows x 4 k with c0 and c1 one array (rows at 0 and off)
  static void r24o(float[] a, int a0, int lda, float[][] rows, int kc, float[] c, int off, int lo, int hi) {
    int a1 = a0 + lda;
    for (int p = 0; p + 4 <= kc; p += 4) {
      float x00=a[a0+p],x01=a[a0+p+1],x02=a[a0+p+2],x03=a[a0+p+3],x10=a[a1+p],x11=a[a1+p+1],x12=a[a1+p+2],x13=a[a1+p+3];
      float[] b0=rows[p],b1=rows[p+1],b2=rows[p+2],b3=rows[p+3];
      for (int j = lo; j < hi; j++) {
        float v0=b0[j],v1=b1[j],v2=b2[j],v3=b3[j];
        c[j] = f(x03, v3, f(x02, v2, f(x01, v1, f(x00, v0, c[j]))));
        c[off + j] = f(x13, v3, f(x12, v2, f(x11, v1, f(x10, v0, c[off + j]))));
      }
    }
  }
  public static void main(String[] args) {
    String v = args[0]; int n = Integer.parseInt(args[1]); int m = 128, k = 128;
    int[] ns = new int[args.length - 1]; for (int i = 1; i < args.length; i++) ns[i-1] = Integer.parseInt(args[i]);
    var mx = ManagementFactory.getThreadMXBean();
    java.util.Random r = new java.util.Random(1);
    float[] a = new float[m * k]; for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
    int W = Integer.getInteger("w", 512); float[][] rows = new float[k][W]; for (float[] x : rows) for (int i = 0; i < W; i++) x[i] = r.nextFloat();
    float[][] c = new float[4][512]; float[] bb = new float[k * W]; for (int i = 0; i < bb.length; i++) bb[i] = r.nextFloat();
    for (int nn : ns) {
      double[] res = new double[15];
      for (int round = 0; round < 15; round++) {
        long t0 = mx.getCurrentThreadCpuTime(); long fl = 0;
        for (int rep = 0; rep < 300; rep++) {
          int step = v.equals("r24") || v.equals("r24s") || v.equals("r24o") || v.equals("r24b") || v.equals("r22") || v.equals("r23") ? 2 : v.equals("r34") ? 3 : 4;
          for (int i = 0; i + step <= m; i += step) {
            switch (v) {
              case "r24": r24(a, i * k, k, rows, k, c[0], c[1], 0, nn); break;
              case "r22": r22(a, i * k, k, rows, k, c[0], c[1], 0, nn); break;
              case "r23": r23(a, i * k, k, rows, 126, c[0], c[1], 0, nn); break;
              case "r42": r42(a, i * k, k, rows, k, c[0], c[1], c[2], c[3], 0, nn); break;
              case "r44": r44(a, i * k, k, rows, k, c[0], c[1], c[2], c[3], 0, nn); break;
              case "r24b": r24b(a, i * k, k, bb, W, k, c[0], c[1], 0, nn); break;
              case "r44b": r44b(a, i * k, k, bb, W, k, c[0], c[1], c[2], c[3], 0, nn); break;
              case "r24s": r24s(a, i * k, k, rows, k, c[0], c[1], 0, nn); break;
              case "r24o": r24o(a, i * k, k, rows, k, c[0], 256, 0, nn); break;
              case "r34": r34(a, i * k, k, rows, k, c[0], c[1], c[2], 0, nn); break;
            }
            fl += 2L * step * k * nn;
          }
        }
        res[round] = fl / ((mx.getCurrentThreadCpuTime() - t0) / 1e9) / 1e9;
      }
      res = java.util.Arrays.copyOfRange(res, 7, 15); java.util.Arrays.sort(res);
      System.out.printf("%s n=%d GFLOP/s median %.1f max %.1f%n", v, nn, res[4], res[7]);
    }
  }
}
