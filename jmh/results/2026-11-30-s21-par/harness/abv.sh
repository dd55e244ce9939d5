#!/bin/bash
# usage: abv.sh ROUNDS SECS OUTFILE "common jvm flags" CASES -- variant specs "name|jar|flags" ...
R=$1; S=$2; OUT=$3; X=$4; CASES=$5; shift 5
for r in $(seq 1 $R); do
  for spec in "$@"; do
    IFS='|' read -r name jar flags <<< "$spec"
    echo "## round $r $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT
    java $X $flags -Dkerasj.fixtures=/work/main/compat-tests/src/test/resources/fixtures -Dkerasj.bench.work=/work/main/jmh/target/bench-work -cp H:$jar io.kerasj.jmh.M $S $CASES 2>/dev/null | sed "s/^/$name\t/" >> $OUT
  done
done
