#!/usr/bin/env bash
# One command for the performance report: kerasj (JMH), ONNX Runtime Java (JMH, same models
# exported to ONNX), TensorFlow Java and Deeplearning4j's Keras import (JMH, on the SavedModel and
# the Keras 2 .h5 of the same models) and TensorFlow in Python (eager, tf.function, predict) on the
# same models and inputs, one after the other on this machine; then jmh/results/<date>/report.md +
# chart.png + raw JSON. See the Performance section of README.md.
#
#   jmh/peers/run.sh                        full suite, all peers (~32 min on a busy 2-core VM: ~23 min
#                                           without TF Java and DL4J, whose builds and runs add ~9 min, DL4J
#                                           taking seconds per call; EXTRA_PEERS="" leaves them out)
#   jmh/peers/run.sh --quick                notebook lstm (b1, t100) and LSTM(512) b32 only, short
#                                           iterations, without TF Java and DL4J (~3.5 min)
#   jmh/peers/run.sh --attention            the attention models only (issue 13: 2-block Transformer encoder,
#                                           batch 1 and 16; chapter-16 encoder-decoder, batch 1): kerasj on both
#                                           kernel paths, ONNX Runtime Java and TensorFlow, without TF Java and DL4J
#   jmh/peers/run.sh --quick --all-peers    the same with TF Java and DL4J too (6m41s measured under load
#                                           ~6-7: two more builds; ~170 MB (TF Java) + ~130 MB (DL4J) of jars
#                                           downloaded once into ~/.m2)
#
# The extra Java peers build in their own Maven profiles, so that the default build stays light:
# peers-tfjava (org.tensorflow:tensorflow-core-api 1.1.0 + linux-x86_64 natives) is built with
# -Ppeers into jmh/target/benchmarks.jar; peers-dl4j (deeplearning4j-modelimport + nd4j-native
# 1.0.0-M2.1, linux-x86_64 natives) builds alone into jmh/target/dl4j/benchmarks.jar, because the two
# need different JavaCPP versions. A peer whose build or run fails does not stop the script: the
# reason goes to RESULTS/peer-<name>.status and the report says why; peer-checks.tsv records, per
# case, each peer's max |peer − Keras| or the exact error of a case it refused.
#
# Environment: PEERS_VENV (default jmh/target/peers-venv; created and filled from
# jmh/peers/requirements.txt if missing), RESULTS (default jmh/results/<date>[-quick]),
# JAVA (default java on PATH), EXTRA_PEERS (default "tfjava dl4j" for the full suite or with
# --all-peers, "" for --quick; set it to choose).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)

QUICK=""
ALL_PEERS=""
ATTENTION=""
for a in "$@"; do
  case $a in
    --quick) QUICK="--quick" ;;
    --attention) ATTENTION="--attention" ;;
    --all-peers) ALL_PEERS=1 ;;
    *) echo "usage: $0 [--quick | --attention] [--all-peers]" >&2; exit 2 ;;
  esac
done
if [ -n "$ATTENTION" ] && [ -z "$ALL_PEERS" ]; then
  EXTRA_PEERS=${EXTRA_PEERS-}
elif [ -z "$QUICK" ] || [ -n "$ALL_PEERS" ]; then
  EXTRA_PEERS=${EXTRA_PEERS-tfjava dl4j}
else
  EXTRA_PEERS=${EXTRA_PEERS-}
fi
DATE=$(date -u +%F)
RESULTS=${RESULTS:-$ROOT/jmh/results/$DATE${QUICK:+-quick}${ATTENTION:+-attention}}
WORK=$ROOT/jmh/target/bench-work
VENV=${PEERS_VENV:-$ROOT/jmh/target/peers-venv}
JAVA=${JAVA:-java}
mkdir -p "$RESULTS" "$WORK"
# Absolute: tf_bench.py and the exports run from jmh/peers (a relative RESULTS lost tensorflow.json).
RESULTS=$(cd "$RESULTS" && pwd)

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
  echo "\"attention_only\": $([ -n "$ATTENTION" ] && echo true || echo false),"
  echo "\"quick\": $([ -n "$QUICK" ] && echo true || echo false)"
  echo "}"
} > "$RESULTS/machine.json"
cat "$RESULTS/machine.json"

