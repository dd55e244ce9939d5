#!/usr/bin/env bash
# One command for the performance report: kerasj (JMH), ONNX Runtime Java (JMH, same models
# exported to ONNX) and TensorFlow in Python (eager, tf.function, predict) on the same models and
# inputs, one after the other on this machine; then jmh/results/<date>/report.md + chart.png + raw
# JSON. See the Performance section of README.md.
#
#   jmh/peers/run.sh            full suite (~23 min on a busy 2-core VM; TF eager over 1,000 steps is the long pole)
#   jmh/peers/run.sh --quick    notebook lstm (b1, t100) and LSTM(512) b32 only, short iterations (~3.5 min)
#
# Environment: PEERS_VENV (default jmh/target/peers-venv; created and filled from
# jmh/peers/requirements.txt if missing), RESULTS (default jmh/results/<date>[-quick]),
# JAVA (default java on PATH).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)

QUICK=""
[ "${1:-}" = "--quick" ] && QUICK="--quick"
DATE=$(date -u +%F)
RESULTS=${RESULTS:-$ROOT/jmh/results/$DATE${QUICK:+-quick}}
WORK=$ROOT/jmh/target/bench-work
VENV=${PEERS_VENV:-$ROOT/jmh/target/peers-venv}
JAVA=${JAVA:-java}
mkdir -p "$RESULTS" "$WORK"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r jmh/peers/requirements.txt
fi
PY=$VENV/bin/python

echo "== machine"
{
  echo "{"
  echo "\"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\","
  echo "\"cpus\": $(nproc),"
  echo "\"flags_avx512f\": $(grep -q avx512f /proc/cpuinfo && echo true || echo false),"
  echo "\"kernel\": \"$(uname -sr)\","
  echo "\"java\": \"$("$JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/"/\\"/g')\","
  echo "\"loadavg_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "\"quick\": $([ -n "$QUICK" ] && echo true || echo false)"
  echo "}"
} > "$RESULTS/machine.json"
cat "$RESULTS/machine.json"

echo "== exporting models and inputs (ONNX via Keras 3 model.export)"
(cd jmh/peers && "$PY" export_onnx.py "$WORK" $QUICK) 2>&1 | grep -v '^[WIE]0000\|^WARNING: All log' | tail -20
cp "$WORK/onnx/versions.json" "$RESULTS/onnx-export.json"

echo "== building benchmarks.jar with the peers profile"
mvn -B -q package -pl runtime,loader,jmh -am -DskipTests -Ppeers
JAR=jmh/target/benchmarks.jar
PROPS="-Dkerasj.bench.work=$WORK -Dkerasj.fixtures=$ROOT/compat-tests/src/test/resources/fixtures"
VEC="--add-modules=jdk.incubator.vector"

if [ -n "$QUICK" ]; then
  CASES="lstm:1:100,lstm512:32:100"
  ITER=(-wi 4 -w 1s -i 3 -r 500ms -f 1)
  CELLS=(-p cell=lstm -p units=20,512 -p input=1,128 -p batch=1,32)
else
  CASES="ln_rnn:1:100,ln_rnn:1:1000,ln_rnn:32:100,lstm:1:100,lstm:1:1000,lstm:32:100,gru:1:100,gru:1:1000,gru:32:100,lstm512:32:100"
  ITER=(-wi 5 -w 1s -i 5 -r 1s -f 1)
  CELLS=()
fi

jmh() { # name, then JMH arguments
  local name=$1; shift
  echo "== JMH $name"
  "$JAVA" -jar "$JAR" "$@" -prof gc -rf json -rff "$RESULTS/$name.json" 2>&1 \
    | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[a-z]+ )' | grep -v 'gc\.\(churn\|count\|time\|alloc.rate \)' || true
}

jmh kerasj-models "ModelBenchmark" -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS $VEC"
jmh kerasj-models-scalar "ModelBenchmark" -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS"
jmh onnxruntime "OnnxRuntimeBenchmark" -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS"
if [ -n "$QUICK" ]; then
  jmh kerasj-cells "CellStepBenchmark" "${CELLS[@]}" -wi 3 -w 1s -i 2 -r 500ms -f 1 -jvmArgsAppend "$VEC"
else
  # Warm-up is long because C2 compiles the Vector API code late on a busy 2-core machine.
  jmh kerasj-cells "CellStepBenchmark" -wi 3 -w 1s -i 3 -r 500ms -f 1 -jvmArgsAppend "$VEC"
  jmh kerasj-cells-scalar "CellStepBenchmark" -p cell=lstm,gru -wi 3 -w 1s -i 3 -r 500ms -f 1
  jmh kerasj-layernorm "LayerNormBenchmark" -wi 2 -w 500ms -i 3 -r 500ms -f 1 -jvmArgsAppend "$VEC"
  jmh kerasj-load "LoadBenchmark" -wi 2 -w 500ms -i 3 -r 500ms -f 1 -jvmArgsAppend "$PROPS"
fi

echo "== TensorFlow (Python)"
(cd jmh/peers && "$PY" tf_bench.py "$WORK" "$RESULTS/tensorflow.json" $QUICK) 2>&1 | grep -v '^[WIE]0000\|^WARNING: All log' | tail -20

sed -i "s/\"quick\"/\"loadavg_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"onnxruntime_java\": \"$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' jmh/pom.xml)\", \"quick\"/" "$RESULTS/machine.json"

echo "== report"
"$PY" jmh/peers/report.py "$RESULTS"
echo "wrote $RESULTS/report.md"
