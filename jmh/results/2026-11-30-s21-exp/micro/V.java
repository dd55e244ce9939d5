import java.lang.invoke.*;
import java.lang.management.*;
import java.nio.ByteOrder;
public class V {
  static final VarHandle FV = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.nativeOrder());
  static final VarHandle IV = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
  static void fstore(float[] t, byte[] b, int n) { for (int j = 0; j < n; j++) FV.set(b, j << 2, t[j] + 1f); }
  static void iop(byte[] b, byte[] c, int n) { for (int j = 0; j < n; j++) { int k = (int) IV.get(b, j << 2) - 0x4B400000; int k1 = k >> 1; IV.set(c, j << 2, (k1 + 127) << 23); } }
  static void fload(float[] t, byte[] b, int n) { for (int j = 0; j < n; j++) t[j] = t[j] * (float) FV.get(b, j << 2); }
  static void plain(float[] t, float[] u, int n) { for (int j = 0; j < n; j++) u[j] = t[j] + 1f; }
  public static void main(String[] a) {
    int n = 128; float[] t = new float[n], u = new float[n]; byte[] b = new byte[4 * n], c = new byte[4 * n];
    for (int i = 0; i < n; i++) t[i] = 1f;
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 4; w++) {
        long t0 = 0;
        for (int r = 0; r < 600000; r++) {
          if (r == 200000) t0 = tm.getCurrentThreadCpuTime();
          if (w == 0) fstore(t, b, n); else if (w == 1) iop(b, c, n); else if (w == 2) fload(t, c, n); else plain(t, u, n);
          if (w == 2 && (r & 255) == 0) java.util.Arrays.fill(t, 1f);
        }
        sb.append(String.format("%d %.3f  ", w, (tm.getCurrentThreadCpuTime() - t0) / 400000.0 / n));
      }
      System.out.println(sb);
    }
  }
}