echo "== exporting models and inputs (ONNX via Keras 3 model.export)"
(cd jmh/peers && "$PY" export_onnx.py "$WORK" $QUICK $ATTENTION) 2>&1 | grep -v '^[WIE]0000\|^WARNING: All log' | tail -20
cp "$WORK/onnx/versions.json" "$RESULTS/onnx-export.json"

rm -f "$RESULTS"/peer-*.status "$RESULTS/peer-checks.tsv"
status() { # peer, then the line for RESULTS/peer-<peer>.status ("ran" or "not run: why")
  echo "$2" > "$RESULTS/peer-$1.status"
  echo "== $1: $2"
}
wants() { [[ " $EXTRA_PEERS " == *" $1 "* ]]; }
for p in tfjava dl4j; do wants $p || status $p "not run: skipped (--quick without --all-peers, or EXTRA_PEERS)"; done

if [ -n "$EXTRA_PEERS" ]; then
  echo "== exporting SavedModels and Keras 2 .h5 for the extra Java peers, and Keras' expected outputs"
  if (cd jmh/peers && "$PY" export_peers.py "$WORK" $QUICK) > "$WORK/export-peers.log" 2>&1; then
    grep -v '^[WIE]0000\|^WARNING' "$WORK/export-peers.log" | tail -8
    cp "$WORK/peers-export.json" "$RESULTS/peers-export.json"
  else
    for p in $EXTRA_PEERS; do status $p "not run: export_peers.py failed: $(tail -1 "$WORK/export-peers.log")"; done
    EXTRA_PEERS=""
  fi
fi

# The peers' sources compile in their own maven-compiler executions; an incremental build that
# recompiles only src/main/java would rewrite JMH's BenchmarkList without them, so jmh's classes are
# always rebuilt (a few seconds).
rm -rf jmh/target/classes jmh/target/dl4j/classes
PROFILES=peers
if wants tfjava; then
  echo "== building benchmarks.jar with the peers and peers-tfjava profiles"
  if mvn -B -q package -pl runtime,loader,jmh -am -DskipTests -Ppeers,peers-tfjava > "$WORK/build-tfjava.log" 2>&1; then
    PROFILES=peers,peers-tfjava
  else
    status tfjava "not run: mvn -Ppeers,peers-tfjava failed: $(grep -m1 'ERROR' "$WORK/build-tfjava.log" | cut -c1-400)"
  fi
fi
if [ $PROFILES = peers ]; then
  echo "== building benchmarks.jar with the peers profile"
  mvn -B -q package -pl runtime,loader,jmh -am -DskipTests -Ppeers
fi
DL4J_JAR=""
if wants dl4j; then
  echo "== building jmh/target/dl4j/benchmarks.jar with the peers-dl4j profile"
  if mvn -B -q package -pl runtime,loader,jmh -am -DskipTests -Ppeers-dl4j > "$WORK/build-dl4j.log" 2>&1; then
    DL4J_JAR=jmh/target/dl4j/benchmarks.jar
  else
    status dl4j "not run: mvn -Ppeers-dl4j failed: $(grep -m1 'ERROR' "$WORK/build-dl4j.log" | cut -c1-400)"
  fi
fi
JAR=jmh/target/benchmarks.jar
PROPS="-Dkerasj.bench.work=$WORK -Dkerasj.fixtures=$ROOT/compat-tests/src/test/resources/fixtures"
CHECKS="-Dkerasj.bench.checks=$RESULTS/peer-checks.tsv"
VEC="--add-modules=jdk.incubator.vector"

ATT_CASES="transformer:1:128,transformer:16:128,encdec:1:50"
if [ -n "$ATTENTION" ]; then
  CASES=$ATT_CASES
  # A Transformer call takes tens of ms on a quiet core and ten times that on a loaded one: longer
  # iterations, so that the JIT has compiled the kernels before measuring and each iteration runs
  # enough calls.
  ITER=(-wi 6 -w 2s -i 5 -r 2s -f 1)
  CELLS=()
elif [ -n "$QUICK" ]; then
  CASES="lstm:1:100,lstm512:32:100"
  ITER=(-wi 3 -w 500ms -i 3 -r 500ms -f 1)
  CELLS=(-p cell=lstm -p units=20,512 -p input=1,128 -p batch=1,32)
