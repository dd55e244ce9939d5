package io.kerasj.jmh;
import io.kerasj.Model;
import io.kerasj.Tensor;
/** Prints a hash of the output bits for each case: compare across -Dkerasj.threads and jars. */
public class C {
  public static void main(String[] args) {
    for (String a : args) {
      String[] p = a.split(":");
      Model m = Bench.model(p[0]);
      Tensor[] xs = Bench.inputs(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      long h = 0;
      for (int rep = 0; rep < 3; rep++) {
        Tensor o = xs.length == 1 ? m.predict(xs[0]) : m.predictAll(xs).get(0);
        h = 0;
        for (float f : o.data()) h = h * 31 + Float.floatToRawIntBits(f);
      }
      System.out.println(a + " " + Long.toHexString(h));
    }
  }
}
