package io.kerasj.jmh;
import io.kerasj.Model;
import io.kerasj.Tensor;
public class O {
  public static void main(String[] args) {
    for (String c : args) {
      String[] p = c.split(":");
      Model m = Bench.model(p[0]);
      Tensor[] xs = Bench.inputs(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      Tensor y = null;
      for (int i = 0; i < 4; i++) y = xs.length == 1 ? m.predict(xs[0]) : m.predictAll(xs).get(0);
      System.out.println(c + " hash " + java.util.Arrays.hashCode(y.data()) + " y0 " + y.data()[0]);
    }
  }
}
