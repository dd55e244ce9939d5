# Generates G.java: micro-kernels of the scalar GEMM's row form (M rows of a by K panel rows per
# pass over the columns, acc[j] = fma(x, row[j], acc[j]) in p order) for a check of which ones
# C2's SuperWord vectorizes. Run:
#   python3 superword_variants.py && javac -d . G.java
#   java -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,G::r* -cp . G KC LEN ROUNDS r4k2,r2k4,...
# Prints GFLOP/s per variant and round (thread CPU time); ~11-13 GFLOP/s means scalar code.
import itertools
combos=[(4,2),(2,4),(2,5),(2,6),(3,3),(3,4),(1,8),(2,3),(4,3),(5,2),(6,2),(3,2),(1,4),(2,2),(4,4)]
out=[]
out.append("""import java.lang.management.*;
import java.util.*;
public class G {
  static float madd(float x, float y, float a) { return Math.fma(x, y, a); }
""")
for M,Kk in combos:
    name=f"r{M}k{Kk}"
    cs=", ".join(f"float[] c{i}" for i in range(M))
    s=f"  static void {name}(float[] a, int a0, int lda, float[][] rows, int r0, int kc, {cs}, int lo, int hi) {{\n"
    s+="".join(f"    final int a{i+1} = a{i} + lda;\n" for i in range(M-1))
    s+=f"    for (int p = 0; p + {Kk} <= kc; p += {Kk}) {{\n"
    for i in range(M):
        for q in range(Kk):
            s+=f"      final float x{i}_{q} = a[a{i} + p + {q}];\n"
    for q in range(Kk):
        s+=f"      final float[] b{q} = rows[r0 + p + {q}];\n"
    s+="      for (int j = lo; j < hi; j++) {\n"
    for q in range(Kk):
        s+=f"        final float v{q} = b{q}[j];\n"
    for i in range(M):
        e=f"c{i}[j]"
        for q in range(Kk):
            e=f"madd(x{i}_{q}, v{q}, {e})"
        s+=f"        c{i}[j] = {e};\n"
    s+="      }\n    }\n  }\n"
    out.append(s)
out.append("""  public static void main(String[] args) {
    int kc = Integer.parseInt(args[0]), len = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
    String[] vs = args[3].split(",");
    Random r = new Random(1);
    float[][] rows = new float[kc][len];
    for (float[] row : rows) for (int j = 0; j < len; j++) row[j] = r.nextFloat() - 0.5f;
    float[] a = new float[60 * kc];
    for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
    float[][] c = new float[60][len];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int reps = Math.max(1, (int) (2e8 / (60.0 * kc * len)));
    for (int round = 0; round < rounds; round++) {
      StringBuilder sb = new StringBuilder();
      for (String v : vs) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int rep = 0; rep < reps; rep++) {
          switch (v) {
""")
for M,Kk in combos:
    name=f"r{M}k{Kk}"
    cargs=", ".join(f"c[i+{i}]" for i in range(M))
    out.append(f"            case \"{name}\": for (int i = 0; i + {M} <= 60; i += {M}) {name}(a, i * kc, kc, rows, 0, kc, {cargs}, 0, len); break;\n")
out.append("""          }
        }
        double s = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        sb.append(String.format("%s %.1f  ", v, 2.0 * 60 * kc * len * reps / s / 1e9));
      }
      System.out.println(sb);
    }
  }
}
""")
open("G.java","w").write("".join(out))
