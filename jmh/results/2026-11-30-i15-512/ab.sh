#!/bin/bash
# ab.sh OUT THREADS VF JARS... : interleaved rounds of the given jars on lstm512 b32x100
OUT=$1; TH=$2; VF=$3; shift 3
for r in $(seq ${ROUNDS:-3}); do for j in "$@"; do
  java $VF $JOPTS -Dkerasj.threads=$TH -Drounds=3 -cp /tmp/i512/kerasj-$j.jar:/tmp/i512/cls Bench /tmp/i15g/peers/lstm512.keras:32:100:128 2>&1 | grep "us " | sed "s/^/r$r t$TH $j /;s/\/tmp\/i15g\/peers\///" >> $OUT
done; done
