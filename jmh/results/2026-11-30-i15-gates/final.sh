#!/bin/bash
# final.sh OUT : interleaved rounds of ORT (1 thread), base and head jars on both kernel paths (threads=1)
OUT=$1
CASES="lstm:1:100:1 lstm:1:1000:1 lstm:32:100:1 /tmp/i15g/peers/lstm512.keras:32:100:128"
for r in $(seq ${ROUNDS:-3}); do
  ORT_THREADS=1 /work/scratch/peers-venv/bin/python "$(dirname "$0")/../2026-11-30-cpu-time/ort_cpu.py" /tmp/i15g/peers/onnx lstm:1:100:1 lstm:1:1000:1 lstm:32:100:1 lstm512:32:100:128 2>&1 | grep "^ort" | sed "s/^/r$r /" >> $OUT
  for j in base head; do for path in vector scalar; do
    if [ $path = vector ]; then VF=--add-modules=jdk.incubator.vector; else VF=; fi
    java $VF -Dfixtures=/work/wt/i15-gates/compat-tests/src/test/resources/fixtures -Dkerasj.threads=1 -Drounds=3 -cp /tmp/i15g/kerasj-$j.jar:/tmp/i15g/cls Bench $CASES 2>&1 | grep "us " | sed "s/^/r$r $j $path /" >> $OUT
  done; done
done
echo DONE >> $OUT
