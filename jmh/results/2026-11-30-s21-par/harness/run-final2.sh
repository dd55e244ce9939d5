#!/bin/bash
cd /work/scratch/s21par
B=/work/main/jmh/target/benchmarks.jar; N=/work/scratch/s21par/new2.jar
for r in 1 2 3 4; do
 for V in scalar vector; do
  X=""; [ $V = vector ] && X="--add-modules jdk.incubator.vector"
  for spec in "base|$B" "new|$N"; do
   IFS='|' read -r name jar <<< "$spec"
   O=final2-$V.txt
   echo "## round $r $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg) stat $(head -1 /proc/stat)" >> $O
   java $X -Dkerasj.fixtures=/work/main/compat-tests/src/test/resources/fixtures -Dkerasj.bench.work=/work/main/jmh/target/bench-work -cp H:$jar io.kerasj.jmh.M 8 transformer:1:128 transformer:16:128 2>/dev/null | sed "s/^/$name\t/" >> $O
   java $X -Dkerasj.fixtures=/work/main/compat-tests/src/test/resources/fixtures -Dkerasj.bench.work=/work/main/jmh/target/bench-work -cp H:$jar io.kerasj.jmh.M 4 encdec:1:50 lstm:1:100 lstm512:32:100 2>/dev/null | sed "s/^/$name\t/" >> $O
  done
 done
done
echo done >> final2-done
