import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.nio.file.Path;
import java.util.Random;
public class Alloc {
  public static void main(String[] a) throws Exception {
    com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (String c : a) {
      String[] p = c.split(":");
      Model m = KerasModels.load(Path.of("/work/wt/i15-gates/compat-tests/src/test/resources/fixtures", p[0], "k3.keras"));
      int b = Integer.parseInt(p[1]), t = Integer.parseInt(p[2]), f = Integer.parseInt(p[3]);
      float[] x = new float[b * t * f]; Random r = new Random(7);
      for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
      Tensor in = Tensor.of(x, b, t, f);
      Tensor out = Tensor.zeros(m.predict(in).shape());
      for (int i = 0; i < 20000; i++) m.predict(in, out);
      long a0 = T.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 100; i++) m.predict(in, out);
      System.out.println(c + " bytes/call " + (T.getCurrentThreadAllocatedBytes() - a0) / 100);
    }
  }
}
