#!/usr/bin/env bash
# Image and recurrent models, and mixed sequences in one JVM (which shapes C2 sees first), scalar
# kernels, base and new jars alternately. ab2.sh BASE_JAR NEW_JAR H WORK FIXTURES ROUNDS SECONDS [JAVA]
BASE=$1; NEW=$2; H=$3; WORK=$4; FX=$5; ROUNDS=${6:-2}; S=${7:-8}; JAVA=${8:-java}
run() {
  local jar=$1 label=$2; shift 2
  local args=(); while [ "$1" != "--" ]; do args+=("$1"); shift; done; shift
  "$JAVA" -Dkerasj.bench.work="$WORK" -Dkerasj.fixtures="$FX" "${args[@]}" -cp "$H:$jar" io.kerasj.jmh.M "$S" "$@" 2>&1 \
    | grep -v 'WARN\|Kernels choose\|SLF4J' | sed "s|^|$(basename "$jar" .jar) $label |"
}
for r in $(seq "$ROUNDS"); do
  echo "== round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg) $("$JAVA" -version 2>&1 | head -1)"
  for jar in "$BASE" "$NEW"; do
    run "$jar" sc-2t-mix1 -- img:MobileNetV2 transformer:1:128
    run "$jar" sc-2t-mix2 -- transformer:1:128 img:ResNet50
    run "$jar" sc-1t-rnn -Dkerasj.threads=1 -- lstm:1:100 lstm512:32:100
    run "$jar" sc-2t-rnn -- lstm512:32:100
  done
done
