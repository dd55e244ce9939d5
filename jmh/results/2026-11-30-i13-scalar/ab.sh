#!/usr/bin/env bash
# Interleaved A/B rounds of jmh/results/2026-11-30-i13-scalar: base and new benchmarks.jar alternate,
# one JVM per line, M.java (compiled against either jar: javac -d H -cp benchmarks.jar M.java O.java).
#   ab.sh BASE_JAR NEW_JAR H WORK ROUNDS SECONDS [JAVA]
BASE=$1; NEW=$2; H=$3; WORK=$4; ROUNDS=${5:-3}; S=${6:-8}; JAVA=${7:-java}
VEC=--add-modules=jdk.incubator.vector
run() { # jar label jvm-args... -- cases...
  local jar=$1 label=$2; shift 2
  local args=(); while [ "$1" != "--" ]; do args+=("$1"); shift; done; shift
  "$JAVA" -Dkerasj.bench.work="$WORK" "${args[@]}" -cp "$H:$jar" io.kerasj.jmh.M "$S" "$@" 2>&1 \
    | grep -v 'WARN\|Kernels choose\|SLF4J' | sed "s|^|$(basename "$jar" .jar) $label |"
}
for r in $(seq "$ROUNDS"); do
  echo "== round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  for jar in "$BASE" "$NEW"; do
    run "$jar" sc-1t -Dkerasj.threads=1 -- transformer:1:128 transformer:16:128 encdec:1:50
    run "$jar" sc-2t -- transformer:1:128 transformer:16:128 encdec:1:50
    run "$jar" vec-2t $VEC -- transformer:1:128 transformer:16:128
  done
done
