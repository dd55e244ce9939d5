#!/usr/bin/env bash
# Interleaved A/B rounds (before jar, after jar, alternately) with a small CPU-time harness
# (Harness.java here): per configuration, calls for 12 s in rounds of 0.3 s; the first half of the
# rounds is warm-up, the median and range of the rest are printed. "thread" = the calling thread's
# CPU time (with -Dkerasj.threads=1: the whole call), "process" = all threads' (default threads).
#   ab.sh BASE_JAR NEW_JAR WORK HARNESS_CLASSES ROUNDS
BASE=$1; NEW=$2; WORK=$3; H=$4; ROUNDS=${5:-3}
FX=$(cd "$(dirname "$0")/../../.." && pwd)/compat-tests/src/test/resources/fixtures
VEC=--add-modules=jdk.incubator.vector
run() { # jar case label jvm-args...
  local jar=$1 c=$2 label=$3; shift 3
  printf '%-6s %-22s %-18s ' "$label" "$(basename "$jar")" "$c"
  java -Dkerasj.bench.work="$WORK" -Dkerasj.fixtures="$FX" "$@" -cp "$H:$jar" io.kerasj.jmh.Harness "$c" 12 2>&1 \
    | grep -v 'WARN\|Kernels choose' | sed 's/^[^ ]* //'
}
for r in $(seq "$ROUNDS"); do
  echo "== round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  for jar in "$BASE" "$NEW"; do
    run "$jar" transformer:1:128 vec-1t $VEC -Dkerasj.threads=1 -Dh.thread=true
    run "$jar" transformer:1:128 sc-1t -Dkerasj.threads=1 -Dh.thread=true
    run "$jar" transformer:1:128 vec $VEC
    run "$jar" transformer:16:128 vec $VEC
    run "$jar" encdec:1:50 vec-1t $VEC -Dkerasj.threads=1 -Dh.thread=true
  done
done
