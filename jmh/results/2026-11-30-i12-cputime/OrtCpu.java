import ai.onnxruntime.*;
import java.lang.management.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
public class OrtCpu {
  public static void main(String[] a) throws Exception {
    int warm = Integer.parseInt(a[1]), calls = Integer.parseInt(a[2]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (int i = 3; i < a.length; i++) {
      String[] p = a[i].split(":");
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setIntraOpNumThreads(1);
      o.setInterOpNumThreads(1);
      OrtSession s = env.createSession(Path.of(a[0], p[0] + ".onnx").toString(), o);
      String in = s.getInputNames().iterator().next();
      // .npy float32 little-endian, C order; header then data
      byte[] b = Files.readAllBytes(Path.of(a[0], p[0] + "_b" + p[1] + ".npy"));
      int hl = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      FloatBuffer fb = ByteBuffer.wrap(b, 10 + hl, b.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      int bs = Integer.parseInt(p[1]);
      OnnxTensor t = OnnxTensor.createTensor(env, fb, new long[] {bs, 224, 224, 3});
      for (int w = 0; w < warm; w++) s.run(Map.of(in, t)).close();
      double[] ms = new double[calls];
      for (int c = 0; c < calls; c++) {
        long t0 = mx.getCurrentThreadCpuTime();
        s.run(Map.of(in, t)).close();
        ms[c] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "ORT Java %s b%s\tmedian %.2f ms\tmin %.2f\tmax %.2f%n", p[0], p[1], ms[calls / 2], ms[0], ms[calls - 1]);
    }
  }
}
