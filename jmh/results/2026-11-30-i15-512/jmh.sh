#!/bin/bash
# jmh.sh OUTDIR ROUNDS : interleaved JMH rounds on lstm512:32:100 (2 threads = all cores):
# kerasj base (main ce409c3) and new (this branch) on the Vector API path, ONNX Runtime Java,
# then the scalar path of base and new. CpuTimeProfiler gives process CPU per op.
OUT=$1; mkdir -p $OUT
PROPS="-Dkerasj.bench.work=/tmp/i512/peers -Dkerasj.fixtures=/work/wt/i15-512/compat-tests/src/test/resources/fixtures"
ITER="-wi 3 -w 1s -i 4 -r 1s -f 1"
run() { # name jar class extra
  java ${JAVA_OPTS} -jar $2 "$3" -p bench=lstm512:32:100 $ITER -prof io.kerasj.jmh.CpuTimeProfiler -rf json -rff $OUT/$1.json -jvmArgsAppend "$PROPS $4" > $OUT/$1.log 2>&1
  echo "$1 $(grep -E '^(ModelBenchmark|OnnxRuntimeBenchmark)\.' $OUT/$1.log | tr -s ' ' | head -3 | tr '\n' '|') load=$(cut -d' ' -f1 /proc/loadavg)" >> $OUT/summary.txt
}
for r in $(seq $2); do
  run r$r-base-vector /tmp/i512/jmh-base.jar 'ModelBenchmark.predict$' --add-modules=jdk.incubator.vector
  run r$r-new-vector /tmp/i512/jmh-new.jar 'ModelBenchmark.predict$' --add-modules=jdk.incubator.vector
  run r$r-ort /tmp/i512/jmh-new.jar 'OnnxRuntimeBenchmark.predict$' ""
  if [ -z "$NOSCALAR" ]; then
    run r$r-base-scalar /tmp/i512/jmh-base.jar 'ModelBenchmark.predict$' ""
    run r$r-new-scalar /tmp/i512/jmh-new.jar 'ModelBenchmark.predict$' ""
  fi
done
echo DONE >> $OUT/summary.txt
