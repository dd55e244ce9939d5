#!/bin/bash
# jmh.sh OUTDIR BASEJAR HEADJAR : interleaved rounds of JMH OnnxRuntimeBenchmark (ORT Java, default
# session options) and ModelBenchmark.predict on the base and head jars (benchmarks.jar built with
# -Ppeers), Vector API and scalar paths, notebook lstm rows, THREADS (kerasj.threads) and ORT_THREADS
# (kerasj.ort.threads, intra-op) default 1, with
# -prof io.kerasj.jmh.CpuTimeProfiler. Inputs/models in /tmp/i15s/peers (export_onnx.py --quick plus
# models.make_inputs for the lstm rows).
OUT=$1; BASE=$2; HEAD=$3
mkdir -p $OUT
JAVA=${JAVA:-java}
WORK=/tmp/i15s/peers
FIX=/work/wt/i15-small/compat-tests/src/test/resources/fixtures
CASES=${CASES:-lstm:1:100,lstm:1:1000,lstm:32:100}
ITER=(${ITER:--wi 3 -w 1s -i 3 -r 1s -f 1})
PROPS="-Dkerasj.bench.work=$WORK -Dkerasj.fixtures=$FIX -Dkerasj.threads=${THREADS:-1} -Dkerasj.ort.threads=${ORT_THREADS:-1}"
run() { # name jar benchmark jvmargs
  $JAVA -Djmh.ignoreLock=true -jar $2 "$3" -p bench=$CASES "${ITER[@]}" -prof io.kerasj.jmh.CpuTimeProfiler -rf json -rff $OUT/$1.json -jvmArgsAppend "$PROPS $4" > $OUT/$1.log 2>&1
}
for r in $(seq ${ROUNDS:-2}); do
  run r$r-ort $HEAD OnnxRuntimeBenchmark ""
  run r$r-base-vector $BASE 'ModelBenchmark.predict$' --add-modules=jdk.incubator.vector
  run r$r-head-vector $HEAD 'ModelBenchmark.predict$' --add-modules=jdk.incubator.vector
  [ "${SCALAR:-1}" = 1 ] && run r$r-head-scalar $HEAD 'ModelBenchmark.predict$' ""
  [ "${SCALAR:-1}" = 1 ] && run r$r-base-scalar $BASE 'ModelBenchmark.predict$' ""
done
echo DONE > $OUT/DONE
