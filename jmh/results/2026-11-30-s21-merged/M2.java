import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.Npy;
import java.nio.file.Path;
import java.util.Arrays;
public class M2 {
  public static void main(String[] args) throws Exception {
    double secs = Double.parseDouble(args[0]);
    Path w = Path.of(System.getProperty("kerasj.bench.work"));
    Model m = KerasModels.load(w.resolve("transformer.keras"));
    Tensor x = Npy.read(w.resolve("inputs/transformer_b" + args[1] + "_t128.npy"));
    long end = System.nanoTime() + (long) (secs * 1e9);
    double[] v = new double[1 << 20]; int n = 0;
    while (System.nanoTime() < end) { long t0 = System.nanoTime(); m.predict(x); v[n++] = (System.nanoTime() - t0) / 1e3; }
    double[] h = Arrays.copyOfRange(v, n / 2, n); double mean = Arrays.stream(h).average().getAsDouble(); Arrays.sort(h);
    double over = 0; for (double d : h) if (d > 2 * h[h.length / 2]) over += d - h[h.length / 2];
    System.out.printf("b%s mean %.0f p50 %.0f p90 %.0f p99 %.0f max %.0f n=%d spikes(>2x p50) %d share-of-mean %.1f%%%n", args[1], mean, h[h.length/2], h[(int)(h.length*0.9)], h[(int)(h.length*0.99)], h[h.length-1], h.length,
        Arrays.stream(h).filter(d -> d > 2 * h[h.length / 2]).count(), 100 * over / h.length / mean);
  }
}