else
  CASES="ln_rnn:1:100,ln_rnn:1:1000,ln_rnn:32:100,lstm:1:100,lstm:1:1000,lstm:32:100,gru:1:100,gru:1:1000,gru:32:100,lstm512:32:100"
  ITER=(-wi 3 -w 1s -i 4 -r 1s -f 1)
  CELLS=()
fi

jmh() { # name, then JMH arguments (JAR overrides the jar)
  local name=$1; shift
  echo "== JMH $name"
  "$JAVA" -jar "${JMH_JAR:-$JAR}" "$@" -prof gc -prof io.kerasj.jmh.CpuTimeProfiler -rf json -rff "$RESULTS/$name.json" 2>&1 | tee "$WORK/jmh-$name.log" \
    | grep -E '^(Benchmark|[A-Za-z0-9]+Benchmark\.[a-z]+ )|PEERCHECK' | grep -v 'gc\.\(churn\|count\|time\|alloc.rate \)' || true
}
peer() { # peer, benchmark class, jar: runs it, or records why it did not produce a result
  local p=$1 cls=$2
  JMH_JAR=$3 jmh "$p" "$cls" -p bench=$RNN_CASES "${ITER[@]}" -jvmArgsAppend "$PROPS $CHECKS"
  if [ -s "$RESULTS/$p.json" ] && grep -q '"primaryMetric"' "$RESULTS/$p.json"; then
    status "$p" "ran"
  else
    status "$p" "not run: no result; last lines of the JMH log: $(grep -E 'Error|Exception|failure|FATAL|SIGSEGV' "$WORK/jmh-$p.log" | head -3 | tr '\n' ' ' | cut -c1-500)"
  fi
}

# The extra Java peers run the recurrent models only; the full suite adds the attention models to the others.
RNN_CASES=$CASES
[ -z "$QUICK" ] && [ -z "$ATTENTION" ] && CASES=$CASES,$ATT_CASES
jmh kerasj-models "ModelBenchmark" -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS $VEC"
# The scalar path (no --add-modules) only in the full suite and the attention run, and only predict(x).
[ -z "$QUICK" ] && jmh kerasj-models-scalar 'ModelBenchmark.predict$' -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS"
jmh onnxruntime "OnnxRuntimeBenchmark" -p bench=$CASES "${ITER[@]}" -jvmArgsAppend "$PROPS"
[ $PROFILES = peers,peers-tfjava ] && peer tfjava TensorFlowJavaBenchmark "$JAR"
[ -n "$DL4J_JAR" ] && peer dl4j Dl4jBenchmark "$DL4J_JAR"
if [ -n "$ATTENTION" ]; then
  :
elif [ -n "$QUICK" ]; then
  jmh kerasj-cells "CellStepBenchmark" "${CELLS[@]}" -wi 2 -w 500ms -i 2 -r 300ms -f 1 -jvmArgsAppend "$VEC"
else
  # 60 cell configurations: short iterations (one step takes 0.1-50 us, so 300 ms is thousands of calls).
  jmh kerasj-cells "CellStepBenchmark" -wi 2 -w 700ms -i 3 -r 300ms -f 1 -jvmArgsAppend "$VEC"
  jmh kerasj-cells-scalar "CellStepBenchmark" -p cell=lstm,gru -p units=20,512 -wi 2 -w 700ms -i 3 -r 300ms -f 1
  jmh kerasj-layernorm "LayerNormBenchmark" -wi 2 -w 500ms -i 3 -r 500ms -f 1 -jvmArgsAppend "$VEC"
  jmh kerasj-load "LoadBenchmark" -wi 2 -w 500ms -i 3 -r 500ms -f 1 -jvmArgsAppend "$PROPS"
fi

echo "== TensorFlow (Python)"
(cd jmh/peers && "$PY" tf_bench.py "$WORK" "$RESULTS/tensorflow.json" $QUICK $ATTENTION) 2>&1 | grep -v '^[WIE]0000\|^WARNING: All log' | tail -20

pomv() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" jmh/pom.xml; }
sed -i "s/\"quick\"/\"loadavg_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"onnxruntime_java\": \"$(pomv onnxruntime.version)\", \"tensorflow_java\": \"$(pomv tensorflow-java.version)\", \"dl4j\": \"$(pomv dl4j.version)\", \"quick\"/" "$RESULTS/machine.json"

echo "== report"
"$PY" jmh/peers/report.py "$RESULTS"
echo "wrote $RESULTS/report.md"
