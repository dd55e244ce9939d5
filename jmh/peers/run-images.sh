#!/usr/bin/env bash
# Issue 12's speed rows: keras.applications MobileNetV2 and ResNet50 at 224x224, batch 1 and 8, in
# kerasj (JMH, with and without the Vector API), ONNX Runtime Java (JMH, the same models exported to
# ONNX) and TensorFlow in Python (eager, tf.function, XLA, predict), one after the other on this
# machine; ResNet50's load time from .keras and .h5 (JMH) and the peak heap while loading. Writes
# jmh/results/<date>-images/images-report.md and the raw JSON. Kept apart from run.sh (the recurrent
# and attention suite) so that each suite runs in minutes.
#
#   jmh/peers/run-images.sh            about 25 min on a busy 2-core VM
#
# Environment: PEERS_VENV (default jmh/target/peers-venv, created from jmh/peers/requirements.txt
# if missing, as run.sh does), RESULTS (default jmh/results/<date>-images), JAVA (default java).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
RESULTS=${RESULTS:-$ROOT/jmh/results/$(date -u +%F)-images}
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
# FP32 FMA lanes a core completes per cycle, both FMA pipes together. AMD's Zen 4 accepts AVX-512 but
# runs a 512-bit FMA as two 256-bit halves on its two 256-bit pipes: 16 lanes, as with AVX2 anywhere.
# Intel's AVX-512 server cores have two 512-bit pipes (32 lanes; some models only one).
if grep -q avx512f /proc/cpuinfo && ! grep -q AuthenticAMD /proc/cpuinfo; then LANES=32; else LANES=16; fi
GHZ=$(awk '/^bogomips/ {print $3 / 2000; exit}' /proc/cpuinfo)
PEAK=$(awk -v c="$(nproc)" -v g="$GHZ" -v l="$LANES" 'BEGIN {printf "%.1f", c * g * l * 2}')
{
  echo "{"
  echo "\"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\","
  echo "\"cpus\": $(nproc),"
  echo "\"fma_peak_gflops\": $PEAK,"
  echo "\"fma_peak_note\": \"$(nproc) cores x $GHZ GHz x $LANES FMA lanes per cycle x 2 FLOPs (nominal clock: bogomips / 2)\","
  echo "\"java\": \"$("$JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/"/\\"/g')\","
  echo "\"onnxruntime_java\": \"$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' jmh/pom.xml)\","
  echo "\"loadavg_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\""
  echo "}"
} > "$RESULTS/machine.json"
cat "$RESULTS/machine.json"

echo "== models, inputs and ONNX export"
if [ ! -f "$WORK/images/export.json" ]; then
  (cd jmh/peers && "$PY" images.py "$WORK" export) 2>&1 | grep -v '^[WIE]0000\|^WARNING' | tail -5
fi
cp "$WORK/images/export.json" "$RESULTS/export.json"

echo "== building benchmarks.jar with the peers profile"
rm -rf jmh/target/classes
mvn -B -q package -pl runtime,loader,jmh -am -DskipTests -Ppeers
JAR=jmh/target/benchmarks.jar
PROPS="-Dkerasj.bench.work=$WORK"
VEC="--add-modules=jdk.incubator.vector"
ITER=(-wi 3 -w 2s -i 5 -r 2s -f 1)
jmh() { # name, then JMH arguments
  local name=$1; shift
  echo "== JMH $name"
  "$JAVA" -jar "$JAR" "$@" -prof gc -rf json -rff "$RESULTS/$name.json" 2>&1 | tee "$WORK/jmh-$name.log" \
    | grep -E '^(Benchmark|[A-Za-z0-9]+Benchmark\.[a-z]+ )' | grep -v 'gc\.\(churn\|count\|time\|alloc.rate \)' || true
}
jmh kerasj-images 'ImageModelBenchmark' "${ITER[@]}" -jvmArgsAppend "$PROPS $VEC"
jmh kerasj-images-scalar 'ImageModelBenchmark' "${ITER[@]}" -jvmArgsAppend "$PROPS"
jmh onnxruntime-images 'OnnxRuntimeImageBenchmark' "${ITER[@]}" -jvmArgsAppend "$PROPS"
jmh kerasj-load-images 'ImageLoadBenchmark' "${ITER[@]}" -jvmArgsAppend "$PROPS"

echo "== peak heap while loading ResNet50"
WB=$("$PY" -c "import json; print(json.load(open('$WORK/images/export.json'))['models']['ResNet50']['weight_bytes'])")
FILES=("$WORK/images/ResNet50.keras" "$WORK/images/ResNet50.h5")
[ -f "$WORK/images/ResNet50_k2.h5" ] && FILES+=("$WORK/images/ResNet50_k2.h5")
"$JAVA" -Xmx2g -cp "$JAR" io.kerasj.jmh.LoadHeap "$WB" "${FILES[@]}" | tee "$RESULTS/heap.tsv"
# The issue's bound: the load fits in a heap of twice the weights (each file in its own JVM).
for f in "${FILES[@]}"; do
  if "$JAVA" -Xmx$((2 * WB / 1048576))m -cp "$JAR" io.kerasj.jmh.LoadHeap "$WB" "$f" > /dev/null 2>&1; then
    echo "$(basename "$f") loads with -Xmx$((2 * WB / 1048576))m (2 x the weights)" | tee -a "$RESULTS/heap.tsv"
  else
    echo "$(basename "$f") does NOT load with -Xmx$((2 * WB / 1048576))m (2 x the weights)" | tee -a "$RESULTS/heap.tsv"
  fi
done

echo "== TensorFlow (Python)"
(cd jmh/peers && "$PY" images.py "$WORK" time "$RESULTS/tensorflow-images.json") 2>&1 | grep -v '^[WIE]0000\|^WARNING' | tail -6

sed -i "s/\"loadavg_start\"/\"loadavg_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"loadavg_start\"/" "$RESULTS/machine.json"
echo "== report"
(cd jmh/peers && "$PY" images_report.py "$RESULTS") > /dev/null
echo "wrote $RESULTS/images-report.md"
