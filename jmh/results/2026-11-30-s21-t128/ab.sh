#!/bin/bash
# usage: ab.sh JAVA ROUNDS threadsflag... ; alternates base / new
J=$1; R=$2; shift 2
for r in $(seq 1 $R); do
  for arm in base new; do
    if [ $arm = base ]; then JAR=/work/main/jmh/target/benchmarks.jar; else JAR=/tmp/s21t/new1.jar; fi
    echo "## round $r $arm load $(cut -d' ' -f1 /proc/loadavg)"
    $J -Dkerasj.bench.work=/work/main/jmh/target/bench-work "$@" -cp H:$JAR io.kerasj.jmh.M 8 transformer:16:128 transformer:1:128 2>&1 | grep -v WARN | grep -v "^Nov\|choose"
  done
done
