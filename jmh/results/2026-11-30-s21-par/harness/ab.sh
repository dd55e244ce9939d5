#!/bin/bash
# usage: ab.sh ROUNDS SECS OUTFILE "extra jvm flags" cases...
R=$1; S=$2; OUT=$3; X=$4; shift 4
BASE=/work/main/jmh/target/benchmarks.jar
NEW=/work/scratch/s21par/new.jar
for r in $(seq 1 $R); do
  for v in base new; do
    J=$BASE; [ $v = new ] && J=$NEW
    echo "## round $r $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT
    java $X -Dkerasj.fixtures=/work/main/compat-tests/src/test/resources/fixtures -Dkerasj.bench.work=/work/main/jmh/target/bench-work -cp H:$J io.kerasj.jmh.M $S "$@" 2>/dev/null | sed "s/^/$v\t/" >> $OUT
  done
done
