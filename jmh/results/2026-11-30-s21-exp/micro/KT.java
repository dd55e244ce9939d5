import io.kerasj.internal.vectorization.ScalarKernels;
import java.lang.management.*;
import java.util.*;
/** ns per value (thread CPU) of ScalarKernels.softmaxColumns (128x128) and expSum (len 128, 50 rows), median of 7 timed batches. */
public class KT {
  static float sink;
  static double cols(float[] src, float[] a, float[][] out, int reps) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    long t0 = tm.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) { System.arraycopy(src, 0, a, 0, src.length); ScalarKernels.softmaxColumns(a, 0, 128, 128, 0.17677669f, out); }
    return (tm.getCurrentThreadCpuTime() - t0) / (double) reps / src.length;
  }
  static double rows(ScalarKernels k, float[] src, float[] a, float[] mx, int reps) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    long t0 = tm.getCurrentThreadCpuTime(); float s = 0;
    for (int r = 0; r < reps; r++) { System.arraycopy(src, 0, a, 0, src.length); for (int q = 0; q < 50; q++) s += k.expSum(a, q * 128, 128, mx[q]); }
    sink += s;
    return (tm.getCurrentThreadCpuTime() - t0) / (double) reps / src.length;
  }
  static double soft(ScalarKernels k, float[] src, float[] a, int reps) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    long t0 = tm.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) { System.arraycopy(src, 0, a, 0, src.length); for (int q = 0; q < 50; q++) k.softmax(a, q * 128, 128, 0.17677669f); }
    return (tm.getCurrentThreadCpuTime() - t0) / (double) reps / src.length;
  }
  static double sig(ScalarKernels k, float[] src, float[] a, int reps, int chunk) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    long t0 = tm.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) { System.arraycopy(src, 0, a, 0, src.length); for (int q = 0; q < src.length; q += chunk) k.sigmoid(a, q, chunk); }
    return (tm.getCurrentThreadCpuTime() - t0) / (double) reps / src.length;
  }
  static double med(double[] x) { double[] y = x.clone(); Arrays.sort(y); return y[y.length / 2]; }
  public static void main(String[] args) {
    Random rnd = new Random(5);
    float[] cs = new float[128 * 128]; for (int i = 0; i < cs.length; i++) cs[i] = (float) (rnd.nextGaussian() * 8);
    float[] ca = new float[cs.length]; float[][] out = new float[128][128];
    float[] rs = new float[50 * 128]; float[] mx = new float[50];
    for (int q = 0; q < 50; q++) { mx[q] = Float.NEGATIVE_INFINITY; for (int i = 0; i < 128; i++) { rs[q * 128 + i] = (float) (rnd.nextGaussian() * 3); mx[q] = Math.max(mx[q], rs[q * 128 + i]); } }
    float[] ra = new float[rs.length]; ScalarKernels k = new ScalarKernels();
    for (int w = 0; w < 5; w++) { cols(cs, ca, out, 400); rows(k, rs, ra, mx, 400); soft(k, rs, ra, 400); sig(k, rs, ra, 400, 128); sig(k, rs, ra, 400, 6400); }
    double[] c = new double[7], r = new double[7], so = new double[7], g1 = new double[7], g2 = new double[7];
    for (int i = 0; i < 7; i++) { c[i] = cols(cs, ca, out, 300); r[i] = rows(k, rs, ra, mx, 300); so[i] = soft(k, rs, ra, 300); g1[i] = sig(k, rs, ra, 300, 128); g2[i] = sig(k, rs, ra, 300, 6400); }
    Arrays.sort(c); Arrays.sort(r); Arrays.sort(so); Arrays.sort(g1); Arrays.sort(g2);
    System.out.printf(Locale.ROOT, "%s softmaxColumns128x128 %.3f [%.3f-%.3f] ns/value   expSum128x50 %.3f [%.3f-%.3f] ns/value   softmax128x50 %.3f [%.3f-%.3f]   sigmoid128x50 %.3f [%.3f-%.3f]   sigmoid6400 %.3f [%.3f-%.3f] ns/value%n",
        System.getProperty("java.version"), c[3], c[0], c[6], r[3], r[0], r[6], so[3], so[0], so[6], g1[3], g1[0], g1[6], g2[3], g2[0], g2[6]);
  }
}
