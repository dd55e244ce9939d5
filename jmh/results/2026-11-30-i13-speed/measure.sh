#!/usr/bin/env bash
# The issue-13 before/after measurement, one window: the attention models (transformer b1 and b16,
# encdec b1) on kerasj before (BASE jar, main at 008b9d4) and after (NEW jar, this branch), on both
# kernel paths, at default threads and at one thread (-Dkerasj.threads=1), interleaved with ONNX
# Runtime Java (default session options) and TensorFlow (tf_bench.py: default threads, then intra-
# and inter-op threads 1). JMH -prof io.kerasj.jmh.CpuTimeProfiler gives the process CPU time per
# call, which the waits for a core on this shared machine do not inflate.
#   measure.sh BASE_JAR NEW_JAR WORK OUT
set -euo pipefail
BASE=$1; NEW=$2; WORK=$3; OUT=$4
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PY=${PEERS_VENV:-/work/scratch/peers-venv}/bin/python
CASES=transformer:1:128,transformer:16:128,encdec:1:50
ITER=(-wi 4 -w 1s -i 4 -r 1s -f 1)
PROPS="-Dkerasj.bench.work=$WORK -Dkerasj.fixtures=$ROOT/compat-tests/src/test/resources/fixtures"
VEC="--add-modules=jdk.incubator.vector"
mkdir -p "$OUT"
echo "{\"loadavg_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"java\": \"$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')\", \"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\", \"cpus\": $(nproc)," > "$OUT/machine.json"
jmh() { # name jar benchmark jvm-args
  echo "== $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  java -jar "$2" "$3" -p bench=$CASES "${ITER[@]}" -prof gc -prof io.kerasj.jmh.CpuTimeProfiler \
    -jvmArgsAppend "$PROPS $4" -rf json -rff "$OUT/$1.json" > "$OUT/$1.log" 2>&1 || echo "   failed: see $1.log"
  grep -E '^ModelBenchmark|^OnnxRuntimeBenchmark' "$OUT/$1.log" | grep -E 'predict |cpu.process.norm|run ' || true
}
tf() { # name threads (0 = default)
  echo "== $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  (cd "$ROOT/jmh/peers" && "$PY" -c "
import sys, runpy, tensorflow as tf
if $2: tf.config.threading.set_intra_op_parallelism_threads($2); tf.config.threading.set_inter_op_parallelism_threads($2)
sys.argv = ['tf_bench.py', '$WORK', '$OUT/$1.json', '--attention']
runpy.run_path('tf_bench.py', run_name='__main__')") 2>&1 | grep -v '^[WIE]0000\|WARNING' | tail -4
}
tf tensorflow 0
jmh base-vec "$BASE" 'ModelBenchmark.predict$' "$VEC"
jmh new-vec "$NEW" 'ModelBenchmark.predict$' "$VEC"
jmh ort "$NEW" OnnxRuntimeBenchmark ""
jmh base-scalar "$BASE" 'ModelBenchmark.predict$' ""
jmh new-scalar "$NEW" 'ModelBenchmark.predict$' ""
jmh base-vec-1t "$BASE" 'ModelBenchmark.predict$' "$VEC -Dkerasj.threads=1"
jmh new-vec-1t "$NEW" 'ModelBenchmark.predict$' "$VEC -Dkerasj.threads=1"
tf tensorflow-1t 1
jmh base-scalar-1t "$BASE" 'ModelBenchmark.predict$' "-Dkerasj.threads=1"
jmh new-scalar-1t "$NEW" 'ModelBenchmark.predict$' "-Dkerasj.threads=1"
echo "\"loadavg_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >> "$OUT/machine.json"
