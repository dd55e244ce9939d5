#!/bin/bash
# full.sh OUT JAR... : interleaved rounds of ORT (1 thread) and kerasj (threads=1) both paths per jar
OUT=$1; shift
CASES="ln_rnn:1:100:1 gru:1:100:1 lstm:1:100:1 lstm:1:1000:1 lstm:32:100:1 /tmp/i15/peers/lstm512.keras:32:100:128 conv:1"
for r in $(seq ${ROUNDS:-2}); do
  ORT_THREADS=1 /work/scratch/peers-venv/bin/python /work/wt/i15-lstm/jmh/results/2026-11-30-cpu-time/ort_cpu.py /tmp/i15/peers/onnx lstm:1:100:1 lstm:1:1000:1 lstm:32:100:1 lstm512:32:100:128 2>&1 | grep "^ort" | sed "s/^/r$r /" >> $OUT
  for j in "$@"; do for path in scalar vector; do
    if [ $path = vector ]; then VF=--add-modules=jdk.incubator.vector; else VF=; fi
    java $VF -Dkerasj.threads=1 -Drounds=3 -cp /tmp/kerasj-$j.jar:/tmp/i15/cls Bench $CASES 2>&1 | grep "us " | sed "s/^/r$r $j $path /" >> $OUT
  done; done
done
echo DONE >> $OUT
