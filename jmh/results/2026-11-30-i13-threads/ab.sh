#!/usr/bin/env bash
# Interleaved A/B: ab.sh ROUNDS SECONDS "label:jar:jvmflags" ... -- cases...   (M.java in H)
R=$1; S=$2; shift 2; ARMS=(); while [ "$1" != "--" ]; do ARMS+=("$1"); shift; done; shift
W=${WORK:-/work/main/jmh/target/bench-work}; JAVA=${JAVA:-java}
for r in $(seq "$R"); do
  echo "== round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  for arm in "${ARMS[@]}"; do
    IFS=: read -r label jar flags <<< "$arm"
    "$JAVA" -Dkerasj.bench.work="$W" $flags -cp "H:$jar" io.kerasj.jmh.M "$S" "$@" 2>&1 \
      | grep -v 'WARN\|Kernels choose\|SLF4J\|jfr' | sed "s|^|$label |"
  done
done
