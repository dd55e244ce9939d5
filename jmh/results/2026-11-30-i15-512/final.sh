#!/bin/bash
# final.sh OUT ROUNDS : interleaved rounds on lstm512 b32x100, CPU time (Bench: thread CPU of the
# caller and process CPU per call; ort_cpu.py: process CPU per call), 1 and 2 threads:
# ORT, kerasj base (main ce409c3) and new (this branch), Vector API and scalar paths, JDK 17;
# the Vector API path of base and new again on Temurin 25.
OUT=$1
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
C=/tmp/i512/peers/lstm512.keras:32:100:128
for r in $(seq $2); do
  for th in 1 2; do
    ORT_THREADS=$th /work/scratch/peers-venv/bin/python /tmp/i512/ort_cpu.py /tmp/i512/peers/onnx lstm512:32:100:128 2>&1 | grep "^ort" | sed "s/^/r$r t$th /" >> $OUT
    for j in base new; do for path in vector scalar; do
      if [ $path = vector ]; then VF=--add-modules=jdk.incubator.vector; else VF=; fi
      java $VF -Dkerasj.threads=$th -Drounds=3 -cp /tmp/i512/jmh-$j.jar:/tmp/i512/cls Bench $C 2>&1 | grep "us " | sed "s/^/r$r t$th $j $path jdk17 /" >> $OUT
    done; done
    for j in base new; do
      $J25 --add-modules=jdk.incubator.vector -Dkerasj.threads=$th -Drounds=3 -cp /tmp/i512/jmh-$j.jar:/tmp/i512/cls Bench $C 2>&1 | grep "us " | sed "s/^/r$r t$th $j vector jdk25 /" >> $OUT
    done
  done
done
echo DONE >> $OUT
