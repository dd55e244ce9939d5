import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.*;
public class P {
  public static void main(String[] args) throws Exception {
    double secs = Double.parseDouble(args[0]);
    var tm = ManagementFactory.getThreadMXBean();
    for (int a = 1; a < args.length; a++) {
      String[] p = args[a].split(":");
      Model m = KerasModels.load(Path.of(p[0]));
      int[] shape = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
      int size = 1; for (int s : shape) size *= s;
      float[] d = new float[size]; Random r = new Random(1); for (int i = 0; i < size; i++) d[i] = r.nextFloat() * 2 - 1;
      Tensor x = Tensor.of(d, shape);
      List<Double> v = new ArrayList<>();
      long end = System.nanoTime() + (long) (secs * 1e9);
      while (System.nanoTime() < end) { long t0 = System.nanoTime(); m.predict(x); v.add((System.nanoTime() - t0) / 1e3); }
      var h = new ArrayList<>(v.subList(v.size() / 2, v.size())); Collections.sort(h);
      System.out.printf("%s wall %.0f [%.0f-%.0f] n=%d%n", args[a], h.get(h.size() / 2), h.get(0), h.get(h.size() - 1), v.size());
    }
  }
}
